/**
 * A manager registers the community's hubs. Each hub gets its own MQTT username and a password shown once
 * (only its scrypt hash is kept) and the exact command line that starts the hub agent. The broker does not
 * check these credentials yet (that arrives with the next issue); the hub already uses them.
 */
import { randomBytes } from 'node:crypto';
import { KeywayError } from '../domain/errors.ts';
import { hashPassword } from '../security/passwords.ts';
import { countLocksOfHub } from '../store/repositories/devices.ts';
import { recordEvent } from '../store/repositories/events.ts';
import {
  deleteHub,
  discoveriesOf,
  findHub,
  type HubRow,
  insertProvisionedHub,
  listHubRows,
  locksOnHubs,
  updateHub,
} from '../store/repositories/hubs.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'publicUrl' | 'hubMqttUrl'>;

/** The embedded broker as hubs reach it: its port on the host people reach Keyway at. */
export function brokerOnPublicHost(publicUrl: string, brokerUrl: string): string {
  const port = new URL(brokerUrl).port || '1883';
  return `mqtt://${new URL(publicUrl).hostname}:${port}`;
}

export interface HubCredentials {
  mqttUrl: string;
  username: string;
  password: string;
}

export interface IssuedHub {
  hub: HubRow;
  credentials: HubCredentials;
  command: string;
}

function brokerUrl(deps: Pick<Deps, 'publicUrl' | 'hubMqttUrl'>): string {
  return deps.hubMqttUrl ?? `mqtt://${new URL(deps.publicUrl).hostname}:1883`;
}

/** The broker URL with the hub's username and password in it (MQTT.js reads them from the URL). */
export function urlWithCredentials(url: string, username: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(username);
  parsed.password = encodeURIComponent(password);
  return parsed.toString().replace(/\/$/, '');
}

export function hubCommandLine(mqttUrl: string, hubId: string, addresses: readonly string[]): string {
  const locks = addresses.length > 0 ? addresses.join(',') : '<lock-address>';
  return `MQTT_URL='${mqttUrl}' HUB_ID=${hubId} HUB_DRIVER=simulated HUB_LOCKS=${locks} npm run hub`;
}

async function issue(deps: Deps, hubId: string, addresses: readonly string[]) {
  const username = `hub-${hubId.slice(0, 8)}`;
  const password = randomBytes(24).toString('base64url');
  const mqttUrl = urlWithCredentials(brokerUrl(deps), username, password);
  return {
    username,
    passwordHash: await hashPassword(password),
    credentials: { mqttUrl, username, password },
    command: hubCommandLine(mqttUrl, hubId, addresses),
  };
}

export async function createHub(deps: Deps, principal: Principal, props: { name: string }): Promise<IssuedHub> {
  authorize(principal, 'property.manage');
  const id = deps.random.uuid();
  const at = deps.clock.now();
  const name = props.name.trim();
  const issued = await issue(deps, id, []);
  await deps.db.transaction(async (tx) => {
    await insertProvisionedHub(tx, {
      id,
      communityId: principal.communityId,
      name,
      mqttUsername: issued.username,
      mqttPasswordHash: issued.passwordHash,
      createdAt: at,
    });
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'hub.registered',
      actor: actorOf(principal),
      subject: { type: 'hub', id },
      data: { hubId: id, hubName: name, username: issued.username },
      at,
    });
  });
  return {
    hub: { id, name, online: false, lastSeenAt: null, mqttUsername: issued.username, credentialsIssuedAt: at },
    credentials: issued.credentials,
    command: issued.command,
  };
}

/** New credentials for a hub (the old password stops being the hub's); shown once, like the first. */
export async function rotateHubCredentials(deps: Deps, principal: Principal, id: string): Promise<IssuedHub> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const hub = await findHub(tx, principal.communityId, id);
    if (!hub) throw new KeywayError('not_found', 'No such hub.');
    const addresses = (await locksOnHubs(tx, principal.communityId))
      .filter((l) => l.hubId === id && l.address !== null)
      .map((l) => l.address as string);
    const issued = await issue(deps, id, addresses);
    await updateHub(tx, principal.communityId, id, {
      mqttUsername: issued.username,
      mqttPasswordHash: issued.passwordHash,
      credentialsIssuedAt: at,
    });
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'hub.credentials_rotated',
      actor: actorOf(principal),
      subject: { type: 'hub', id },
      data: { hubId: id, hubName: hub.name, username: issued.username },
      at,
    });
    return {
      hub: { ...hub, mqttUsername: issued.username, credentialsIssuedAt: at },
      credentials: issued.credentials,
      command: issued.command,
    };
  });
}

export async function renameHub(
  deps: Pick<Deps, 'db' | 'clock'>,
  principal: Principal,
  id: string,
  props: { name: string },
): Promise<HubRow> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  const name = props.name.trim();
  return deps.db.transaction(async (tx) => {
    const hub = await findHub(tx, principal.communityId, id);
    if (!hub) throw new KeywayError('not_found', 'No such hub.');
    await updateHub(tx, principal.communityId, id, { name });
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'hub.renamed',
      actor: actorOf(principal),
      subject: { type: 'hub', id },
      data: { hubId: id, hubName: name, previous: hub.name },
      at,
    });
    return { ...hub, name };
  });
}

export async function removeHub(deps: Pick<Deps, 'db' | 'clock'>, principal: Principal, id: string): Promise<void> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const hub = await findHub(tx, principal.communityId, id);
    if (!hub) throw new KeywayError('not_found', 'No such hub.');
    const locks = await countLocksOfHub(tx, id);
    if (locks > 0) throw new KeywayError('conflict_state', 'Remove the locks on this hub first.', { locks });
    await deleteHub(tx, principal.communityId, id);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'hub.removed',
      actor: actorOf(principal),
      subject: { type: 'hub', id },
      data: { hubId: id, hubName: hub.name },
      at,
    });
  });
}

export interface HubOverview extends HubRow {
  locks: { lockId: string; address: string | null; doorName: string }[];
  discovered: { address: string; capabilities: Record<string, unknown>; firstSeenAt: Date; lastSeenAt: Date }[];
}

export async function listHubs(deps: Pick<Deps, 'db'>, principal: Principal): Promise<HubOverview[]> {
  authorize(principal, 'property.manage');
  const [rows, hubLocks, found] = await deps.db.transaction(async (tx) => [
    await listHubRows(tx, principal.communityId),
    await locksOnHubs(tx, principal.communityId),
    await discoveriesOf(tx, principal.communityId),
  ]);
  return rows.map((hub) => ({
    ...hub,
    locks: hubLocks
      .filter((l) => l.hubId === hub.id)
      .map(({ lockId, address, doorName }) => ({ lockId, address, doorName })),
    discovered: found
      .filter((d) => d.hubId === hub.id)
      .map(({ address, capabilities, firstSeenAt, lastSeenAt }) => ({
        address,
        capabilities,
        firstSeenAt,
        lastSeenAt,
      })),
  }));
}
