/** Residents' access cards (access_codes of kind 'resident') and the doors behind each card. */
import { and, eq, sql } from 'drizzle-orm';
import type { AccessPointKind, CardScope } from '../../domain/accessCards.ts';
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
 * The doors a card opens: for Home, the unit doors of every unit the holder lives in on `today`; for
 * Community, every community door and amenity. Doors without a lock are left out (nothing to hold a code).
 */
const opensDoor = (today: string) => sql`
  ap.community_id = ac.community_id and (
    (ac.scope = 'home' and ap.kind = 'unit_door' and ap.unit_id in (
       select r.unit_id from residencies r
       where r.person_id = ac.holder_id and r.move_in <= ${today}::date and (r.move_out is null or r.move_out >= ${today}::date)))
    or (ac.scope = 'community' and ap.kind in ('community_door', 'amenity')))`;

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

/** All of a person's active cards with their doors, in one query (the hot path of the resident app). */
export async function cardsOfHolder(
  ex: Executor,
  holderId: string,
  today: string,
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
    left join (access_points ap join locks l on l.access_point_id = ap.id) on ${opensDoor(today)}
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
    .for('update');
  return rows.length > 0;
}

/** Locks behind a card that the holder has not got yet as a card (for issuing new cards). */
export async function locksInScope(
  ex: Executor,
  communityId: string,
  holderId: string,
  scope: CardScope,
  today: string,
) {
  const rows = await queryRows<{ lock_id: string; code_lengths: number[] }>(
    ex,
    sql`
    select l.id as lock_id, l.code_lengths
    from (select ${communityId}::uuid as community_id, ${holderId}::uuid as holder_id, ${scope}::text as scope) ac
    join access_points ap on ${opensDoor(today)}
    join locks l on l.access_point_id = ap.id`,
  );
  return rows.map((r) => ({ lockId: r.lock_id, codeLengths: r.code_lengths.map(Number) }));
}
