/**
 * Move-out on a real database, without HTTP: every code of the resident and of their guests goes to
 * `removing` on every lock it is on, the lease ends today, a roommate keeps their access, and a second
 * move-out changes nothing.
 */
import { eq, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../test/support/expectKeywayError.ts';
import { type PersonPrincipal, type ServiceHarness, startServiceHarness } from '../../test/support/serviceHarness.ts';
import { accessCodes, residencies } from '../store/schema.ts';
import { createGuestCode } from './createGuestCode.ts';
import { moveOut } from './moveOut.ts';
import type { Principal } from './principal.ts';

let h: ServiceHarness;
/** Alex's roommate in unit 101. */
let casey: PersonPrincipal;
let guestIds: string[];
let firstMoveOut: Awaited<ReturnType<typeof moveOut>>;

beforeAll(async () => {
  h = await startServiceHarness();
  casey = await h.addResident({ name: 'Casey Roommate', email: 'casey@maplecourt.example', unit: '101' });
  guestIds = [
    (await createGuestCode(h.deps, h.alex, { type: 'permanent', name: 'Kid' })).id,
    (await createGuestCode(h.deps, h.alex, { type: 'delivery', name: 'Courier' })).id,
  ];
  await h.confirmOnLocks();
  h.clock.advance(60_000);
});
afterAll(() => h?.close());

/** Every credential the person holds or owns, with its sync rows. */
async function codesOf(personId: string) {
  const codes = await h.db
    .select()
    .from(accessCodes)
    .where(or(eq(accessCodes.holderId, personId), eq(accessCodes.ownerId, personId)));
  return Promise.all(codes.map(async (code) => ({ code, locks: await h.lockCodesOf(code.id) })));
}

describe('refusals, before anything moves', () => {
  it('only management may move someone out (forbidden), and only someone of its community (not_found)', async () => {
    const before = await h.snapshot();
    await expectKeywayError(moveOut(h.deps, h.blair, h.alex.personId), 'forbidden');
    await expectKeywayError(moveOut(h.deps, h.manager, '00000000-0000-4000-8000-000000000000'), 'not_found');
    const elsewhere: Principal = { ...h.manager, communityId: '00000000-0000-4000-8000-000000000001' };
    await expectKeywayError(moveOut(h.deps, elsewhere, h.alex.personId), 'not_found');
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('moving Alex out', () => {
  it("revokes Alex's cards and guest codes and asks every lock they are on to remove them", async () => {
    const alexCards = await h.cardsOf(h.alex);
    const caseyBefore = await codesOf(casey.personId);
    const blairBefore = await codesOf(h.blair.personId);
    const lockIds = await Promise.all(
      ['Unit 101 Front Door', 'Main Gate', 'Lobby', 'Pool'].map((door) => h.lockOf(door)),
    );
    h.sync.requests.length = 0;

    const result = await moveOut(h.deps, h.manager, h.alex.personId);
    firstMoveOut = result;

    const now = h.clock.now();
    expect(result).toMatchObject({ residentId: h.alex.personId, moveOut: '2026-06-15', revokedCodes: 2 });
    expect(result.removals.map((r) => [r.doorName, r.status, r.reason])).toEqual([
      ['Lobby', 'removing', 'awaiting_sync'],
      ['Main Gate', 'removing', 'awaiting_sync'],
      ['Pool', 'removing', 'awaiting_sync'],
      ['Unit 101 Front Door', 'removing', 'awaiting_sync'],
    ]);

    // Home card, Community card and both guest codes: revoked, and leaving every lock they were on.
    const codes = await codesOf(h.alex.personId);
    expect(codes.map((c) => c.code.id).sort()).toEqual([alexCards.home.id, alexCards.community.id, ...guestIds].sort());
    for (const { code, locks } of codes) {
      expect(code).toMatchObject({ status: 'revoked', revokedAt: now });
      expect(locks.length).toBeGreaterThan(0);
      for (const row of locks) {
        expect(row).toMatchObject({ intent: 'absent', state: 'removing', reason: 'awaiting_sync', updatedAt: now });
      }
    }

    // The lease ends today; the event says so; the locks were asked in the same transaction.
    const leases = await h.db.select().from(residencies).where(eq(residencies.personId, h.alex.personId));
    expect(leases.map((r) => r.moveOut)).toEqual(['2026-06-15']);
    const [event] = (await h.eventsAbout(h.alex.personId)).filter((e) => e.type === 'resident.moved_out');
    expect(event).toMatchObject({
      actorId: h.manager.personId,
      data: { moveOut: '2026-06-15', revokedCodes: 2, locks: 4 },
    });
    expect(h.sync.requests).toHaveLength(1);
    expect(h.sync.requests[0]!.inTransaction).toBe(true);
    expect([...h.sync.requests[0]!.lockIds].sort()).toEqual([...lockIds].sort());

    // The roommate and the neighbour keep everything, shared locks included.
    expect(await codesOf(casey.personId)).toEqual(caseyBefore);
    expect(await codesOf(h.blair.personId)).toEqual(blairBefore);
    expect((await h.cardsOf(casey)).home.doors.map((d) => d.name)).toEqual(['Unit 101 Front Door']);
  });

  it('a second move-out revokes nothing more and leaves every removal where it is', async () => {
    const before = await codesOf(h.alex.personId);
    h.clock.advance(60_000); // a row written again would show the new time

    const again = await moveOut(h.deps, h.manager, h.alex.personId);

    expect(again.revokedCodes).toBe(0);
    expect(again.removals).toEqual(firstMoveOut.removals);
    expect(await codesOf(h.alex.personId)).toEqual(before);
    const leases = await h.db.select().from(residencies).where(eq(residencies.personId, h.alex.personId));
    expect(leases.map((r) => r.moveOut)).toEqual(['2026-06-15']);
  });

  it('once the locks confirm, the removals read removed and a later move-out does not bring them back', async () => {
    await h.confirmOnLocks(); // stands in for the locks letting go of the codes
    const before = await codesOf(h.alex.personId);
    expect(before.flatMap((c) => c.locks).every((r) => r.state === 'removed')).toBe(true);
    h.clock.advance(60_000);

    const again = await moveOut(h.deps, h.manager, h.alex.personId);

    expect(again.removals.map((r) => r.status)).toEqual(['removed', 'removed', 'removed', 'removed']);
    expect(await codesOf(h.alex.personId)).toEqual(before);
  });
});
