/** The activity log: everything for managers, one's own codes for residents; and the live feed behind SSE. */
import { describeActivity } from '../domain/activityText.ts';
import { verifyIntervalOf } from '../domain/communitySettings.ts';
import { KeywayError } from '../domain/errors.ts';
import { type VerificationStatus, verificationStatus } from '../domain/sync/verificationCadence.ts';
import type { Executor } from '../store/database.ts';
import { type EventRow, latestEventId, listEvents, lockFleet } from '../store/repositories/activity.ts';
import { findCommunity } from '../store/repositories/communities.ts';
import type { LiveEventRow } from '../store/repositories/liveFeed.ts';
import { type IntegrationLabel, integrationLabels } from '../store/repositories/seamAccessCodes.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import type { Principal } from './principal.ts';

export interface ActivityView {
  id: number;
  type: string;
  at: Date;
  text: string;
  doorName: string | null;
  holderName: string | null;
  lockId: string | null;
}

/** Event types that are activity a person would want to read (not internal sync chatter). */
export const ACTIVITY_TYPES = [
  'lock.opened',
  'lock.code_refused',
  'lock.keypad_brute_force',
  'access_code.generated',
  'access_code.picked',
  'access_code.issued',
  'resident.moved_in',
  'resident.moved_out',
  'hub.online',
  'hub.offline',
  'lock.unmanaged_codes_found',
  'lock.drift_found',
  'lock.drift_repaired',
  'community.settings_changed',
  'guest_code.used',
  'guest_code.created',
  'guest_code.revoked',
  'staff_code.created',
  'staff_code.revealed',
  'staff_code.revoked',
  'integration_code.created',
  'integration_code.updated',
  'integration_code.deleted',
] as const;

type Labels = Map<string, IntegrationLabel>;

/** The code an event is about: keypad events name it in their data, code events are about it. */
function codeIdOf(row: EventRow): string | null {
  if (typeof row.data?.accessCodeId === 'string') return row.data.accessCodeId;
  return row.subject_type === 'access_code' ? row.subject_id : null;
}

/**
 * Keypad events know the code's slot, not whose integration it is: for integration codes the name and the
 * integration (API key) are looked up in one query, so "Property software's code “Guest 1” opened …" reads well.
 */
async function integrationLabelsFor(ex: Executor, communityId: string, rows: readonly EventRow[]): Promise<Labels> {
  const ids = rows.flatMap((row) =>
    row.type === 'lock.opened' || row.type === 'guest_code.used' ? (codeIdOf(row) ?? []) : [],
  );
  return integrationLabels(ex, communityId, [...new Set(ids)]);
}

function view(row: EventRow, timeZone: string, labels: Labels): ActivityView {
  const at = new Date(row.created_at);
  const codeId = codeIdOf(row);
  const label = codeId ? labels.get(codeId) : undefined;
  const data = label
    ? { ...row.data, codeKind: 'integration', integration: label.integration, codeName: label.name }
    : (row.data ?? {});
  return {
    id: Number(row.id),
    type: row.type,
    at,
    text: describeActivity({ type: row.type, at, data }, timeZone),
    doorName: typeof data.doorName === 'string' ? data.doorName : null,
    holderName:
      typeof data.holderName === 'string'
        ? data.holderName
        : typeof data.guestName === 'string'
          ? data.guestName
          : null,
    lockId: typeof data.lockId === 'string' ? data.lockId : null,
  };
}

export interface ActivityQuery {
  types?: string[];
  lockId?: string;
  beforeId?: number;
  limit?: number;
}

export async function listActivity(
  deps: Pick<ServiceDeps, 'db'>,
  principal: Principal,
  query: ActivityQuery,
  scope: 'community' | 'mine',
): Promise<ActivityView[]> {
  if (scope === 'community') authorize(principal, 'residents.list');
  if (scope === 'mine' && principal.kind !== 'person')
    throw new KeywayError('forbidden', 'This needs a signed-in person.');
  const community = await findCommunity(deps.db, principal.communityId);
  if (!community) throw new KeywayError('not_found', 'Community not found.');
  const rows = await listEvents(deps.db, {
    communityId: community.id,
    ...(scope === 'mine' && principal.kind === 'person' ? { personId: principal.personId } : {}),
    types: query.types && query.types.length > 0 ? query.types : ACTIVITY_TYPES,
    ...(query.lockId ? { lockId: query.lockId } : {}),
    ...(query.beforeId ? { beforeId: query.beforeId } : {}),
    limit: Math.min(query.limit ?? 50, 200),
  });
  const labels = await integrationLabelsFor(deps.db, community.id, rows);
  return rows.map((row) => view(row, community.timeZone, labels));
}

/** Changes since `afterId` that concern this person: what the live feed pushes. */
export async function personEventsSince(
  deps: Pick<ServiceDeps, 'db'>,
  principal: Principal,
  afterId: number,
): Promise<{ lastId: number; events: ActivityView[] }> {
  if (principal.kind !== 'person') throw new KeywayError('forbidden', 'This needs a signed-in person.');
  const community = await findCommunity(deps.db, principal.communityId);
  if (!community) throw new KeywayError('not_found', 'Community not found.');
  const latest = await latestEventId(deps.db, community.id);
  if (latest <= afterId) return { lastId: afterId, events: [] };
  const window = { communityId: community.id, afterId, beforeId: latest + 1, limit: 500 };
  const rows = (await listEvents(deps.db, { ...window, personId: principal.personId })).filter((r) =>
    (ACTIVITY_TYPES as readonly string[]).includes(r.type),
  );
  const labels = await integrationLabelsFor(deps.db, community.id, rows);
  return { lastId: latest, events: rows.map((r) => view(r, community.timeZone, labels)) };
}

/**
 * Whether an event concerns this person: the same rule as `listEvents`' person filter (their codes, their
 * guests' codes, what they did), decided in memory from the columns the live feed's one query brings.
 */
export function eventConcerns(row: LiveEventRow, personId: string): boolean {
  const data = row.data ?? {};
  return (
    data.holderId === personId ||
    data.ownerId === personId ||
    row.actor_id === personId ||
    row.subject_id === personId ||
    row.code_holder_id === personId ||
    row.code_owner_id === personId
  );
}

export function isActivity(row: { type: string }): boolean {
  return (ACTIVITY_TYPES as readonly string[]).includes(row.type);
}

/** Activity entries of the live feed's new events, labelled with one query per community that needs it. */
export async function presentLiveEvents(
  deps: Pick<ServiceDeps, 'db'>,
  rows: readonly LiveEventRow[],
): Promise<Map<number, ActivityView>> {
  const views = new Map<number, ActivityView>();
  const byCommunity = new Map<string, LiveEventRow[]>();
  for (const row of rows.filter(isActivity)) {
    const list = byCommunity.get(row.community_id) ?? [];
    list.push(row);
    byCommunity.set(row.community_id, list);
  }
  for (const [communityId, communityRows] of byCommunity) {
    const labels = await integrationLabelsFor(deps.db, communityId, communityRows);
    for (const row of communityRows) views.set(row.id, view(row, row.time_zone, labels));
  }
  return views;
}

export async function currentEventId(deps: Pick<ServiceDeps, 'db'>, principal: Principal): Promise<number> {
  return latestEventId(deps.db, principal.communityId);
}

export interface FleetView {
  lockId: string;
  name: string;
  kind: string;
  connectivity: 'hub' | 'bluetooth' | 'seam';
  hubId: string | null;
  hubName: string | null;
  online: boolean;
  reachable: boolean;
  battery: number | null;
  slotCount: number;
  activeCodes: number;
  pendingChanges: number;
  failedChanges: number;
  causes: string[];
  unmanagedSlots: number[];
  inventoryAt: Date | null;
  /** When the lock last proved what it holds (a full read with codes); null: never, or it cannot. */
  verifiedAt: Date | null;
  verification: VerificationStatus;
  /** Time from sending a command to the lock's confirmation, over its last 100 commands (hub locks). */
  syncLatencyMs: { p50: number; p95: number } | null;
}

export async function listLockFleet(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  principal: Principal,
): Promise<FleetView[]> {
  authorize(principal, 'residents.list');
  const rows = await lockFleet(deps.db, principal.communityId);
  const now = deps.clock.now();
  return rows.map((r) => ({
    lockId: r.lock_id,
    name: r.name,
    kind: r.kind,
    connectivity: r.connectivity,
    hubId: r.hub_id,
    hubName: r.hub_name,
    // A Seam lock is online when its device is (the poll keeps `reachable`); Bluetooth locks have no link to lose.
    online:
      r.connectivity === 'bluetooth' ? true : r.connectivity === 'seam' ? Boolean(r.reachable) : Boolean(r.hub_online),
    reachable: Boolean(r.reachable),
    battery: r.battery === null ? null : Number(r.battery),
    slotCount: Number(r.slot_count),
    activeCodes: Number(r.codes),
    pendingChanges: Number(r.pending),
    failedChanges: Number(r.failed),
    causes: r.failure_reasons ?? [],
    unmanagedSlots: (r.unmanaged_slots ?? []).map(Number),
    inventoryAt: r.inventory_at ? new Date(r.inventory_at) : null,
    verifiedAt: r.verified_at ? new Date(r.verified_at) : null,
    verification: verificationStatus({
      readableCodes: Boolean(r.readable_codes),
      verifiedAt: r.verified_at ? new Date(r.verified_at) : null,
      now,
      intervalMinutes: verifyIntervalOf({ verifyIntervalMinutes: r.verify_interval_minutes ?? undefined }),
    }),
    syncLatencyMs:
      r.latency_p50_ms === null
        ? null
        : { p50: Math.round(Number(r.latency_p50_ms)), p95: Math.round(Number(r.latency_p95_ms)) },
  }));
}
