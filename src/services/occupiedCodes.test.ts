/**
 * What the generator and the custom-pick check must avoid on a set of locks, answered from fingerprints
 * on a real database: equal codes and prefixes either way, only on the locks asked about, codes a lock
 * still holds until it lets go of them, and the same answer whether asked in batches or for the whole space.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PersonPrincipal, type ServiceHarness, startServiceHarness } from '../../test/support/serviceHarness.ts';
import { occupyingFingerprints } from '../store/repositories/accessCodes.ts';
import { moveOut } from './moveOut.ts';
import { occupiedCodesOn } from './occupiedCodes.ts';
import { pickMyCode } from './pickMyCode.ts';

let h: ServiceHarness;
let casey: PersonPrincipal;
let unit101: string;
let unit102: string;
let communityLocks: string[];

const pick = async (person: PersonPrincipal, code: string) => {
  h.clock.advance(3_100);
  return pickMyCode(h.deps, person, { cardId: (await h.cardsOf(person)).home.id, code });
};
const taken = async (lockIds: string[], candidates: string[], except: string | null = null) =>
  [...(await occupiedCodesOn(h.db, h.cipher, lockIds, except).conflicting(candidates))].sort();

beforeAll(async () => {
  h = await startServiceHarness();
  await h.setSettings({ sixDigitCodes: true });
  casey = await h.addResident({ name: 'Casey Roommate', email: 'casey@maplecourt.example', unit: '101' });
  // Unit 101 (Alex and Casey): 2468 and 135790. Unit 102 (Blair): 9753.
  await pick(casey, '135790'); // first, so that no random code of Casey's can be in Alex's way
  await pick(h.alex, '2468');
  await pick(h.blair, '9753');
  await h.confirmOnLocks();
  unit101 = await h.lockOf('Unit 101 Front Door');
  unit102 = await h.lockOf('Unit 102 Front Door');
  communityLocks = await Promise.all(['Main Gate', 'Lobby', 'Pool'].map((door) => h.lockOf(door)));
});
afterAll(() => h?.close());

describe('occupiedCodesOn', () => {
  it('takes equal codes and prefixes either way; 6-digit codes sharing only four digits are free', async () => {
    expect(await taken([unit101], ['2468', '246801', '1357', '135790', '135791', '8024', '802413'])).toEqual([
      '1357', // a 4-digit candidate that a 6-digit code starts with
      '135790', // equal
      '2468', // equal
      '246801', // a 6-digit candidate that starts with a 4-digit code
    ]);
  });

  it('answers for the locks asked about only', async () => {
    const candidates = ['2468', '246801', '1357', '135790', '9753', '975300'];
    expect(await taken([unit102], candidates)).toEqual(['9753', '975300']);
    expect(await taken([unit101, unit102], candidates)).toEqual(['1357', '135790', '2468', '246801', '9753', '975300']);
    expect(await taken([], candidates)).toEqual([]);
    const communityCodes = await Promise.all(
      [h.alex, casey, h.blair].map(async (p) => (await h.cardsOf(p)).community.code),
    );
    // The community doors hold only the Community cards' (random) codes: what shadows them is taken there.
    const asked = [...new Set([...candidates, ...communityCodes])];
    const shadows = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
    expect(await taken(communityLocks, asked)).toEqual(
      asked.filter((c) => communityCodes.some((k) => shadows(c, k))).sort(),
    );
    expect(await taken(communityLocks, communityCodes)).toEqual([...communityCodes].sort());
  });

  it('leaves out the credential being changed: its new code overwrites its own slot', async () => {
    const alexHome = (await h.cardsOf(h.alex)).home.id;
    expect(await taken([unit101], ['2468', '246801', '1357'], alexHome)).toEqual(['1357']);
  });

  it('a replaced code blocks the lock until the lock confirms the new one', async () => {
    const alexHome = (await h.cardsOf(h.alex)).home.id;
    await pick(h.alex, '8024'); // pending: the lock still holds 2468
    expect(await taken([unit101], ['2468', '8024'])).toEqual(['2468', '8024']);
    expect(await taken([unit101], ['2468', '8024'], alexHome)).toEqual([]);
    await h.confirmOnLocks();
    expect(await taken([unit101], ['2468', '8024'])).toEqual(['8024']);
  });

  it('a revoked code blocks the lock while it is being removed, and frees it once removed', async () => {
    await moveOut(h.deps, h.manager, casey.personId);
    expect(await taken([unit101], ['1357', '135790'])).toEqual(['1357', '135790']);
    await h.confirmOnLocks(); // the lock let go of it
    expect(await taken([unit101], ['1357', '135790'])).toEqual([]);
  });

  it("gives the same answer for the generator's whole-space question as for batches", async () => {
    await pick(h.alex, '5821'); // pending, so the lock holds two of Alex's codes: 8024 (reported) and 5821
    const lockIds = [unit101, ...communityLocks];
    const everyFourDigitCode = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0'));
    const whole = await taken(lockIds, everyFourDigitCode); // one query over every code on the locks
    const batched: string[] = [];
    for (let i = 0; i < everyFourDigitCode.length; i += 500) {
      batched.push(...(await taken(lockIds, everyFourDigitCode.slice(i, i + 500))));
    }
    expect(whole).toEqual(batched.sort());
    expect(whole).toEqual(expect.arrayContaining(['8024', '5821']));

    const sixDigit = Array.from(
      { length: 600 },
      (_, n) => `${everyFourDigitCode[n * 16]}${String(n % 100).padStart(2, '0')}`,
    );
    sixDigit.push('802413', '582100');
    expect(await taken(lockIds, sixDigit)).toEqual(
      (await Promise.all([taken(lockIds, sixDigit.slice(0, 300)), taken(lockIds, sixDigit.slice(300))])).flat().sort(),
    );
    expect(await taken(lockIds, ['802413', '582100'])).toEqual(['582100', '802413']);
    await h.confirmOnLocks();
  });
});

describe('occupyingFingerprints (the repository query behind it)', () => {
  it('returns fingerprints only, of codes on the locks asked about that match the prints asked for', async () => {
    const alexs = h.cipher.fingerprints((await h.cardsOf(h.alex)).home.code);
    const blairs = h.cipher.fingerprints('9753');
    const rows = await occupyingFingerprints(h.db, [unit101], null, [alexs.fp, blairs.fp], []);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toEqual({ ...alexs, length: 4 });

    // A 4-digit candidate's print is matched against every code's first four digits.
    const six = h.cipher.fingerprints('731902');
    await pick(h.alex, '731902');
    const prefixRows = await occupyingFingerprints(h.db, [unit101], null, [], [h.cipher.fingerprints('7319').fp]);
    expect(prefixRows).toContainEqual({ ...six, length: 6 });

    expect(await occupyingFingerprints(h.db, [unit102], null, [alexs.fp], [six.fp4])).toEqual([]);
    expect(await occupyingFingerprints(h.db, [], null, [alexs.fp], [])).toEqual([]);
    expect(await occupyingFingerprints(h.db, [unit101], null, [], [])).toEqual([]);
  });
});
