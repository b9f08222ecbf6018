/**
 * A manager registers the community's hubs. Each hub gets its own MQTT username and a password shown once
 * (only its scrypt hash is kept; the password is derived from the master key, see security/hubCredentials.ts)
 * and the exact command line that starts the hub agent. The broker lets a hub in only with these credentials and
 * only to its own topics; PINs travel sealed with a key derived from the password (kept encrypted). A hub
 * registered before sealing existed has no key, and Keyway sends it no PIN until its credentials are rotated.
 */
import { KeywayError } from '../domain/errors.ts';
import { encryptSealKey, hubMqttPassword } from '../security/hubCredentials.ts';
import { deriveHubSealKey } from '../security/hubSeal.ts';
import { hashPassword, MACHINE_SECRET_COST } from '../security/passwords.ts';
import type { Tx } from '../store/database.ts';
import { countLocksOfHub } from '../store/repositories/devices.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { setHubCredentials } from '../store/repositories/hubSecrets.ts';
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

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'publicUrl' | 'hubMqttUrl'>;

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

/**
 * Issues a hub's broker credentials as of `at` and stores them (hash and encrypted sealing key only). Also how the
 * demo's simulated hubs get theirs at start.
 */
export async function storeHubCredentials(
  tx: Tx,
  deps: Pick<Deps, 'cipher'>,
  hubId: string,
  at: Date,
  /** "hub" for hubs a manager registers; "sim" for the demo's simulated hubs (never taken for real ones). */
  kind: 'hub' | 'sim' = 'hub',
): Promise<{ username: string; password: string }> {
  const username = `${kind}-${hubId.slice(0, 8)}`;
  const password = hubMqttPassword(deps.cipher, hubId, at);
  await setHubCredentials(tx, hubId, {
    mqttUsername: username,
    mqttPasswordHash: await hashPassword(password, MACHINE_SECRET_COST),
    credentialsIssuedAt: at,
    sealKeyEnc: encryptSealKey(deps.cipher, hubId, deriveHubSealKey(password, hubId)),
  });
  return { username, password };
}

function handOut(
  deps: Deps,
  hubId: string,
  addresses: readonly string[],
  issued: { username: string; password: string },
) {
  const mqttUrl = urlWithCredentials(brokerUrl(deps), issued.username, issued.password);
  return {
    credentials: { mqttUrl, username: issued.username, password: issued.password },
    command: hubCommandLine(mqttUrl, hubId, addresses),
  };
}

export async function createHub(deps: Deps, principal: Principal, props: { name: string }): Promise<IssuedHub> {
  authorize(principal, 'property.manage');
  const id = deps.random.uuid();
  const at = deps.clock.now();
  const name = props.name.trim();
  const issued = await deps.db.transaction(async (tx) => {
    const username = `hub-${id.slice(0, 8)}`;
    await insertProvisionedHub(tx, {
      id,
      communityId: principal.communityId,
      name,
      mqttUsername: username,
      mqttPasswordHash: '!',
      createdAt: at,
    });
    const stored = await storeHubCredentials(tx, deps, id, at);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'hub.registered',
      actor: actorOf(principal),
      subject: { type: 'hub', id },
      data: { hubId: id, hubName: name, username },
      at,
    });
    return stored;
  });
  return {
    hub: { id, name, online: false, lastSeenAt: null, mqttUsername: issued.username, credentialsIssuedAt: at },
    ...handOut(deps, id, [], issued),
  };
}

/** New credentials for a hub (the old password stops being the hub's); shown once, like the first. */
export async function rotateHubCredentials(deps: Deps, principal: Principal, id: string): Promise<IssuedHub> {
  authorize(principal, 'property.manage');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const hub = await findHub(tx, principal.communityId, id);
    if (!hub) throw new KeywayError('not_found', 'No such hub.');
    // The password is derived from the issue time: a later time than the last issue, or it would come out the same.
    const previous = hub.credentialsIssuedAt?.getTime() ?? 0;
    const at = now.getTime() > previous ? now : new Date(previous + 1);
    const addresses = (await locksOnHubs(tx, principal.communityId))
      .filter((l) => l.hubId === id && l.address !== null)
      .map((l) => l.address as string);
    const issued = await storeHubCredentials(tx, deps, id, at);
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
      ...handOut(deps, id, addresses, issued),
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
