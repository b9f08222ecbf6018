/**
 * Issue 14 item 11: a burst of wrong codes at one keypad raises one alert in the manager's activity, one email to
 * every manager of the community (never a typed digit), a banner alert that managers alone can read and dismiss,
 * and, on a lock that can, a keypad lockout that refuses even the right code until it ends.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/security/passwords.ts';
import { queryRows } from '../../src/store/rawQuery.ts';
import { insertPerson } from '../../src/store/repositories/communities.ts';
import { findPersonByEmail } from '../../src/store/repositories/principals.ts';
import { lockCommands, messages } from '../../src/store/schema.ts';
import { applyLockEvent } from '../../src/sync/applyLockReports.ts';
import { TEST_PASSWORD_COST } from '../support/passwordCost.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { ALEX, eventually, MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

const SECOND_MANAGER = 'second.manager@maplecourt.example';
const OTHER_MANAGER = 'manager@birchrow.example';

let t: TestKeyway;
let smtp: TestSmtp;
let manager: string;
let resident: string;
let apiKey: string;
let otherManager: string;
let gate: string;
let lobby: string;
let pool: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await startTestKeyway({ env: { SMTP_URL: smtp.url } });
  manager = await t.login(MANAGER);
  resident = await t.login(ALEX);
  const locks = (await t.request('GET', '/api/v1/sim/locks', { token: manager })).json().locks as {
    lockId: string;
    name: string;
  }[];
  gate = locks.find((l) => l.name === 'Main Gate')?.lockId as string;
  lobby = locks.find((l) => l.name === 'Lobby')?.lockId as string;
  pool = locks.find((l) => l.name === 'Pool')?.lockId as string;
  // The lockout capability comes with the lock's first inventory; on a busy machine that may still be on its way.
  await eventually(
    async () => {
      const rows = await queryRows<{ keypad_lockout: boolean }>(
        t.keyway.deps.db,
        sql`select keypad_lockout from locks where id = ${gate}`,
      );
      return rows[0]?.keypad_lockout === true || undefined;
    },
    60_000,
    "Main Gate's hub to report that its keypad can lock out",
  );
  const db = t.keyway.deps.db;
  const person = async (email: string, communityId: string | null, role: 'manager' | 'operator') => {
    await insertPerson(db, {
      id: randomUUID(),
      communityId,
      name: email.split('@')[0] as string,
      email,
      passwordHash: await hashPassword('a long password 1', TEST_PASSWORD_COST),
      role,
      createdAt: new Date(),
    });
    return t.login(email, 'a long password 1');
  };
  const maple = (await findPersonByEmail(db, MANAGER))?.communityId as string;
  await person(SECOND_MANAGER, maple, 'manager');
  apiKey = (await t.request('POST', '/api/v1/api-keys', { token: manager, body: { name: 'PMS' } })).json().key;
  // Another community with its own manager.
  const operator = await person('operator@keyway.example', null, 'operator');
  const birch = (
    await t.request('POST', '/api/v1/communities', {
      token: operator,
      body: { name: 'Birch Row', timeZone: 'Europe/Berlin' },
    })
  ).json().community.id as string;
  otherManager = await person(OTHER_MANAGER, birch, 'manager');
}, 180_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/**
 * A keypad report as the lock's hub would send it (null hub: the lock named by its id), heard by `processes`
 * server processes at once (every process hears every report).
 */
const wrongCode = (lockId: string, secondsLater = 1, processes = 1) => {
  t.clock.advance(secondsLater * 1000);
  const event = { type: 'keypad' as const, lockId, slot: null, unlocked: false, at: t.clock.now().toISOString() };
  return Promise.all(Array.from({ length: processes }, () => applyLockEvent(t.keyway.deps, null, event)));
};

const alerts = async () => {
  const response = await t.request('GET', '/api/v1/activity?type=lock.keypad_brute_force', { token: manager });
  expect(response.statusCode).toBe(200);
  return response.json().activity as { text: string; lockId: string | null; doorName: string | null }[];
};

const alertMails = async () => {
  await t.keyway.messages.drain();
  return smtp.mails.filter((m) => m.subject.startsWith('Keypad alert'));
};

const banner = async (token: string) => t.request('GET', '/api/v1/alerts', { token });

describe('keypad brute force', () => {
  it('4 wrong codes are not an alert; the 5th within 2 minutes is, once', async () => {
    for (let i = 0; i < 4; i++) await wrongCode(gate, 20);
    expect(await alerts()).toHaveLength(0);
    await wrongCode(gate, 20, 2);
    const [alert, ...rest] = await alerts();
    expect(rest).toHaveLength(0);
    expect(alert?.lockId).toBe(gate);
    expect(alert?.text).toMatch(/^Someone entered 5 wrong codes at Main Gate within 2 minutes/);
    // The burst goes on: still one alert, and other locks are counted on their own.
    for (let i = 0; i < 5; i++) await wrongCode(gate);
    for (let i = 0; i < 4; i++) await wrongCode(lobby);
    expect(await alerts()).toHaveLength(1);
  });

  it('emails every manager of the community once for the burst, in the community’s time, with what to do', async () => {
    const mails = await alertMails();
    expect(mails.map((m) => m.to).sort()).toEqual([MANAGER, SECOND_MANAGER].sort());
    const [mail] = mails;
    expect(mail?.subject).toBe('Keypad alert: 5 wrong codes at Main Gate');
    // Demo community: America/Chicago. The burst came a few minutes after 15:00Z: 10 AM there, not 3 PM.
    expect(mail?.text).toMatch(/Someone entered 5 wrong codes at Main Gate \(.+\) within 2 minutes/);
    expect(mail?.text).toMatch(/Monday, June 15, 2026 at 10:\d\d AM \(America\/Chicago\)/);
    expect(mail?.text).toMatch(/What to do:/);
    // The Main Gate's simulated lock can lock its keypad out (its hub said so in the inventory).
    expect(mail?.text).toMatch(/Keyway locked the keypad out for 5 minutes/);
    expect(await alertMails()).toHaveLength(2);
  });

  it('wrong codes spread out are not a burst; a new burst 10 minutes later is a new alert and new emails', async () => {
    t.clock.advance(5 * 60_000);
    for (let i = 0; i < 5; i++) await wrongCode(lobby, 60);
    expect(await alerts()).toHaveLength(1);
    t.clock.advance(10 * 60_000);
    for (let i = 0; i < 5; i++) await wrongCode(gate);
    expect((await alerts()).map((a) => a.doorName)).toEqual(['Main Gate', 'Main Gate']);
    expect(await alertMails()).toHaveLength(4);
  });

  it('shows open alerts to the community’s managers only; one Dismiss removes it for every manager', async () => {
    const listed = (await banner(manager)).json().alerts as { id: number; doorName: string; lockoutMinutes: number }[];
    expect(listed.map((a) => a.doorName)).toEqual(['Main Gate', 'Main Gate']);
    expect(listed[0]?.lockoutMinutes).toBe(5);
    for (const token of [resident, apiKey]) {
      expect((await banner(token)).statusCode).toBe(403);
      const dismiss = await t.request('POST', `/api/v1/alerts/${listed[0]?.id}/dismiss`, { token });
      expect(dismiss.statusCode).toBe(403);
    }
    expect((await banner(otherManager)).json().alerts).toEqual([]);
    const foreign = await t.request('POST', `/api/v1/alerts/${listed[0]?.id}/dismiss`, { token: otherManager });
    expect(foreign.statusCode).toBe(404);
    expect((await banner(manager)).json().alerts).toHaveLength(2);

    const second = await t.login(SECOND_MANAGER, 'a long password 1');
    const ok = await t.request('POST', `/api/v1/alerts/${listed[0]?.id}/dismiss`, { token: second });
    expect(ok.statusCode).toBe(200);
    expect((await banner(manager)).json().alerts.map((a: { id: number }) => a.id)).toEqual([listed[1]?.id]);
    // After 24 hours an undismissed alert leaves the banner (the activity log keeps it).
    t.clock.advance(24 * 60 * 60_000);
    expect((await banner(manager)).json().alerts).toEqual([]);
    expect(await alerts()).toHaveLength(2);
  });

  it('locks a simulated keypad out after a burst typed on it: the right code is refused until the lockout ends', async () => {
    const slots = (await t.request('GET', `/api/v1/sim/locks/${pool}`, { token: manager })).json().slots as {
      code: string;
    }[];
    const right = slots[0]?.code as string;
    expect(right).toMatch(/^[0-9]+$/);
    const typed = ['9137', '2468', '7777', '1029', '5555'].filter((c) => !slots.some((s) => s.code === c));
    const type = async (code: string) => {
      t.clock.advance(5_000);
      const r = await t.request('POST', `/api/v1/sim/locks/${pool}/keypad`, { token: manager, body: { code } });
      expect(r.statusCode).toBe(200);
      return r.json().unlocked as boolean;
    };
    expect(await type(right)).toBe(true);
    for (const code of typed) expect(await type(code)).toBe(false);
    // The burst travels hub → Keyway (alert), Keyway → hub (lockout command), and the lock answers.
    const command = await eventually(
      async () => {
        const [row] = await t.keyway.deps.db
          .select()
          .from(lockCommands)
          .where(and(eq(lockCommands.lockId, pool), eq(lockCommands.type, 'keypad_lockout')));
        return row?.status === 'ok' ? row : undefined;
      },
      10_000,
      'the lockout confirmed by the lock',
    );
    expect(command.slot).toBeNull();
    expect(await type(right)).toBe(false);
    t.clock.advance(4 * 60_000);
    expect(await type(right)).toBe(false);
    t.clock.advance(60_000);
    expect(await type(right)).toBe(true);

    const mails = await eventually(async () => {
      const found = (await alertMails()).filter((m) => m.subject.endsWith('at Pool'));
      return found.length === 2 ? found : undefined;
    });
    for (const mail of mails) {
      expect(mail.text).toMatch(/Keyway locked the keypad out for 5 minutes/);
      for (const code of [...typed, right]) expect(`${mail.subject}\n${mail.text}`).not.toContain(code);
    }
    // Only one alert for the burst, even though the locked-out keypad went on reporting refusals.
    const poolAlerts = (await alerts()).filter((a) => a.lockId === pool);
    expect(poolAlerts).toHaveLength(1);
    expect((await t.keyway.deps.db.select().from(messages).where(eq(messages.kind, 'security_alert'))).length).toBe(6);
  });
});
