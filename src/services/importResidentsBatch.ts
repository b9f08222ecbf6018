/**
 * Creating many residents at once (the import's create rows): the same result as `support/addResident.ts` for
 * each — person without a password, residency with its lease instants and state, Home and Community cards with
 * generated codes on the doors of their current lease, and the events — written in a few statements per table
 * instead of a dozen queries per resident.
 *
 * Codes stay unique and prefix-safe per lock: the code spaces of every lock involved are taken (the same
 * advisory locks `issueResidentCards` takes), the fingerprints already on those locks are loaded once, and each
 * new code is checked against them and against the codes given earlier in the batch, lock by lock.
 */
import { CARD_SCOPES } from '../domain/accessCards.ts';
import { moveOutTimeOf } from '../domain/communitySettings.ts';
import { KeywayError } from '../domain/errors.ts';
import type { ImportRow } from '../domain/import/residentRows.ts';
import { leaseInstants, leasePosition } from '../domain/lease/leaseInstants.ts';
import { generatePin, type OccupiedCodes } from '../domain/pin/generator.ts';
import type { Tx } from '../store/database.ts';
import type { CommunityRow } from '../store/repositories/communities.ts';
import {
  cardLocksOfCommunity,
  fingerprintsByLock,
  insertEvents,
  insertLeases,
  insertLockRequirements,
  insertPeople,
  insertResidentCards,
  lockManyCodeSpaces,
} from '../store/repositories/imports.ts';
import type { ServiceDeps } from './deps.ts';

type Actor = { type: 'person' | 'api_key' | 'system'; id: string | null };

/** What occupies one lock, by fingerprint (no PIN decrypted), as services/occupiedCodes.ts compares them. */
class LockPrints {
  readonly full = new Set<string>();
  /** fp4 of 4-digit codes: a prefix of any code starting with them. */
  readonly short = new Set<string>();
  /** fp4 of every code: a 4-digit candidate equal to these would be a prefix. */
  readonly any = new Set<string>();
  add(p: { fp: string; fp4: string; length: number }): void {
    this.full.add(p.fp);
    this.any.add(p.fp4);
    if (p.length === 4) this.short.add(p.fp4);
  }
  takes(p: { fp: string; fp4: string; length: number }): boolean {
    return this.full.has(p.fp) || this.short.has(p.fp4) || (p.length === 4 && this.any.has(p.fp4));
  }
}

export async function createResidentsInBatch(
  tx: Tx,
  deps: Pick<ServiceDeps, 'clock' | 'random' | 'cipher' | 'sync'>,
  community: CommunityRow,
  rows: readonly { row: ImportRow; unitId: string; unitName: string }[],
  actor: Actor,
): Promise<{ personId: string; email: string; name: string }[]> {
  if (rows.length === 0) return [];
  const at = deps.clock.now();
  const moveOutTime = moveOutTimeOf(community.settings);
  const residents = rows.map(({ row, unitId, unitName }) => {
    const instants = leaseInstants({ moveIn: row.leaseStart, moveOut: row.leaseEnd }, community.timeZone, moveOutTime);
    const position = leasePosition(instants, at);
    if (position.state === 'ended') {
      throw new KeywayError('invalid_request', `Line ${row.line}: this lease is already over.`, { line: row.line });
    }
    return { row, unitId, unitName, personId: deps.random.uuid(), residencyId: deps.random.uuid(), instants, position };
  });
  await insertPeople(
    tx,
    residents.map((r) => ({
      id: r.personId,
      communityId: community.id,
      name: r.row.name,
      email: r.row.email,
      phone: r.row.phone,
      createdAt: at,
    })),
  );
  await insertLeases(
    tx,
    residents.map((r) => ({
      id: r.residencyId,
      communityId: community.id,
      personId: r.personId,
      unitId: r.unitId,
      moveIn: r.row.leaseStart,
      moveOut: r.row.leaseEnd,
      ...r.instants,
      accessState: r.position.state,
      nextBoundaryAt: r.position.nextBoundaryAt,
      createdAt: at,
    })),
  );

  // Which locks each card goes on now (current lease) and must be free on (current or upcoming).
  const { byUnit, community: communityLocks } = await cardLocksOfCommunity(tx, community.id);
  const locksOf = (unitId: string, scope: 'home' | 'community') =>
    scope === 'home' ? (byUnit.get(unitId) ?? []) : communityLocks;
  const involved = [...new Set(residents.flatMap((r) => [...locksOf(r.unitId, 'home'), ...communityLocks]))];
  await lockManyCodeSpaces(tx, involved);
  const prints = new Map(involved.map((id) => [id, new LockPrints()]));
  for (const p of await fingerprintsByLock(tx, involved)) prints.get(p.lockId)?.add(p);

  const cards: Parameters<typeof insertResidentCards>[1][number][] = [];
  const requirements: { id: string; communityId: string; accessCodeId: string; lockId: string }[] = [];
  const newEvents: Parameters<typeof insertEvents>[1][number][] = [];
  for (const r of residents) {
    for (const scope of CARD_SCOPES) {
      const id = deps.random.uuid();
      const freeOn = locksOf(r.unitId, scope).map((lockId) => prints.get(lockId) as LockPrints);
      const occupied: OccupiedCodes = {
        async conflicting(candidates) {
          const taken = new Set<string>();
          if (freeOn.length === 0) return taken;
          for (const code of candidates) {
            const p = { ...deps.cipher.fingerprints(code), length: code.length };
            if (freeOn.some((lock) => lock.takes(p))) taken.add(code);
          }
          return taken;
        },
      };
      const pin = await generatePin({ length: 4, randomInt: deps.random.int, occupied });
      const fingerprints = deps.cipher.fingerprints(pin);
      for (const lock of freeOn) lock.add({ ...fingerprints, length: pin.length });
      cards.push({
        id,
        communityId: community.id,
        holderId: r.personId,
        scope,
        pinEnc: deps.cipher.encrypt(pin, id),
        ...fingerprints,
        codeLength: pin.length,
      });
      const onNow = r.position.state === 'current' ? locksOf(r.unitId, scope) : [];
      for (const lockId of onNow) {
        requirements.push({ id: deps.random.uuid(), communityId: community.id, accessCodeId: id, lockId });
      }
      newEvents.push({
        communityId: community.id,
        type: 'access_code.issued',
        actor,
        subject: { type: 'access_code', id },
        data: { holderId: r.personId, scope, origin: 'generated', length: pin.length, version: 1, locks: onNow.length },
      });
    }
    newEvents.push({
      communityId: community.id,
      type: 'resident.moved_in',
      actor,
      subject: { type: 'person', id: r.personId },
      data: {
        unit: r.unitName,
        moveIn: r.row.leaseStart,
        moveOut: r.row.leaseEnd,
        accessState: r.position.state,
        via: 'import',
      },
    });
  }
  await insertResidentCards(tx, cards, at);
  await insertLockRequirements(tx, requirements, at);
  await insertEvents(tx, newEvents, at);
  await deps.sync.reconcileLocks([...new Set(requirements.map((r) => r.lockId))], tx);
  return residents.map((r) => ({ personId: r.personId, email: r.row.email, name: r.row.name }));
}
