/**
 * A community's webhook endpoints, the same rows whether made through the Seam-compatible `/webhooks/*` or the
 * console: register (URL checked by the SSRF guard, a new signing secret stored encrypted), list, change the event
 * types, delete, enable again after the dispatcher disabled it, and see recent deliveries with every attempt.
 * Managers and API keys; another community's endpoint is not found, like an unknown one.
 */
import { KeywayError } from '../../domain/errors.ts';
import { checkWebhookUrl } from '../../events/webhooks/addressGuard.ts';
import { newWebhookSecret, webhookSecretBinding } from '../../events/webhooks/signing.ts';
import type { Tx } from '../../store/database.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import {
  type DeliveryListRow,
  deleteWebhookEndpoint as deleteEndpointRow,
  enableWebhookEndpoint as enableEndpointRow,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints as listEndpointRows,
  setWebhookEventTypes,
  type WebhookEndpointListRow,
} from '../../store/repositories/webhooks.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import { actorOf, type Principal } from '../principal.ts';

export interface WebhookEndpointView {
  id: string;
  url: string;
  /** Null: every event type. */
  eventTypes: string[] | null;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
  createdBy: { kind: 'person' | 'api_key'; name: string } | null;
  pendingDeliveries: number;
  failedDeliveries: number;
  /** The signing secret: only where the caller asked for it (Seam's API shows it; the console only once). */
  secret?: string;
}

export const MAX_EVENT_TYPES = 100;
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/** Absent, null or `['*']` (Seam's "all") mean every type; otherwise distinct, well-formed type names. */
export function normalizeEventTypes(eventTypes: readonly string[] | null | undefined): string[] | null {
  if (eventTypes === undefined || eventTypes === null) return null;
  if (eventTypes.includes('*')) return null;
  const distinct = [...new Set(eventTypes.map((t) => t.trim()))];
  if (distinct.length > MAX_EVENT_TYPES)
    throw new KeywayError('invalid_request', `At most ${MAX_EVENT_TYPES} event types.`, { field: 'event_types' });
  for (const type of distinct)
    if (!EVENT_TYPE.test(type))
      throw new KeywayError('invalid_request', `“${type}” is not an event type (e.g. access_code.set_on_device).`, {
        field: 'event_types',
      });
  return distinct;
}

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'webhooks'>;

function notFound(): KeywayError {
  return new KeywayError('not_found', 'Webhook not found.', { resource: 'webhook' });
}

function view(row: WebhookEndpointListRow, secret?: string): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes,
    status: row.status,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    failingSince: row.failingSince,
    createdAt: row.createdAt,
    createdBy:
      row.createdByName === null
        ? null
        : { kind: row.createdByApiKeyId ? 'api_key' : 'person', name: row.createdByName },
    pendingDeliveries: row.pendingDeliveries,
    failedDeliveries: row.failedDeliveries,
    ...(secret === undefined ? {} : { secret }),
  };
}

async function mustFind(tx: Pick<Deps, 'db'>['db'] | Tx, principal: Principal, id: string) {
  if (!UUID.test(id)) throw notFound();
  const row = await findWebhookEndpoint(tx, principal.communityId, id);
  if (!row) throw notFound();
  return row;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createWebhookEndpoint(
  deps: Deps,
  principal: Principal,
  props: { url: string; eventTypes?: readonly string[] | null | undefined },
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  authorize(principal, 'property.manage');
  const url = props.url.trim();
  const eventTypes = normalizeEventTypes(props.eventTypes);
  // DNS happens here, before the transaction: no connection is held while a name resolves.
  const target = await checkWebhookUrl(url, deps.webhooks ?? { allowPrivateUrls: false });
  const id = deps.random.uuid();
  const secret = newWebhookSecret();
  const at = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    await insertWebhookEndpoint(tx, {
      id,
      communityId: principal.communityId,
      url,
      secretEnc: deps.cipher.encrypt(secret, webhookSecretBinding(id)),
      eventTypes,
      status: 'enabled',
      createdByApiKeyId: principal.kind === 'api_key' ? principal.apiKeyId : null,
      createdByPersonId: principal.kind === 'person' ? principal.personId : null,
      createdAt: at,
    });
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'webhook.created',
      actor: actorOf(principal),
      subject: { type: 'webhook', id },
      // The host only: some receivers carry a token in the URL's path or query.
      data: { host: target.url.host, eventTypes },
      at,
    });
    return mustFind(tx, principal, id);
  });
  return { endpoint: view(row), secret };
}

export async function listWebhookEndpoints(
  deps: Pick<Deps, 'db' | 'cipher'>,
  principal: Principal,
  options: { withSecrets?: boolean } = {},
): Promise<WebhookEndpointView[]> {
  authorize(principal, 'property.manage');
  const rows = await listEndpointRows(deps.db, principal.communityId);
  return rows.map((row) =>
    view(row, options.withSecrets ? deps.cipher.decrypt(row.secretEnc, webhookSecretBinding(row.id)) : undefined),
  );
}

export async function getWebhookEndpoint(
  deps: Pick<Deps, 'db' | 'cipher'>,
  principal: Principal,
  id: string,
  options: { withSecret?: boolean } = {},
): Promise<WebhookEndpointView> {
  authorize(principal, 'property.manage');
  const row = await mustFind(deps.db, principal, id);
  return view(row, options.withSecret ? deps.cipher.decrypt(row.secretEnc, webhookSecretBinding(row.id)) : undefined);
}

export async function updateWebhookEventTypes(
  deps: Pick<Deps, 'db' | 'clock'>,
  principal: Principal,
  id: string,
  eventTypes: readonly string[] | null,
): Promise<void> {
  authorize(principal, 'property.manage');
  const types = normalizeEventTypes(eventTypes);
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await mustFind(tx, principal, id);
    await setWebhookEventTypes(tx, id, types);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'webhook.updated',
      actor: actorOf(principal),
      subject: { type: 'webhook', id },
      data: { eventTypes: types },
      at,
    });
  });
}

export async function deleteWebhookEndpoint(
  deps: Pick<Deps, 'db' | 'clock'>,
  principal: Principal,
  id: string,
): Promise<void> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await mustFind(tx, principal, id);
    await deleteEndpointRow(tx, id, at);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'webhook.deleted',
      actor: actorOf(principal),
      subject: { type: 'webhook', id },
      data: {},
      at,
    });
  });
}

/** Enabled again (after the dispatcher disabled it): what is still queued for it goes again at once. */
export async function enableWebhookEndpoint(
  deps: Pick<Deps, 'db' | 'clock'>,
  principal: Principal,
  id: string,
): Promise<WebhookEndpointView> {
  authorize(principal, 'property.manage');
  const at = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const before = await mustFind(tx, principal, id);
    if (before.status === 'enabled') return before;
    await enableEndpointRow(tx, id, at);
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'webhook.enabled',
      actor: actorOf(principal),
      subject: { type: 'webhook', id },
      data: {},
      at,
    });
    return mustFind(tx, principal, id);
  });
  return view(row);
}

export const RECENT_DELIVERIES = 50;

export async function listWebhookDeliveries(
  deps: Pick<Deps, 'db'>,
  principal: Principal,
  id: string,
): Promise<DeliveryListRow[]> {
  authorize(principal, 'property.manage');
  await mustFind(deps.db, principal, id);
  return listDeliveries(deps.db, principal.communityId, id, RECENT_DELIVERIES);
}
