/**
 * "Pick a Code" on a real database, without HTTP: what a custom pick writes, every refusal by its code
 * (with nothing half-written after it), uniqueness on a lock shared by roommates, and two roommates
 * picking the same code at the same moment.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../test/support/expectKeywayError.ts';
import { type PersonPrincipal, type ServiceHarness, startServiceHarness } from '../../test/support/serviceHarness.ts';
import type { KeywayErrorCode } from '../domain/errors.ts';
import { pickMyCode } from './pickMyCode.ts';

let h: ServiceHarness;
/** Alex's roommate in unit 101: their Home cards share the Unit 101 Front Door lock. */
let casey: PersonPrincipal;

const homeOf = async (person: PersonPrincipal) => (await h.cardsOf(person)).home;
const pick = async (person: PersonPrincipal, code: unknown) =>
  pickMyCode(h.deps, person, { cardId: (await homeOf(person)).id, code });

/** Runs a refused pick and checks that it changed nothing (rate-limit counters aside). */
async function refused(person: PersonPrincipal, code: unknown, expected: KeywayErrorCode) {
  const cardId = (await homeOf(person)).id;
  const before = await h.snapshot();
  const error = await expectKeywayError(pickMyCode(h.deps, person, { cardId, code }), expected, String(code));
  expect(await h.snapshot()).toEqual(before);
  return error;
}

beforeAll(async () => {
  h = await startServiceHarness();
  casey = await h.addResident({ name: 'Casey Roommate', email: 'casey@maplecourt.example', unit: '101' });
  // A known code for Casey, so that no random one can be in the way of the codes these tests pick.
  await pick(casey, '4052');
  await h.confirmOnLocks();
});
afterAll(() => h?.close());
beforeEach(() => {
  h.clock.advance(61_000); // a fresh rate-limit window for every test
});

describe('Pick a Code', () => {
  it('stores the custom code on the card, pending on the home door, with its event, in one go', async () => {
    const before = await homeOf(h.alex);
    const unit101 = await h.lockOf('Unit 101 Front Door');
    h.sync.requests.length = 0;

    const view = await pickMyCode(h.deps, h.alex, { cardId: before.id, code: '0592' });

    expect(view).toMatchObject({ id: before.id, code: before.code, pendingCode: '0592', origin: 'custom' });
    expect(view.allowed).toEqual({ generateLengths: [4], pickLengths: [4] });
    const row = await h.accessCodeRow(before.id);
    expect(row).toMatchObject({ version: 2, origin: 'custom', codeLength: 4, ...h.cipher.fingerprints('0592') });
    expect(h.cipher.decrypt(row.previousPinEnc!, row.id)).toBe(before.code);
    expect(await h.lockCodesOf(before.id)).toEqual([
      expect.objectContaining({ lockId: unit101, state: 'pending', desiredVersion: 2, reportedVersion: 1 }),
    ]);
    const picked = (await h.eventsAbout(before.id)).filter((e) => e.type === 'access_code.picked');
    expect(picked.map((e) => e.data)).toEqual([{ scope: 'home', origin: 'custom', length: 4, version: 2, locks: 1 }]);
    expect(h.sync.requests).toEqual([{ lockIds: [unit101], inTransaction: true }]);

    await h.confirmOnLocks();
    expect(await homeOf(h.alex)).toMatchObject({ code: '0592', pendingCode: null });
  });

  it('lets a resident pick their own current code again (it overwrites their own slot)', async () => {
    const current = (await homeOf(h.alex)).code;
    expect((await pick(h.alex, current)).pendingCode).toBe(current);
    await h.confirmOnLocks();
  });

  it("a code that is only on other doors is no conflict (Blair's unit door is not Alex's)", async () => {
    const alexs = (await homeOf(h.alex)).code;
    expect((await pick(h.blair, alexs)).pendingCode).toBe(alexs);
    await h.confirmOnLocks();
  });
});

describe('refusals, each leaving nothing behind', () => {
  it('custom codes are for the Home card only (custom_code_not_allowed_here)', async () => {
    const community = (await h.cardsOf(h.alex)).community;
    const before = await h.snapshot();
    await expectKeywayError(
      pickMyCode(h.deps, h.alex, { cardId: community.id, code: '7391' }),
      'custom_code_not_allowed_here',
    );
    expect(await h.snapshot()).toEqual(before);
  });

  it('custom_codes_disabled where the community turned custom codes off', async () => {
    await h.setSettings({ customCodes: false });
    try {
      await refused(h.alex, '7391', 'custom_codes_disabled');
    } finally {
      await h.setSettings({ customCodes: true });
    }
  });

  it('6 digits only where the community enables them (pin_length_not_allowed)', async () => {
    const error = await refused(h.alex, '739104', 'pin_length_not_allowed');
    expect(error.details).toEqual({ allowed: [4] });
  });

  it.each([
    ['1111', 'pin_repeated_digit'],
    ['4567', 'pin_sequential'],
    ['12a4', 'pin_not_digits'],
    [7391, 'pin_not_digits'],
    ['739', 'pin_length_not_allowed'],
  ] as const)('the PIN rules: %j → %s', async (code, expected) => {
    await refused(h.alex, code, expected);
  });

  it('common PINs only where the community blocks them (pin_common)', async () => {
    await h.setSettings({ blockCommonPins: true });
    try {
      await refused(h.alex, '2580', 'pin_common');
    } finally {
      await h.setSettings({ blockCommonPins: false });
    }
  });

  it("someone else's card is not found", async () => {
    const blairs = await homeOf(h.blair);
    const before = await h.snapshot();
    await expectKeywayError(pickMyCode(h.deps, h.alex, { cardId: blairs.id, code: '7391' }), 'not_found');
    expect(await h.snapshot()).toEqual(before);
  });

  it('counts refused picks too: the 21st attempt in a minute is rate_limited, whatever it asks', async () => {
    for (let i = 0; i < 20; i++) await expectKeywayError(pick(h.blair, '1111'), 'pin_repeated_digit');
    const error = await refused(h.blair, '7391', 'rate_limited');
    expect(error.details).toEqual({ retryAfterSeconds: 60 });
  });
});

describe('uniqueness on a lock shared by roommates', () => {
  it("refuses the roommate's code with code_conflict, saying nothing about whose it is", async () => {
    const alexs = (await homeOf(h.alex)).code;
    const error = await refused(casey, alexs, 'code_conflict');
    expect(error.details).toBeUndefined();
    expect(error.message).not.toMatch(/alex|kim|101|\d{4}/i);
  });

  it('refuses a 6-digit code that starts with a 4-digit code on the lock, and the reverse', async () => {
    await h.setSettings({ sixDigitCodes: true });
    try {
      const alexs = (await homeOf(h.alex)).code;
      await refused(casey, `${alexs}13`, 'code_conflict');
      expect((await pick(casey, '314159')).pendingCode).toBe('314159');
      await refused(h.alex, '3141', 'code_conflict');
      // Two 6-digit codes that only share their first four digits do not shadow each other.
      expect((await pick(h.alex, '314160')).pendingCode).toBe('314160');
    } finally {
      await h.setSettings({ sixDigitCodes: false });
      await h.confirmOnLocks();
    }
  });

  it('a replaced code still blocks the lock until the lock has let go of it', async () => {
    const caseys = '5190';
    await pick(casey, caseys);
    await h.confirmOnLocks();
    h.clock.advance(1_000);
    await pick(casey, '6284'); // pending: the lock still holds Casey's old code
    await refused(h.alex, caseys, 'code_conflict');
    await refused(h.alex, '6284', 'code_conflict'); // and the new one is reserved already
    await h.confirmOnLocks(); // the lock now holds 6284 only
    expect((await pick(h.alex, caseys)).pendingCode).toBe(caseys);
    await h.confirmOnLocks();
  });
});

describe('two roommates picking the same code at the same moment', () => {
  it('exactly one gets it, the other is told code_conflict, and never are both stored', async () => {
    const codes = ['7391', '4826', '9053', '1748', '6307', '8162'];
    for (const code of codes) {
      h.clock.advance(61_000);
      const [alexBefore, caseyBefore] = await Promise.all([homeOf(h.alex), homeOf(casey)]);
      const rowsBefore = await Promise.all([h.accessCodeRow(alexBefore.id), h.accessCodeRow(caseyBefore.id)]);
      const outcomes = await Promise.allSettled([
        pickMyCode(h.deps, h.alex, { cardId: alexBefore.id, code }),
        pickMyCode(h.deps, casey, { cardId: caseyBefore.id, code }),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won, `${code}: one pick wins`).toHaveLength(1);
      expect(lost).toHaveLength(1);
      await expectKeywayError(Promise.reject(lost[0]!.reason), 'code_conflict', code);

      const stored = await Promise.all([h.accessCodeRow(alexBefore.id), h.accessCodeRow(caseyBefore.id)]);
      const { fp } = h.cipher.fingerprints(code);
      expect(
        stored.map((row) => row.fp === fp),
        `${code}: stored once`,
      ).toEqual(outcomes.map((o) => o.status === 'fulfilled'));
      // The loser's card is exactly as it was.
      const loser = outcomes.findIndex((o) => o.status === 'rejected');
      expect(stored[loser]).toEqual(rowsBefore[loser]);
      await h.confirmOnLocks();
    }
  });
});
