/**
 * "Generate a Code" on a real database, without HTTP: what the use case writes (new PIN, pending sync
 * rows on every door, the event, all in one transaction), what it refuses, and that a refusal leaves
 * nothing behind.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../test/support/expectKeywayError.ts';
import { type ServiceHarness, startServiceHarness } from '../../test/support/serviceHarness.ts';
import { changeMyCode } from './changeMyCode.ts';
import { occupiedCodesOn } from './occupiedCodes.ts';
import type { Principal } from './principal.ts';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startServiceHarness();
  await h.confirmOnLocks();
});
afterAll(() => h?.close());
beforeEach(() => {
  // Each test starts with a fresh rate-limit window and the production random source.
  h.clock.advance(61_000);
  h.random.unpin();
});

const COMMUNITY_DOORS = ['Main Gate', 'Lobby', 'Pool'];

/** The first of `candidates` that nothing occupies on these locks (a fixture, so tests never depend on luck). */
async function freeCode(lockIds: string[], candidates: string[]): Promise<string> {
  const taken = await occupiedCodesOn(h.db, h.cipher, lockIds, null).conflicting(candidates);
  const free = candidates.find((c) => !taken.has(c));
  if (!free) throw new Error('no free fixture code');
  return free;
}

describe('Generate a Code', () => {
  it('gives the Home card a new code, pending on its door, while the old code keeps working', async () => {
    const before = (await h.cardsOf(h.alex)).home;
    const unit101 = await h.lockOf('Unit 101 Front Door');
    // The first draw decides the code (a real draw could, once in ~9,700, repeat the current code).
    const fresh = await freeCode(
      [unit101],
      ['8317', '5928', '7046'].filter((c) => c !== before.code),
    );
    h.random.offer(Number(fresh));
    h.sync.requests.length = 0;

    const view = await changeMyCode(h.deps, h.alex, { cardId: before.id, length: 4 });

    // The card: the old code is still the code; the new one is pending until the door confirms it.
    const pending = view.pendingCode;
    expect(pending).toBe(fresh);
    expect(view).toMatchObject({ id: before.id, code: before.code, origin: 'generated' });
    expect(view.doors.map((d) => [d.name, d.status, d.reason])).toEqual([
      ['Unit 101 Front Door', 'pending', 'awaiting_sync'],
    ]);

    // The credential: new PIN sealed and fingerprinted, version bumped, the working code kept as previous.
    const row = await h.accessCodeRow(before.id);
    expect(row).toMatchObject({ version: 2, codeLength: 4, origin: 'generated', ...h.cipher.fingerprints(pending!) });
    expect(h.cipher.decrypt(row.pinEnc, row.id)).toBe(pending);
    expect(h.cipher.decrypt(row.previousPinEnc!, row.id)).toBe(before.code);

    // The door: wanted at the new version; the lock still reports the old code (make-before-break).
    const rows = await h.lockCodesOf(before.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      lockId: unit101,
      intent: 'present',
      state: 'pending',
      reason: 'awaiting_sync',
      desiredVersion: 2,
      reportedVersion: 1,
      reportedFp: h.cipher.fingerprints(before.code).fp,
    });

    // The event, without the PIN; and the sync engine was asked inside the same transaction.
    const generated = (await h.eventsAbout(before.id)).filter((e) => e.type === 'access_code.generated');
    expect(generated).toHaveLength(1);
    expect(generated[0]).toMatchObject({
      actorType: 'person',
      actorId: h.alex.personId,
      data: { scope: 'home', origin: 'generated', length: 4, version: 2, locks: 1 },
      createdAt: h.clock.now(),
    });
    expect(JSON.stringify(generated[0]!.data)).not.toContain(pending!);
    expect(h.sync.requests).toEqual([{ lockIds: [unit101], inTransaction: true }]);

    // Once the door confirms, the new code is the code and the old one is forgotten.
    await h.confirmOnLocks();
    const after = (await h.cardsOf(h.alex)).home;
    expect(after).toMatchObject({ code: pending, pendingCode: null });
    expect((await h.accessCodeRow(before.id)).previousPinEnc).toBeNull();
  });

  it('a second change before the first reached the door keeps the code that actually works as the old one', async () => {
    const before = (await h.cardsOf(h.blair)).home;
    const first = await changeMyCode(h.deps, h.blair, { cardId: before.id, length: 4 });
    const second = await changeMyCode(h.deps, h.blair, { cardId: before.id, length: 4 });
    expect(first.pendingCode).not.toBeNull();
    expect(second).toMatchObject({ code: before.code, pendingCode: expect.stringMatching(/^\d{4}$/) });
    expect((await h.accessCodeRow(before.id)).version).toBe(3);
    expect((await h.lockCodesOf(before.id)).map((r) => [r.state, r.desiredVersion, r.reportedVersion])).toEqual([
      ['pending', 3, 1],
    ]);
    await h.confirmOnLocks();
  });

  it('the Community card changes on every community door and amenity', async () => {
    const before = (await h.cardsOf(h.alex)).community;
    const lockIds = await Promise.all(COMMUNITY_DOORS.map((door) => h.lockOf(door)));
    h.sync.requests.length = 0;

    const view = await changeMyCode(h.deps, h.alex, { cardId: before.id, length: 4 });

    expect(view).toMatchObject({
      scope: 'community',
      code: before.code,
      pendingCode: expect.stringMatching(/^\d{4}$/),
    });
    expect(view.doors.every((d) => d.status === 'pending')).toBe(true);
    const rows = await h.lockCodesOf(before.id);
    expect(rows.map((r) => r.lockId).sort()).toEqual([...lockIds].sort());
    for (const row of rows) expect(row).toMatchObject({ state: 'pending', desiredVersion: 2, reportedVersion: 1 });
    expect(h.sync.requests).toHaveLength(1);
    expect([...h.sync.requests[0]!.lockIds].sort()).toEqual([...lockIds].sort());
    await h.confirmOnLocks();
  });

  it('generates 6 digits where the community enables them', async () => {
    await h.setSettings({ sixDigitCodes: true });
    try {
      const card = (await h.cardsOf(h.alex)).home;
      const view = await changeMyCode(h.deps, h.alex, { cardId: card.id, length: 6 });
      expect(view.pendingCode).toMatch(/^\d{6}$/);
      expect(view.allowed.generateLengths).toEqual([4, 6]);
      expect((await h.accessCodeRow(card.id)).codeLength).toBe(6);
    } finally {
      await h.setSettings({ sixDigitCodes: false });
      await h.confirmOnLocks();
    }
  });

  it("never hands out a code taken on one of the card's doors, even when the random source keeps offering it", async () => {
    await h.setSettings({ sixDigitCodes: true });
    try {
      const blairs = (await h.cardsOf(h.blair)).community.code;
      const card = (await h.cardsOf(h.alex)).community;

      h.random.pin(Number(blairs)); // every draw is Blair's code (equal)
      const four = (await changeMyCode(h.deps, h.alex, { cardId: card.id, length: 4 })).pendingCode!;
      expect(four).toMatch(/^\d{4}$/);
      expect(four).not.toBe(blairs);

      h.clock.advance(61_000);
      h.random.unpin();
      const shadowed = `${blairs}42`; // Blair's code would open the door on its first four digits
      h.random.offer(Number(shadowed), Number(shadowed));
      const six = (await changeMyCode(h.deps, h.alex, { cardId: card.id, length: 6 })).pendingCode!;
      expect(six).toMatch(/^\d{6}$/);
      expect(six).not.toBe(shadowed);
      expect(six.startsWith(blairs)).toBe(false);
    } finally {
      await h.setSettings({ sixDigitCodes: false });
      await h.confirmOnLocks();
    }
  });
});

describe('two residents generating at the same moment on shared doors', () => {
  it('are never given the same code, even when the random source offers both the same one', async () => {
    const lockIds = await Promise.all(COMMUNITY_DOORS.map((door) => h.lockOf(door)));
    const candidates = ['8317', '5928', '7046', '3851', '6093', '2719'];
    for (let round = 0; round < 4; round++) {
      h.clock.advance(61_000);
      const favourite = await freeCode(lockIds, candidates);
      h.random.pin(Number(favourite));
      const [alexCard, blairCard] = await Promise.all([h.cardsOf(h.alex), h.cardsOf(h.blair)]);
      const views = await Promise.all([
        changeMyCode(h.deps, h.alex, { cardId: alexCard.community.id, length: 4 }),
        changeMyCode(h.deps, h.blair, { cardId: blairCard.community.id, length: 4 }),
      ]);
      const codes = views.map((v) => v.pendingCode ?? v.code);
      expect(codes.filter((c) => c === favourite)).toHaveLength(1);
      expect(codes[0]).not.toBe(codes[1]);
      const stored = await Promise.all(views.map((v) => h.accessCodeRow(v.id)));
      expect(stored[0]!.fp).not.toBe(stored[1]!.fp);
      await h.confirmOnLocks();
    }
  });
});

describe('refusals leave nothing behind', () => {
  it('refuses 6 digits while the community allows only 4 (pin_length_not_allowed)', async () => {
    const card = (await h.cardsOf(h.alex)).home;
    const before = await h.snapshot();
    const error = await expectKeywayError(
      changeMyCode(h.deps, h.alex, { cardId: card.id, length: 6 }),
      'pin_length_not_allowed',
    );
    expect(error.details).toEqual({ allowed: [4] });
    await expectKeywayError(changeMyCode(h.deps, h.alex, { cardId: card.id, length: 5 }), 'pin_length_not_allowed');
    expect(await h.snapshot()).toEqual(before);
  });

  it("treats someone else's card as not found", async () => {
    const blairsCard = (await h.cardsOf(h.blair)).home;
    const before = await h.snapshot();
    await expectKeywayError(changeMyCode(h.deps, h.alex, { cardId: blairsCard.id, length: 4 }), 'not_found');
    await expectKeywayError(
      changeMyCode(h.deps, h.alex, { cardId: '00000000-0000-4000-8000-000000000000', length: 4 }),
      'not_found',
    );
    expect(await h.snapshot()).toEqual(before);
  });

  it('refuses an API key: it has no card of its own (forbidden)', async () => {
    const card = (await h.cardsOf(h.alex)).home;
    const apiKey: Principal = { kind: 'api_key', apiKeyId: card.id, communityId: h.communityId, name: 'integrator' };
    await expectKeywayError(changeMyCode(h.deps, apiKey, { cardId: card.id, length: 4 }), 'forbidden');
  });

  it('a failure late in the change takes the new PIN, the sync rows and the event back with it', async () => {
    const card = (await h.cardsOf(h.alex)).home;
    const before = await h.snapshot();
    h.sync.failNext(new Error('job queue unavailable'));
    await expect(changeMyCode(h.deps, h.alex, { cardId: card.id, length: 4 })).rejects.toThrow('job queue unavailable');
    expect(await h.snapshot()).toEqual(before);
  });

  it('counts every attempt, refused ones too: the 21st in a minute is rate_limited', async () => {
    const card = (await h.cardsOf(h.alex)).home;
    const before = await h.snapshot();
    for (let i = 0; i < 20; i++) {
      h.clock.advance(1_000);
      await expectKeywayError(changeMyCode(h.deps, h.alex, { cardId: card.id, length: 5 }), 'pin_length_not_allowed');
    }
    h.clock.advance(1_000);
    const error = await expectKeywayError(changeMyCode(h.deps, h.alex, { cardId: card.id, length: 4 }), 'rate_limited');
    // The oldest attempt was 20 s ago: it leaves the one-minute window in 40 s.
    expect(error.details).toEqual({ retryAfterSeconds: 40 });
    expect(await h.snapshot()).toEqual(before);
    // Other people are not held back by Alex's attempts; Alex is let through once the window moves on.
    const blairs = (await h.cardsOf(h.blair)).home;
    await changeMyCode(h.deps, h.blair, { cardId: blairs.id, length: 4 });
    h.clock.advance(40_000);
    await changeMyCode(h.deps, h.alex, { cardId: card.id, length: 4 });
  });
});
