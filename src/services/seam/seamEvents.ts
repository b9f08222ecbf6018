/**
 * `/events/list` and `/events/get` of the Seam-compatible API: the community's events in Seam's shapes, as projected
 * from the outbox (src/events/webhooks/projection.ts) — the same objects its webhooks deliver.
 */
import { KeywayError } from '../../domain/errors.ts';
import { listSeamEvents, type SeamEventFilter } from '../../store/repositories/seamEvents.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import type { Principal } from '../principal.ts';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './pageCursor.ts';

export interface SeamEventQuery {
  since?: Date | undefined;
  between?: readonly [Date, Date] | undefined;
  deviceIds?: readonly string[] | undefined;
  accessCodeIds?: readonly string[] | undefined;
  eventTypes?: readonly string[] | undefined;
  eventIds?: readonly string[] | undefined;
  connectedAccountId?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Newest first. A filter with an empty list (e.g. `device_ids: []`) filters nothing, as Seam reads it. */
export async function listEvents(
  deps: Pick<ServiceDeps, 'db'>,
  principal: Principal,
  query: SeamEventQuery,
): Promise<Record<string, unknown>[]> {
  authorize(principal, 'property.manage');
  if (query.since && query.between)
    throw new KeywayError('invalid_request', 'Cannot specify both since and between.', { field: 'between' });
  const list = (ids: readonly string[] | undefined) => (ids && ids.length > 0 ? ids : undefined);
  const filter: SeamEventFilter = {
    after: query.since,
    between: query.between,
    deviceIds: list(query.deviceIds),
    accessCodeIds: list(query.accessCodeIds),
    eventTypes: list(query.eventTypes),
    eventIds: list(query.eventIds),
    connectedAccountId: query.connectedAccountId,
    limit: Math.min(query.limit ?? DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT),
    offset: query.offset,
  };
  const rows = await listSeamEvents(deps.db, principal.communityId, filter);
  return rows.map((row) => row.payload);
}

/** One event by id, or the latest of a device and/or type; another community's event is not found, like an unknown one. */
export async function getEvent(
  deps: Pick<ServiceDeps, 'db'>,
  principal: Principal,
  query: { eventId?: string | undefined; deviceId?: string | undefined; eventType?: string | undefined },
): Promise<Record<string, unknown>> {
  authorize(principal, 'property.manage');
  if (!query.eventId && !query.deviceId && !query.eventType)
    throw new KeywayError('invalid_request', 'Give event_id, device_id or event_type.', { field: 'event_id' });
  const rows = await listSeamEvents(deps.db, principal.communityId, {
    eventIds: query.eventId ? [query.eventId] : undefined,
    deviceIds: query.deviceId ? [query.deviceId] : undefined,
    eventTypes: query.eventType ? [query.eventType] : undefined,
    limit: 1,
  });
  const row = rows[0];
  if (!row) throw new KeywayError('not_found', 'Event not found.', { resource: 'event' });
  return row.payload;
}
