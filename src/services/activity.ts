/** The activity log: everything for managers, one's own codes for residents; and the live feed behind SSE. */
import { type ActivityActor, describeActivity } from '../domain/activityText.ts';
import { verifyIntervalOf } from '../domain/communitySettings.ts';
import { KeywayError } from '../domain/errors.ts';
import { type VerificationStatus, verificationStatus } from '../domain/sync/verificationCadence.ts';
import type { Executor } from '../store/database.ts';
import { type EventRow, latestEventId, listEvents, lockFleet } from '../store/repositories/activity.ts';
import { type ActivityNames, activityNames } from '../store/repositories/activityNames.ts';
import { findCommunity } from '../store/repositories/communities.ts';
import type { LiveEventRow } from '../store/repositories/liveFeed.ts';
import { type IntegrationLabel, integrationLabels } from '../store/repositories/seamAccessCodes.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import type { Principal } from './principal.ts';

/** What an entry says, and who is in it, as one reader (or everyone) reads it. */
export interface ActivityWords {
  text: string;
  /** Who acted: a person, an API key, Keyway; for a keypad event the code's holder (or the guest). */
  who: string | null;
  /** The resident a guest code belongs to, when someone else is the "who". */
  onBehalfOf: string | null;
}

export interface ActivityView extends ActivityWords {
  id: number;
  type: string;
  at: Date;
  doorName: string | null;
  holderName: string | null;
  lockId: string | null;
  /** The same entry as each person it is about reads it ("Your code opened …"), by person id. */
  forReader: Record<string, ActivityWords>;
}

/** The entry as `readerId` reads it: their own words when the entry is about them. */
export function wordsFor(view: ActivityView, readerId: string | null | undefined): ActivityWords {
  const own = readerId ? view.forReader[readerId] : undefined;
  return own ?? { text: view.text, who: view.who, onBehalfOf: view.onBehalfOf };
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

const KEYPAD = new Set(['lock.opened', 'lock.code_refused', 'guest_code.used']);
const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The people and API keys an event names by id only, named in one query per page. */
async function namesFor(ex: Executor, communityId: string, rows: readonly EventRow[]): Promise<ActivityNames> {
  const people: string[] = [];
  const apiKeys: string[] = [];
  for (const row of rows) {
    if (row.actor_id && row.actor_type === 'person') people.push(row.actor_id);
    if (row.actor_id && row.actor_type === 'api_key') apiKeys.push(row.actor_id);
    if (row.subject_type === 'person' && row.subject_id) people.push(row.subject_id);
    for (const key of ['ownerId', 'holderId'] as const) {
      const id = row.data?.[key];
      if (typeof id === 'string') people.push(id);
    }
  }
  return activityNames(ex, communityId, { people, apiKeys });
}

function wordsOf(
  row: EventRow,
  at: Date,
  data: Record<string, unknown>,
  actor: ActivityActor,
  readerId: string | null,
): ActivityWords {
  const you = (id: unknown) => readerId !== null && id === readerId;
  const text = describeActivity({ type: row.type, at, data, actor }, readerId);
  const guest = typeof data.guestName === 'string' ? data.guestName : null;
  const owner = you(data.ownerId) ? 'You' : (data.ownerName as string | null);
  if (KEYPAD.has(row.type)) {
    if (data.codeKind === 'integration')
      return { text, who: typeof data.integration === 'string' ? data.integration : null, onBehalfOf: null };
    if (you(data.holderId)) return { text, who: 'You', onBehalfOf: null };
    if (typeof data.holderName === 'string') return { text, who: data.holderName, onBehalfOf: null };
    return { text, who: guest, onBehalfOf: guest ? (owner ?? null) : null };
  }
  const who =
    actor.type === 'person'
      ? you(actor.id)
        ? 'You'
        : actor.name
      : actor.type === 'api_key'
        ? `API key${actor.name ? ` “${actor.name}”` : ''}`
        : 'Keyway';
  const forOwner = typeof data.ownerId === 'string' && data.ownerId !== actor.id;
  return { text, who, onBehalfOf: forOwner ? (owner ?? null) : null };
}

function view(row: EventRow, labels: Labels, names: ActivityNames): ActivityView {
  const at = new Date(row.created_at);
  const codeId = codeIdOf(row);
  const label = codeId ? labels.get(codeId) : undefined;
  const base = row.data ?? {};
  const nameOf = (id: unknown) => (typeof id === 'string' ? (names.people.get(id) ?? null) : null);
  const data: Record<string, unknown> = {
    ...base,
    ...(label ? { codeKind: 'integration', integration: label.integration, codeName: label.name } : {}),
    ownerName: nonEmpty(base.ownerName) ?? nameOf(base.ownerId),
    holderName: nonEmpty(base.holderName) ?? nameOf(base.holderId),
    ...(row.subject_type === 'person' ? { subjectId: row.subject_id, subjectName: nameOf(row.subject_id) } : {}),
  };
  const actor: ActivityActor = {
    type: row.actor_type,
    id: row.actor_id,
    name:
      row.actor_type === 'api_key'
        ? (names.apiKeys.get(row.actor_id ?? '') ?? null)
        : row.actor_type === 'person'
          ? nameOf(row.actor_id)
          : null,
  };
  const readers = [base.holderId, base.ownerId, row.actor_type === 'person' ? row.actor_id : null, data.subjectId];
  const forReader: Record<string, ActivityWords> = {};
  for (const id of readers) if (typeof id === 'string') forReader[id] = wordsOf(row, at, data, actor, id);
  return {
    id: Number(row.id),
    type: row.type,
    at,
    ...wordsOf(row, at, data, actor, null),
    doorName: typeof data.doorName === 'string' ? data.doorName : null,
    holderName: nonEmpty(data.holderName) ?? nonEmpty(data.guestName),
    lockId: typeof data.lockId === 'string' ? data.lockId : null,
    forReader,
  };
}

/**
 * One keypad press of a delivery code is two events (the door opened; the one-time code was used): the
 * log shows the second, which says more, and drops its echo.
 */
export function withoutEchoes<R extends EventRow>(rows: readonly R[]): R[] {
  const used = new Set(
    rows
      .filter((r) => r.type === 'guest_code.used')
      .map((r) => `${r.subject_id}|${String(r.data?.lockId)}|${new Date(r.created_at).getTime()}`),
  );
  return rows.filter(
    (r) =>
      r.type !== 'lock.opened' ||
      !used.has(`${String(r.data?.accessCodeId)}|${String(r.data?.lockId)}|${new Date(r.created_at).getTime()}`),
  );
}

const ECHO_LOOKAHEAD = 20;

async function present<R extends EventRow>(ex: Executor, communityId: string, rows: readonly R[]) {
  const kept = withoutEchoes(rows);
  const labels = await integrationLabelsFor(ex, communityId, kept);
  const names = await namesFor(ex, communityId, kept);
  return kept.map((row) => ({ row, view: view(row, labels, names) }));
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
    // Read ahead: dropped echoes must not shorten the page (clients take a short page as the last one), and an
    // echo at the page's end is recognised by its pair just beyond it.
    limit: Math.min(query.limit ?? 50, 200) + ECHO_LOOKAHEAD,
  });
  const views = (await present(deps.db, community.id, rows)).slice(0, Math.min(query.limit ?? 50, 200));
  return views.map(({ view }) =>
    scope === 'mine' && principal.kind === 'person' ? ownView(view, principal.personId) : view,
  );
}

/** The entry in its reader's own words, for lists only they see. */
function ownView(view: ActivityView, readerId: string): ActivityView {
  return { ...view, ...wordsFor(view, readerId) };
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
  const views = await present(deps.db, community.id, rows);
  return { lastId: latest, events: views.map(({ view }) => ownView(view, principal.personId)) };
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
    for (const { row, view } of await present(deps.db, communityId, communityRows)) views.set(row.id, view);
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
