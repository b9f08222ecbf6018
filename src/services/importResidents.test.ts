/**
 * The PMS import on a real database (PGlite, or PostgreSQL with DATABASE_URL), without HTTP: a file with a bad
 * line writes nothing, the fixed file creates residents (and their units and cards) in one transaction, the
 * same file again changes nothing, and known residents are updated, moved or moved out — never someone who is
 * merely absent from the file. Today is 2026-06-15 in Maple Court (America/Chicago).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../test/support/expectKeywayError.ts';
import { type ServiceHarness, startServiceHarness } from '../../test/support/serviceHarness.ts';
import { DEFAULT_SETTINGS } from '../domain/communitySettings.ts';
import { insertCommunity, insertPerson } from '../store/repositories/communities.ts';
import { findPersonByEmail } from '../store/repositories/principals.ts';
import {
  accessCodes,
  accountTokens,
  events,
  lockCodes,
  messages,
  people,
  residencies,
  units,
} from '../store/schema.ts';
import { importResidents } from './importResidents.ts';

let h: ServiceHarness;
beforeAll(async () => {
  h = await startServiceHarness();
});
afterAll(() => h?.close());

const HEADER = 'unit,first_name,last_name,email,phone,lease_start,lease_end';
const GOOD = [
  '101,Casey,Moss,casey@example.test,(303) 555-0100,2026-01-01,2027-06-30',
  '201,Drew,Lane,DREW@example.test,,06/01/2026,',
  '202,Eli,Stone,eli@example.test,303.555.0102,2026-09-01,2027-08-31',
];
const csv = (...lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`;
const run = (text: string, dryRun: boolean) => importResidents(h.deps, h.manager, { csv: text, dryRun });

async function residencyOf(email: string) {
  const person = await findPersonByEmail(h.db, email);
  if (!person) throw new Error(`no ${email}`);
  return h.db
    .select({
      unit: units.name,
      moveIn: residencies.moveIn,
      moveOut: residencies.moveOut,
      state: residencies.accessState,
    })
    .from(residencies)
    .innerJoin(units, eq(units.id, residencies.unitId))
    .where(eq(residencies.personId, person.id))
    .orderBy(residencies.moveIn);
}

describe('a file with one bad line', () => {
  it('dry run and apply both list the bad line and write nothing', async () => {
    const text = csv(...GOOD, '203,Fay,Ng,fay@example,,2026-01-01,');
    const before = await h.snapshot();
    for (const dryRun of [true, false]) {
      const result = await run(text, dryRun);
      expect(result.applied).toBe(false);
      expect(result.errors).toEqual([{ line: 5, code: 'invalid_email', message: expect.any(String) }]);
      expect(result.summary).toEqual({ create: 3, update: 0, moveOut: 0, unchanged: 0, unitsCreated: 2 });
      expect(result.rows.map((r) => [r.line, r.action])).toEqual([
        [2, 'create'],
        [3, 'create'],
        [4, 'create'],
      ]);
    }
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('the fixed file', () => {
  it('creates the residents, their units and their cards, and records one import event with counts only', async () => {
    h.sync.requests.length = 0;
    const result = await run(csv(...GOOD), false);
    expect(result).toMatchObject({
      applied: true,
      errors: [],
      summary: { create: 3, update: 0, moveOut: 0, unchanged: 0, unitsCreated: 2 },
    });
    const casey = await findPersonByEmail(h.db, 'casey@example.test');
    expect(casey).toMatchObject({
      name: 'Casey Moss',
      role: 'resident',
      communityId: h.communityId,
      passwordHash: null,
    });
    const [row] = await h.db.select({ phone: people.phone }).from(people).where(eq(people.email, 'casey@example.test'));
    expect(row?.phone).toBe('+13035550100');
    expect(await residencyOf('drew@example.test')).toEqual([
      { unit: '201', moveIn: '2026-06-01', moveOut: null, state: 'current' },
    ]);
    expect(await residencyOf('eli@example.test')).toEqual([
      { unit: '202', moveIn: '2026-09-01', moveOut: '2027-08-31', state: 'upcoming' },
    ]);
    // Casey lives in 101 today: their Home card goes on 101's door.
    const caseyCodes = await h.db
      .select()
      .from(accessCodes)
      .where(eq(accessCodes.holderId, casey?.id ?? ''));
    expect(caseyCodes.map((c) => c.scope).sort()).toEqual(['community', 'home']);
    const home = caseyCodes.find((c) => c.scope === 'home');
    const homeLocks = await h.db
      .select()
      .from(lockCodes)
      .where(eq(lockCodes.accessCodeId, home?.id ?? ''));
    expect(homeLocks.map((l) => l.lockId)).toEqual([await h.lockOf('Unit 101 Front Door')]);

    const imported = await h.db.select().from(events).where(eq(events.type, 'residents.imported'));
    expect(imported).toHaveLength(1);
    expect(imported[0]?.data).toEqual({ create: 3, update: 0, moveOut: 0, unchanged: 0, unitsCreated: 2 });
    expect(JSON.stringify(imported[0])).not.toMatch(/example\.test|Casey|555/);
    expect(h.sync.requests.every((r) => r.inTransaction)).toBe(true);
  });

  it('the same file again changes nothing', async () => {
    const before = await h.snapshot();
    const result = await run(csv(...GOOD), false);
    expect(result.summary).toEqual({ create: 0, update: 0, moveOut: 0, unchanged: 3, unitsCreated: 0 });
    expect(result.rows.every((r) => r.action === 'unchanged')).toBe(true);
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('known residents', () => {
  it('an extended lease and a new phone are an update; a past lease end moves the resident out', async () => {
    const text = csv(
      '101,Casey,Moss,casey@example.test,(303) 555-0199,2026-01-01,2027-12-31',
      '201,Drew,Lane,drew@example.test,,2026-06-01,2026-06-10',
    );
    const plan = await run(text, true);
    expect(plan.rows.map((r) => [r.line, r.action, r.changes])).toEqual([
      [2, 'update', ['phone', 'lease_end']],
      [3, 'move_out', ['lease_end']],
    ]);
    const result = await run(text, false);
    expect(result.summary).toMatchObject({ update: 1, moveOut: 1 });
    expect(await residencyOf('casey@example.test')).toEqual([
      { unit: '101', moveIn: '2026-01-01', moveOut: '2027-12-31', state: 'current' },
    ]);
    expect(await residencyOf('drew@example.test')).toEqual([
      { unit: '201', moveIn: '2026-06-01', moveOut: '2026-06-10', state: 'ended' },
    ]);
    const drew = await findPersonByEmail(h.db, 'drew@example.test');
    const active = await h.db
      .select()
      .from(accessCodes)
      .where(and(eq(accessCodes.holderId, drew?.id ?? ''), eq(accessCodes.status, 'active')));
    expect(active).toEqual([]);
    // Again: nothing more to do.
    expect((await run(text, true)).summary).toMatchObject({ update: 0, moveOut: 0, unchanged: 2 });
  });

  it('another unit is a move: the old lease ends the day before the new one starts', async () => {
    const text = csv('102,Casey,Moss,casey@example.test,,2026-07-01,2027-12-31');
    const result = await run(text, false);
    expect(result.rows.map((r) => [r.action, r.changes])).toEqual([['update', ['unit']]]);
    expect(await residencyOf('casey@example.test')).toEqual([
      { unit: '101', moveIn: '2026-01-01', moveOut: '2026-06-30', state: 'current' },
      { unit: '102', moveIn: '2026-07-01', moveOut: '2027-12-31', state: 'upcoming' },
    ]);
    expect((await run(text, true)).summary).toMatchObject({ unchanged: 1 });
  });

  it('residents absent from the file are left alone', async () => {
    expect(await residencyOf('alex@maplecourt.example')).toEqual([
      { unit: '101', moveIn: '2025-08-01', moveOut: null, state: 'current' },
    ]);
  });
});

describe('codes of residents created together', () => {
  it('are unique and prefix-free on every lock, even when the random source keeps offering one code', async () => {
    h.random.pin(4821);
    try {
      const lines = Array.from(
        { length: 6 },
        (_, i) => `10${(i % 2) + 1},Batch,Person${i},batch${i}@example.test,,2026-01-01,`,
      );
      const result = await run(csv(...lines), false);
      expect(result).toMatchObject({ applied: true, summary: { create: 6 } });
    } finally {
      h.random.unpin();
    }
    for (const door of ['Unit 101 Front Door', 'Unit 102 Front Door', 'Main Gate', 'Lobby', 'Pool']) {
      const lockId = await h.lockOf(door);
      const rows = await h.db
        .select({ id: accessCodes.id, pinEnc: accessCodes.pinEnc })
        .from(lockCodes)
        .innerJoin(accessCodes, eq(accessCodes.id, lockCodes.accessCodeId))
        .where(and(eq(lockCodes.lockId, lockId), eq(accessCodes.status, 'active')));
      const pins = rows.map((r) => h.cipher.decrypt(r.pinEnc, r.id));
      expect(pins.length, door).toBeGreaterThan(2);
      for (const a of pins) {
        for (const b of pins) {
          if (a !== b) expect(a.startsWith(b) || b.startsWith(a), `${door}: ${a} / ${b}`).toBe(false);
        }
      }
      expect(new Set(pins).size, door).toBe(pins.length);
    }
  });
});

describe('invitations', () => {
  it('invite: true sends each created resident an invitation (a one-time token and a mail); false sends none', async () => {
    await importResidents(h.deps, h.manager, {
      csv: csv('101,Ivy,Invited,ivy@example.test,,2026-01-01,', '101,Nat,Quiet,nat@example.test,,2026-01-01,'),
      dryRun: false,
      invite: false,
    });
    await importResidents(h.deps, h.manager, {
      csv: csv('101,Ora,Invited,ora@example.test,,2026-01-01,'),
      dryRun: false,
      invite: true,
    });
    const tokensOf = async (email: string) => {
      const person = await findPersonByEmail(h.db, email);
      return h.db
        .select()
        .from(accountTokens)
        .where(eq(accountTokens.personId, person?.id ?? ''));
    };
    expect(await tokensOf('ivy@example.test')).toEqual([]);
    expect((await tokensOf('ora@example.test')).map((t) => t.purpose)).toEqual(['invitation']);
    const mails = await h.db.select().from(messages).where(eq(messages.kind, 'invitation'));
    expect(mails.filter((m) => JSON.stringify(m).includes('ora@example.test'))).toHaveLength(1);
    expect(mails.filter((m) => JSON.stringify(m).includes('ivy@example.test'))).toHaveLength(0);
  });
});

describe('two imports at once', () => {
  it('apply one after the other: the second finds the residents the first created', async () => {
    const text = csv('101,Tia,Twice,tia@example.test,,2026-01-01,', '102,Uma,Twice,uma@example.test,,2026-01-01,');
    const results = await Promise.all([run(text, false), run(text, false)]);
    expect(results.map((r) => [r.summary.create, r.summary.unchanged]).sort()).toEqual([
      [0, 2],
      [2, 0],
    ]);
    const people_ = await h.db.select().from(people).where(eq(people.email, 'tia@example.test'));
    expect(people_).toHaveLength(1);
  });
});

describe('unit names', () => {
  it('match without regard to case, existing ones and new ones alike', async () => {
    const result = await run(
      csv(
        '101,Vic,Case,vic@example.test,,2026-01-01,',
        '9z,Wes,Case,wes@example.test,,2026-01-01,',
        '9Z,Xan,Case,xan@example.test,,2026-01-01,',
      ),
      true,
    );
    expect(result.summary).toMatchObject({ create: 3, unitsCreated: 1 });
    expect(result.rows.map((r) => r.unit)).toEqual(['101', '9z', '9z']);
  });
});

describe('refusals', () => {
  it('an email of a manager or of another community is email_in_use, without saying where', async () => {
    const otherCommunity = h.deps.random.uuid();
    await insertCommunity(h.db, {
      id: otherCommunity,
      name: 'Elsewhere',
      timeZone: 'UTC',
      settings: DEFAULT_SETTINGS,
      createdAt: h.clock.now(),
    });
    await insertPerson(h.db, {
      id: h.deps.random.uuid(),
      communityId: otherCommunity,
      name: 'Someone Else',
      email: 'else@example.test',
      passwordHash: null,
      role: 'resident',
      createdAt: h.clock.now(),
    });
    const result = await run(
      csv('101,M,R,manager@maplecourt.example,,2026-01-01,', '101,S,E,else@example.test,,2026-01-01,'),
      true,
    );
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'email_in_use'],
      [3, 'email_in_use'],
    ]);
    // The same words whoever holds the email.
    const [first, second] = result.errors.map((e) => e.message);
    expect(first?.replace('manager@maplecourt.example', '<email>')).toBe(
      second?.replace('else@example.test', '<email>'),
    );
  });

  it('a lease that ended for someone unknown is lease_ended', async () => {
    const result = await run(csv('101,Old,Timer,old@example.test,,2025-01-01,2026-05-31'), true);
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([[2, 'lease_ended']]);
  });

  it('only management may import; an empty file is invalid_request', async () => {
    await expectKeywayError(importResidents(h.deps, h.alex, { csv: csv(...GOOD), dryRun: true }), 'forbidden');
    await expectKeywayError(run('', true), 'invalid_request');
  });
});
