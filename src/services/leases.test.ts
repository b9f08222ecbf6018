/**
 * Leases drive access, on a real database without HTTP: a move-in in the future puts nothing on the locks
 * until the lease sweep reaches the start of the move-in day; a move-out dated in advance takes every code
 * (and the guests' codes) off at the community's move-out time, ends the sessions and refuses sign-in; a
 * renewal changes nothing on the locks; PATCH-style lease changes are validated and limited to managers.
 */
import { eq, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../test/support/expectKeywayError.ts';
import { type PersonPrincipal, type ServiceHarness, startServiceHarness } from '../../test/support/serviceHarness.ts';
import { hashToken } from '../security/tokens.ts';
import { findSessionPrincipal } from '../store/repositories/principals.ts';
import { accessCodes, lockCodes, residencies, sessions } from '../store/schema.ts';
import { leaseSweep } from '../sync/leaseSweep.ts';
import { createGuestCode } from './createGuestCode.ts';
import { getMyLease } from './getMyAccess.ts';
import { listResidents } from './listResidents.ts';
import { login } from './login.ts';
import { moveIn } from './moveIn.ts';
import { moveOut } from './moveOut.ts';
import type { Principal } from './principal.ts';
import { updateLease } from './updateLease.ts';

let h: ServiceHarness;
const PASSWORD = 'keyway-demo';

beforeAll(async () => {
  // 2026-06-15 10:00 in Chicago (CDT, UTC-5).
  h = await startServiceHarness();
});
afterAll(() => h?.close());

const signIn = (email: string) =>
  login({ ...h.deps, sessionHours: 12 }, { email, password: PASSWORD, clientAddress: `test-${email}` });

async function principalOf(email: string): Promise<PersonPrincipal> {
  const { user } = await signIn(email);
  return { kind: 'person', personId: user.id, name: user.name, role: 'resident', communityId: h.communityId };
}

async function codesOf(personId: string) {
  return h.db
    .select()
    .from(accessCodes)
    .where(or(eq(accessCodes.holderId, personId), eq(accessCodes.ownerId, personId)));
}

async function wantedLocks(personId: string) {
  const codes = await codesOf(personId);
  const rows = await Promise.all(codes.map((c) => h.lockCodesOf(c.id)));
  return rows.flat().filter((r) => r.intent === 'present');
}

async function leaseOf(personId: string) {
  const [row] = await h.db.select().from(residencies).where(eq(residencies.personId, personId));
  if (!row) throw new Error('no residency');
  return row;
}

async function residentStatus(personId: string) {
  return (await listResidents(h.deps, h.manager)).find((r) => r.id === personId)?.status;
}

async function sweepAt(iso: string) {
  h.clock.set(new Date(iso));
  return leaseSweep(h.deps);
}

describe('a move-in in the future', () => {
  let dana: PersonPrincipal;

  it('issues the cards but puts nothing on any lock; the resident can sign in and sees when access starts', async () => {
    await moveIn(h.deps, h.manager, {
      name: 'Dana Future',
      email: 'dana@maplecourt.example',
      unit: '102',
      moveIn: '2026-06-20',
      password: PASSWORD,
    });
    dana = await principalOf('dana@maplecourt.example');
    expect((await codesOf(dana.personId)).map((c) => c.status)).toEqual(['active', 'active']);
    expect(await wantedLocks(dana.personId)).toEqual([]);
    expect(await leaseOf(dana.personId)).toMatchObject({
      accessState: 'upcoming',
      accessStartsAt: new Date('2026-06-20T05:00:00Z'),
      accessEndsAt: null,
      nextBoundaryAt: new Date('2026-06-20T05:00:00Z'),
    });
    expect(await getMyLease(h.deps, dana)).toMatchObject({
      state: 'upcoming',
      accessStartsAt: new Date('2026-06-20T05:00:00Z'),
    });
    // No door to share before move-in.
    await expectKeywayError(createGuestCode(h.deps, dana, { type: 'permanent', name: 'Early' }), 'invalid_request');
  });

  it('the sweep does nothing before the start of the move-in day', async () => {
    expect(await sweepAt('2026-06-20T04:59:59Z')).toEqual([]);
    expect(await wantedLocks(dana.personId)).toEqual([]);
  });

  it('at the start of the move-in day the codes go on the unit door and the community doors', async () => {
    const lockIds = await sweepAt('2026-06-20T05:00:00Z');
    const expected = await Promise.all(
      ['Unit 102 Front Door', 'Main Gate', 'Lobby', 'Pool'].map((door) => h.lockOf(door)),
    );
    expect([...lockIds].sort()).toEqual([...expected].sort());
    const rows = await wantedLocks(dana.personId);
    expect(rows.map((r) => r.lockId).sort()).toEqual([...expected].sort());
    expect(rows.every((r) => r.state === 'pending')).toBe(true);
    expect(await leaseOf(dana.personId)).toMatchObject({ accessState: 'current', nextBoundaryAt: null });
    const events = (await h.eventsAbout(dana.personId)).map((e) => e.type);
    expect(events).toContain('resident.access_started');
    // A second sweep has nothing more to do.
    expect(await sweepAt('2026-06-20T05:01:00Z')).toEqual([]);
  });
});

describe('a move-out dated in advance', () => {
  let alex: PersonPrincipal;
  let token: string;

  beforeAll(async () => {
    h.clock.set(new Date('2026-06-21T15:00:00Z'));
    await h.setSettings({ moveOutTime: '11:00' });
    alex = h.alex;
    await createGuestCode(h.deps, alex, { type: 'permanent', name: 'Sitter' });
    await h.confirmOnLocks();
    token = (await signIn('alex@maplecourt.example')).token;
  });

  it('is set through the lease change; nothing moves until the move-out time', async () => {
    const before = await wantedLocks(alex.personId);
    const view = await updateLease(h.deps, h.manager, alex.personId, { moveOut: '2026-06-30' });
    expect(view).toMatchObject({ moveOut: '2026-06-30', status: 'current' });
    expect(await leaseOf(alex.personId)).toMatchObject({
      accessState: 'current',
      accessEndsAt: new Date('2026-06-30T16:00:00Z'), // 11:00 CDT
      nextBoundaryAt: new Date('2026-06-30T16:00:00Z'),
    });
    expect(await sweepAt('2026-06-30T15:59:59Z')).toEqual([]);
    expect(await wantedLocks(alex.personId)).toEqual(before);
    // The manager's list still says current on the morning of the move-out day.
    expect(await residentStatus(alex.personId)).toBe('current');
  });

  it('at the instant every code and guest code leaves, sessions die, sign-in and guest codes are refused', async () => {
    const lockIds = await sweepAt('2026-06-30T16:00:00Z');
    expect(lockIds.length).toBeGreaterThan(0);
    const codes = await codesOf(alex.personId);
    expect(codes.length).toBe(3);
    for (const code of codes) {
      expect(code.status).toBe('revoked');
      const rows = await h.lockCodesOf(code.id);
      expect(rows.every((r) => r.intent === 'absent' && r.state === 'removing')).toBe(true);
    }
    expect(await leaseOf(alex.personId)).toMatchObject({ accessState: 'ended', nextBoundaryAt: null });
    // From the move-out time the list says moved out, the same day.
    expect(await residentStatus(alex.personId)).toBe('past');
    expect(await h.db.select().from(sessions).where(eq(sessions.personId, alex.personId))).toEqual([]);
    expect(await findSessionPrincipal(h.db, hashToken(token))).toBeUndefined();
    await expectKeywayError(signIn('alex@maplecourt.example'), 'unauthenticated');
    await expectKeywayError(signIn('alex@maplecourt.example'.replace('alex', 'nobody')), 'unauthenticated');
    await expectKeywayError(createGuestCode(h.deps, alex, { type: 'permanent', name: 'Late' }), 'residency_ended');
    const [event] = (await h.eventsAbout(alex.personId)).filter((e) => e.type === 'resident.moved_out');
    expect(event).toMatchObject({ actorType: 'system', data: { moveOut: '2026-06-30', revokedCodes: 2 } });
    // The removals view shows them.
    expect((await moveOut(h.deps, h.manager, alex.personId)).revokedCodes).toBe(0);
  });

  it('an ended lease can no longer be changed', async () => {
    await expectKeywayError(updateLease(h.deps, h.manager, alex.personId, { moveOut: '2026-12-31' }), 'conflict_state');
  });
});

describe('a renewal', () => {
  it('moves the end later: nothing changes on hub locks, Bluetooth locks get the new end with the next phone', async () => {
    h.clock.set(new Date('2026-07-01T15:00:00Z'));
    const blair = h.blair;
    await updateLease(h.deps, h.manager, blair.personId, { moveOut: '2026-07-10' });
    await h.confirmOnLocks();
    const bluetooth = await h.lockOf('Unit 102 Front Door');
    const before = await h.db.select().from(lockCodes).orderBy(lockCodes.id);
    h.sync.requests.length = 0;
    await updateLease(h.deps, h.manager, blair.personId, { moveOut: '2026-08-31' });
    const after = await h.db.select().from(lockCodes).orderBy(lockCodes.id);
    expect(after.filter((r) => r.lockId !== bluetooth)).toEqual(before.filter((r) => r.lockId !== bluetooth));
    expect(after.length).toBe(before.length);
    const blairCards = new Set((await codesOf(blair.personId)).map((c) => c.id));
    const resent = after.filter((r) => r.lockId === bluetooth && blairCards.has(r.accessCodeId));
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ state: 'pending', reportedVersion: null });
    // Dana, also in unit 102, keeps hers as it was.
    expect(after.filter((r) => r.lockId === bluetooth && !blairCards.has(r.accessCodeId))).toEqual(
      before.filter((r) => r.lockId === bluetooth && !blairCards.has(r.accessCodeId)),
    );
    expect(h.sync.requests.flatMap((r) => r.lockIds)).toEqual([bluetooth]);
    expect(await leaseOf(blair.personId)).toMatchObject({
      accessState: 'current',
      accessEndsAt: new Date('2026-08-31T16:00:00Z'),
      nextBoundaryAt: new Date('2026-08-31T16:00:00Z'),
    });
    expect(await sweepAt('2026-07-10T16:00:00Z')).toEqual([]);
    expect(await leaseOf(blair.personId)).toMatchObject({ accessState: 'current' });
  });

  it('a move-out time change moves every open lease end', async () => {
    await h.setSettings({ moveOutTime: null });
    expect(await leaseOf(h.blair.personId)).toMatchObject({ accessEndsAt: new Date('2026-09-01T05:00:00Z') });
    await h.setSettings({ moveOutTime: '11:00' });
  });
});

describe('lease changes: validation and roles', () => {
  it('refuses bad dates, started move-ins, other roles and other communities', async () => {
    const blair = h.blair.personId;
    const before = await h.snapshot();
    await expectKeywayError(updateLease(h.deps, h.manager, blair, { moveOut: '2026-06-01' }), 'invalid_request');
    await expectKeywayError(updateLease(h.deps, h.manager, blair, { moveOut: '2025-07-01' }), 'invalid_request');
    await expectKeywayError(updateLease(h.deps, h.manager, blair, { moveIn: '2026-08-01' }), 'conflict_state');
    await expectKeywayError(updateLease(h.deps, h.blair, blair, { moveOut: '2026-12-31' }), 'forbidden');
    const elsewhere: Principal = { ...h.manager, communityId: '00000000-0000-4000-8000-000000000001' };
    await expectKeywayError(updateLease(h.deps, elsewhere, blair, { moveOut: '2026-12-31' }), 'not_found');
    await expectKeywayError(
      updateLease(h.deps, h.manager, '00000000-0000-4000-8000-000000000000', { moveOut: '2026-12-31' }),
      'not_found',
    );
    expect(await h.snapshot()).toEqual(before);
  });

  it('a move-out set to today after the move-out time ends the lease now, like the button', async () => {
    h.clock.set(new Date('2026-07-02T17:00:00Z')); // 12:00 CDT, past 11:00
    const view = await updateLease(h.deps, h.manager, h.blair.personId, { moveOut: '2026-07-02' });
    expect(view.status).toBe('past');
    expect((await codesOf(h.blair.personId)).every((c) => c.status === 'revoked')).toBe(true);
    await expectKeywayError(signIn('blair@maplecourt.example'), 'unauthenticated');
  });
});

describe('the Move out button on a lease that has not started', () => {
  it('cancels it: nothing was on the locks, the cards are revoked and sign-in is refused', async () => {
    h.clock.set(new Date('2026-07-03T15:00:00Z'));
    await moveIn(h.deps, h.manager, {
      name: 'Eli Later',
      email: 'eli@maplecourt.example',
      unit: '101',
      moveIn: '2026-08-01',
      password: PASSWORD,
    });
    const eli = await principalOf('eli@maplecourt.example');
    const result = await moveOut(h.deps, h.manager, eli.personId);
    expect(result).toMatchObject({ moveOut: '2026-08-01', revokedCodes: 2, removals: [] });
    expect(await leaseOf(eli.personId)).toMatchObject({ accessState: 'ended', nextBoundaryAt: null });
    await expectKeywayError(signIn('eli@maplecourt.example'), 'unauthenticated');
    expect(await sweepAt('2026-08-01T05:00:00Z')).toEqual([]);
  });
});

describe('a code taken while the card was off the doors', () => {
  it('gets a fresh generated code at move-in instead of clashing on a shared door', async () => {
    h.clock.set(new Date('2026-08-01T15:00:00Z'));
    await moveIn(h.deps, h.manager, {
      name: 'Gale Clash',
      email: 'gale@maplecourt.example',
      unit: '101',
      moveIn: '2026-08-05',
      password: PASSWORD,
    });
    const gale = await principalOf('gale@maplecourt.example');
    const dana = await principalOf('dana@maplecourt.example');
    const danaCommunity = (await h.cardsOf(dana)).community;
    const [galeCommunity] = (await codesOf(gale.personId)).filter((c) => c.scope === 'community');
    if (!galeCommunity) throw new Error('no community card');
    // Someone took Gale's code on the community doors meanwhile: here, Dana's code is written onto Gale's card.
    await h.db
      .update(accessCodes)
      .set({
        pinEnc: h.cipher.encrypt(danaCommunity.code, galeCommunity.id),
        ...h.cipher.fingerprints(danaCommunity.code),
        codeLength: danaCommunity.code.length,
      })
      .where(eq(accessCodes.id, galeCommunity.id));

    await sweepAt('2026-08-05T05:00:00Z');

    const after = await h.accessCodeRow(galeCommunity.id);
    expect(after.version).toBe(2);
    expect(h.cipher.decrypt(after.pinEnc, after.id)).not.toBe(danaCommunity.code);
    const rows = await h.lockCodesOf(galeCommunity.id);
    expect(rows.length).toBe(3); // Main Gate, Lobby, Pool
    expect(rows.every((r) => r.desiredVersion === 2 && r.intent === 'present')).toBe(true);
    const events = (await h.eventsAbout(galeCommunity.id)).map((e) => e.type);
    expect(events).toContain('access_code.regenerated');
  });
});
