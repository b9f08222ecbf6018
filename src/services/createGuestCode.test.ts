/**
 * Creating a guest code on a real database, without HTTP: always generated, on the doors its type allows,
 * unique on those locks, written with its sync rows, event and messages in one transaction; refusals by
 * code, with nothing half-written.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../test/support/expectKeywayError.ts';
import { type ServiceHarness, startServiceHarness } from '../../test/support/serviceHarness.ts';
import type { KeywayErrorCode } from '../domain/errors.ts';
import { messages } from '../store/schema.ts';
import { type CreateGuestCodeProps, createGuestCode } from './createGuestCode.ts';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startServiceHarness();
  await h.confirmOnLocks();
});
afterAll(() => h?.close());
beforeEach(() => {
  h.clock.advance(61_000); // a fresh rate-limit window for every test
  h.random.unpin();
});

const create = (props: CreateGuestCodeProps) => createGuestCode(h.deps, h.alex, props);
const doorNames = (view: { doors: { name: string }[] }) => view.doors.map((d) => d.name).sort();

describe('creating a guest code', () => {
  it('generates a permanent code for the unit door and the community doors (not amenities)', async () => {
    h.sync.requests.length = 0;
    const view = await create({ type: 'permanent', name: 'Kid', phone: '+15555550100', email: 'kid@example.com' });

    expect(view).toMatchObject({ type: 'permanent', name: 'Kid', startsAt: null, endsAt: null, schedule: null });
    expect(view.code).toMatch(/^\d{4}$/);
    expect(view.shareUrl).toMatch(new RegExp(`^https://keyway\\.test/g/${view.id}\\.`));
    expect(doorNames(view)).toEqual(['Lobby', 'Main Gate', 'Unit 101 Front Door']);
    expect(view.doors.every((d) => d.status === 'pending' && d.reason === 'awaiting_sync')).toBe(true);

    const row = await h.accessCodeRow(view.id);
    expect(row).toMatchObject({
      kind: 'guest',
      holderId: null,
      ownerId: h.alex.personId,
      scope: null,
      origin: 'generated',
      guestType: 'permanent',
      guestName: 'Kid',
      version: 1,
      status: 'active',
      ...h.cipher.fingerprints(view.code),
    });
    const lockIds = await Promise.all(['Unit 101 Front Door', 'Main Gate', 'Lobby'].map((d) => h.lockOf(d)));
    const rows = await h.lockCodesOf(view.id);
    expect(rows.map((r) => r.lockId).sort()).toEqual([...lockIds].sort());
    for (const r of rows) expect(r).toMatchObject({ intent: 'present', state: 'pending', desiredVersion: 1 });

    const [event] = await h.eventsAbout(view.id);
    expect(event).toMatchObject({
      type: 'guest_code.created',
      actorId: h.alex.personId,
      data: { ownerId: h.alex.personId, guestType: 'permanent', guestName: 'Kid', doors: 3 },
    });
    expect(JSON.stringify(event!.data)).not.toContain(view.code);
    expect(h.sync.requests).toHaveLength(1);
    expect(h.sync.requests[0]!.inTransaction).toBe(true);
    expect([...h.sync.requests[0]!.lockIds].sort()).toEqual([...lockIds].sort());

    // The guest gets the link by SMS and email; no message carries the PIN.
    const sent = (await h.db.select().from(messages)).filter((m) => m.body.includes(view.shareUrl));
    expect(sent.map((m) => [m.channel, m.recipient, m.status]).sort()).toEqual([
      ['email', 'kid@example.com', 'queued'],
      ['sms', '+15555550100', 'queued'],
    ]);
    for (const m of sent) expect(`${m.subject} ${m.body}`).not.toContain(view.code);
  });

  it('a delivery code opens community doors only and lives for the community setting', async () => {
    const view = await create({ type: 'delivery', name: 'Courier' });
    expect(doorNames(view)).toEqual(['Lobby', 'Main Gate']);
    expect(view.startsAt).toEqual(h.clock.now());
    expect(view.endsAt).toEqual(new Date(h.clock.now().getTime() + 2 * 3_600_000));
  });

  it("takes only the doors asked for, when they are the resident's to share", async () => {
    const [pool] = (await h.cardsOf(h.alex)).community.doors.filter((d) => d.name === 'Pool');
    const view = await create({ type: 'permanent', name: 'Swimmer', accessPointIds: [pool!.accessPointId] });
    expect(doorNames(view)).toEqual(['Pool']);
  });

  it('is 6 digits where the community enables 6-digit codes', async () => {
    await h.setSettings({ sixDigitCodes: true });
    try {
      expect((await create({ type: 'permanent', name: 'Long' })).code).toMatch(/^\d{6}$/);
    } finally {
      await h.setSettings({ sixDigitCodes: false });
    }
  });

  it('never equals a code on its doors, even when the random source keeps offering one', async () => {
    const home = (await h.cardsOf(h.alex)).home.code; // on Unit 101 Front Door
    h.random.pin(Number(home));
    const view = await create({ type: 'permanent', name: 'Neighbour' });
    expect(view.code).toMatch(/^\d{4}$/);
    expect(view.code).not.toBe(home);
  });
});

describe('refusals, each leaving nothing behind', () => {
  async function refused(props: unknown, code: KeywayErrorCode) {
    const before = await h.snapshot();
    const error = await expectKeywayError(create(props as CreateGuestCodeProps), code);
    expect(await h.snapshot()).toEqual(before);
    return error;
  }

  it.each([['1234'], [null], [''], [undefined]])(
    'a request that names digits (code: %j) is guest_code_not_customizable',
    async (code) => {
      await refused({ type: 'permanent', name: 'Kid', code }, 'guest_code_not_customizable');
    },
  );

  it('guest_type_disabled for a type the community does not offer', async () => {
    await h.setSettings({ guestTypes: ['permanent', 'temporary', 'recurring'] });
    try {
      const error = await refused({ type: 'delivery', name: 'Courier' }, 'guest_type_disabled');
      expect(error.details).toEqual({ type: 'delivery' });
    } finally {
      await h.setSettings({ guestTypes: ['permanent', 'temporary', 'recurring', 'delivery'] });
    }
  });

  it("invalid_request for a door that is not the resident's to share", async () => {
    const blairsDoor = (await h.cardsOf(h.blair)).home.doors[0]!.accessPointId;
    const error = await refused({ type: 'permanent', name: 'Kid', accessPointIds: [blairsDoor] }, 'invalid_request');
    expect(error.details).toEqual({ field: 'accessPointIds' });
  });

  it('conflict_state once the resident has as many live guest codes as the community allows', async () => {
    await create({ type: 'permanent', name: 'One' }); // at least one is live
    await h.setSettings({ maxGuestCodesPerResident: 1 });
    try {
      const error = await refused({ type: 'permanent', name: 'One too many' }, 'conflict_state');
      expect(error.details).toEqual({ limit: 1 });
    } finally {
      await h.setSettings({ maxGuestCodesPerResident: 25 });
    }
  });

  it('rate_limited after 20 attempts in a minute, refused ones included', async () => {
    await h.setSettings({ guestTypes: ['permanent'] });
    try {
      for (let i = 0; i < 20; i++) {
        await expectKeywayError(create({ type: 'delivery', name: 'Courier' }), 'guest_type_disabled');
      }
      const error = await refused({ type: 'permanent', name: 'Kid' }, 'rate_limited');
      expect(error.details).toEqual({ retryAfterSeconds: 60 });
    } finally {
      await h.setSettings({ guestTypes: ['permanent', 'temporary', 'recurring', 'delivery'] });
    }
  });
});
