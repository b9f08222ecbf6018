/** Residents' access cards (access_codes of kind 'resident') and the doors behind each card. */
import { and, eq, sql } from 'drizzle-orm';
import type { AccessPointKind, CardScope } from '../../domain/accessCards.ts';
import type { LeaseState } from '../../domain/lease/leaseInstants.ts';
import type { Executor } from '../database.ts';
import { queryRows, queryRowsPrepared } from '../rawQuery.ts';
import { accessCodes } from '../schema.ts';

export interface CardRow {
  id: string;
  communityId: string;
  holderId: string;
  scope: CardScope;
  origin: 'generated' | 'custom';
  pinEnc: string;
  previousPinEnc: string | null;
  version: number;
}

export interface CardDoorRow {
  accessPointId: string;
  name: string;
  kind: AccessPointKind;
  lockId: string;
  connectivity: 'hub' | 'bluetooth';
  codeLengths: number[];
  /** Null when no sync state exists yet for this card on this lock. */
  state: 'pending' | 'active' | 'failed' | 'removing' | 'removed' | null;
  reason: string | null;
}

export interface CardWithDoors extends CardRow {
  doors: CardDoorRow[];
}

/**
 * The doors a card opens while a lease is in one of `states` (default: `current`, the lease sweep moves
 * residencies between states at their instants): for Home, the unit doors of those residencies' units; for
 * Community, every community door and amenity as long as the holder has such a residency in the community.
 * Doors without a lock are left out (nothing to hold a code).
 */
const opensDoor = (states: readonly LeaseState[] = ['current']) => {
  const stateList = sql.join(
    states.map((s) => sql`${s}`),
    sql`, `,
  );
  return sql`
  ap.community_id = ac.community_id and (
    (ac.scope = 'home' and ap.kind = 'unit_door' and ap.unit_id in (
       select r.unit_id from residencies r
       where r.person_id = ac.holder_id and r.access_state in (${stateList})))
    or (ac.scope = 'community' and ap.kind in ('community_door', 'amenity') and exists (
       select 1 from residencies r
       where r.person_id = ac.holder_id and r.community_id = ac.community_id and r.access_state in (${stateList}))))`;
};

interface CardDoorSqlRow extends Record<string, unknown> {
  id: string;
  community_id: string;
  holder_id: string;
  scope: CardScope;
  origin: 'generated' | 'custom';
  pin_enc: string;
  previous_pin_enc: string | null;
  version: number;
  access_point_id: string | null;
  name: string | null;
  kind: AccessPointKind | null;
  lock_id: string | null;
  connectivity: 'hub' | 'bluetooth' | null;
  code_lengths: number[] | null;
  state: CardDoorRow['state'];
  reason: string | null;
}

/**
 * All of a person's active cards with their doors, in one query (the hot path of the resident app). Doors
 * are those of current leases; `_today` is kept for callers' sake (leases carry their state now).
 */
export async function cardsOfHolder(
  ex: Executor,
  holderId: string,
  _today: string,
  cardId?: string,
): Promise<CardWithDoors[]> {
  const rows = await queryRowsPrepared<CardDoorSqlRow>(
    ex,
    cardId === undefined ? 'cards_of_holder' : 'card_of_holder',
    sql`
    select ac.id, ac.community_id, ac.holder_id, ac.scope, ac.origin, ac.pin_enc, ac.previous_pin_enc, ac.version,
           ap.id as access_point_id, ap.name, ap.kind, l.id as lock_id, l.connectivity, l.code_lengths,
           lc.state, lc.reason
    from access_codes ac
    left join (access_points ap join locks l on l.access_point_id = ap.id and l.retiring_since is null) on ${opensDoor()}
    left join lock_codes lc on lc.access_code_id = ac.id and lc.lock_id = l.id
    where ac.holder_id = ${holderId} and ac.kind = 'resident' and ac.status = 'active'
      ${cardId === undefined ? sql`` : sql`and ac.id = ${cardId}`}
    order by case ac.scope when 'home' then 0 else 1 end,
             case ap.kind when 'unit_door' then 0 when 'community_door' then 1 else 2 end, ap.name`,
  );
  const cards = new Map<string, CardWithDoors>();
  for (const row of rows) {
    let card = cards.get(row.id);
    if (!card) {
      card = {
        id: row.id,
        communityId: row.community_id,
        holderId: row.holder_id,
        scope: row.scope,
        origin: row.origin,
        pinEnc: row.pin_enc,
        previousPinEnc: row.previous_pin_enc,
        version: Number(row.version),
        doors: [],
      };
      cards.set(row.id, card);
    }
    if (row.access_point_id && row.lock_id && row.name && row.kind && row.connectivity && row.code_lengths) {
      card.doors.push({
        accessPointId: row.access_point_id,
        name: row.name,
        kind: row.kind,
        lockId: row.lock_id,
        connectivity: row.connectivity,
        codeLengths: row.code_lengths.map(Number),
        state: row.state,
        reason: row.reason,
      });
    }
  }
  return [...cards.values()];
}

/** Locks the card row until the transaction ends: changes to one card apply one after another. */
export async function lockCard(ex: Executor, cardId: string, holderId: string): Promise<boolean> {
  const rows = await ex
    .select({ id: accessCodes.id })
    .from(accessCodes)
    .where(
      and(
        eq(accessCodes.id, cardId),
        eq(accessCodes.holderId, holderId),
        eq(accessCodes.kind, 'resident'),
        eq(accessCodes.status, 'active'),
      ),
    )
    // `no key update`: the foreign keys of lock_codes and lock_commands rows a reconcile pass writes for this card
    // take a key-share lock on it; a plain `for update` made the pass wait for the change (a deadlock cycle
    // through the locks' code spaces, seen with two processes).
    .for('no key update');
  return rows.length > 0;
}

/**
 * Locks behind a card of `scope` for the holder's leases in `states` (default: current leases, where the
 * card's code belongs on the lock; issuing also checks upcoming ones so the code is free there too).
 */
export async function locksInScope(
  ex: Executor,
  communityId: string,
  holderId: string,
  scope: CardScope,
  states: readonly LeaseState[] = ['current'],
) {
  const rows = await queryRows<{ lock_id: string; code_lengths: number[] }>(
    ex,
    sql`
    select l.id as lock_id, l.code_lengths
    from (select ${communityId}::uuid as community_id, ${holderId}::uuid as holder_id, ${scope}::text as scope) ac
    join access_points ap on ${opensDoor(states)}
    join locks l on l.access_point_id = ap.id and l.retiring_since is null`,
  );
  return rows.map((r) => ({ lockId: r.lock_id, codeLengths: r.code_lengths.map(Number) }));
}

/**
 * Active resident cards whose code belongs behind this door under current leases (a lock just put on the
 * door must carry them), with the version the lock should hold.
 */
export async function cardsOpeningDoor(
  ex: Executor,
  accessPointId: string,
): Promise<{ accessCodeId: string; communityId: string; version: number }[]> {
  const rows = await queryRows<{ id: string; community_id: string; version: number }>(
    ex,
    sql`select ac.id, ac.community_id, ac.version
        from access_codes ac join access_points ap on ap.id = ${accessPointId} and ${opensDoor()}
        where ac.kind = 'resident' and ac.status = 'active'`,
  );
  return rows.map((r) => ({ accessCodeId: r.id, communityId: r.community_id, version: Number(r.version) }));
}
