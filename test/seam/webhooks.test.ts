/**
 * Webhooks as an integrator meets them: registered with Seam's SDK (or in the console), driven by real Keyway
 * activity (integration codes reaching the simulated lock, keypad use, a hub unplugged and replugged), received by a
 * real HTTP server that verifies EVERY delivery with Seam's own `SeamWebhook(secret).verify` — an unverifiable one
 * fails the test. A receiver that is down gets its events once it is back; an endpoint failing for 24 hours is
 * disabled with the reason, and a manager can enable it again. Private addresses are refused unless the operator
 * allows them, at registration and at every delivery. Another community sees none of it.
 */
import { isSeamHttpApiError, type SeamHttp, SeamHttpInvalidInputError } from '@seamapi/http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecretBinding } from '../../src/events/webhooks/signing.ts';
import { insertWebhookEndpoint } from '../../src/store/repositories/webhooks.ts';
import { eventually } from '../support/testKeyway.ts';
import { otherCommunityClient, type SeamKeyway, startSeamKeyway } from './seamHarness.ts';
import { WebhookReceiver } from './webhookReceiver.ts';

let s: SeamKeyway;
let seam: SeamHttp;
let receiver: WebhookReceiver;
let locks: { lockId: string; name: string; hubId: string | null }[];
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  s = await startSeamKeyway();
  seam = s.seam;
  receiver = await WebhookReceiver.start();
  receivers.push(receiver);
  locks = (await s.t.request('GET', '/api/v1/sim/locks', { token: s.manager })).json().locks;
});
afterAll(async () => {
  for (const r of receivers) await r.stop();
  await s.t.close();
});
afterEach(() => {
  // Every delivery that reached a receiver verified with Seam's verifier.
  for (const r of receivers) expect(r.unverifiable).toEqual([]);
});

const lock = (name: string) => {
  const found = locks.find((l) => l.name === name);
  if (!found) throw new Error(`no lock ${name}`);
  return found;
};
const device = (name: string) => lock(name).lockId;
const keypad = async (name: string, code: string): Promise<boolean> =>
  (await s.t.request('POST', `/api/v1/sim/locks/${device(name)}/keypad`, { token: s.manager, body: { code } })).json()
    .unlocked;
/** A code no lock holds (locks take 4 or 6 digits): the keypad refuses it. */
const WRONG_CODE = '000';
/** A refused code, a second later than the last (keypad events are deduplicated by lock, time and outcome). */
const refuseOnce = async (name = 'Pool') => {
  s.t.clock.advance(1_000);
  expect(await keypad(name, WRONG_CODE)).toBe(false);
};
const hubOnline = async (hubId: string, online: boolean) => {
  await s.t.request('POST', `/api/v1/sim/hubs/${hubId}/online`, { token: s.manager, body: { online } });
  await eventually(async () => {
    const hubs = (await s.t.request('GET', '/api/v1/hubs', { token: s.manager })).json().hubs;
    return hubs.find((h: { id: string; online: boolean }) => h.id === hubId)?.online === online;
  });
};
const drain = () => s.t.keyway.webhooks.drain();
/** Drains (projects and sends what is due) until `check` holds. */
const until = <T>(check: () => T | undefined | false | Promise<T | undefined | false>, what = 'deliveries') =>
  eventually(
    async () => {
      await drain();
      return check();
    },
    10_000,
    what,
  );

interface ConsoleWebhook {
  id: string;
  url: string;
  eventTypes: string[] | null;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  failingSince: string | null;
  createdBy: { kind: string; name: string } | null;
  pendingDeliveries: number;
  failedDeliveries: number;
}
interface ConsoleDelivery {
  id: string;
  createdAt: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: string | null;
  attempts: { at: string; statusCode: number | null; error: string | null; durationMs: number }[];
}
const consoleWebhooks = async (token = s.manager): Promise<ConsoleWebhook[]> =>
  (await s.t.request('GET', '/api/v1/webhooks', { token })).json().webhooks;
const consoleWebhook = async (id: string) => (await consoleWebhooks()).find((w) => w.id === id);
const deliveries = async (id: string): Promise<ConsoleDelivery[]> => {
  const response = await s.t.request('GET', `/api/v1/webhooks/${id}/deliveries`, { token: s.manager });
  expect(response.statusCode).toBe(200);
  return response.json().deliveries;
};

async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (isSeamHttpApiError(error)) return error;
    throw error;
  }
  throw new Error('the call went through');
}

describe('webhooks registered with Seam’s SDK', () => {
  it('deliver integration-code, keypad and connectivity events, signed, each once, with the event id as webhook-id', async () => {
    const webhook = await seam.webhooks.create({ url: receiver.url('/all') });
    receiver.secretFor('/all', webhook.secret as string);
    expect(webhook).toMatchObject({ url: receiver.url('/all'), secret: expect.stringMatching(/^whsec_/) });
    expect(webhook.event_types).toEqual(
      expect.arrayContaining([
        'access_code.created',
        'access_code.set_on_device',
        'lock.unlocked',
        'device.disconnected',
      ]),
    );

    const unit = device('Unit 101 Front Door');
    const code = await seam.accessCodes.create({ device_id: unit, name: 'Guest 1' });
    const pin = code.code as string;
    await until(() => receiver.events('/all', 'access_code.set_on_device').length > 0, 'the code set on the lock');
    const ours = { device_id: unit, access_code_id: code.access_code_id, workspace_id: code.workspace_id };
    expect(receiver.events('/all', 'access_code.created')).toEqual([expect.objectContaining(ours)]);
    expect(receiver.events('/all', 'access_code.set_on_device')).toEqual([expect.objectContaining(ours)]);

    expect(await keypad('Unit 101 Front Door', pin)).toBe(true);
    await until(() => receiver.events('/all', 'lock.unlocked').length > 0, 'lock.unlocked');
    expect(receiver.events('/all', 'lock.unlocked')).toEqual([
      expect.objectContaining({ ...ours, method: 'keycode', access_code_is_managed: true }),
    ]);

    await refuseOnce('Unit 101 Front Door');
    await until(() => receiver.events('/all', 'lock.access_denied').length > 0, 'lock.access_denied');
    expect(receiver.events('/all', 'lock.access_denied')[0]).toMatchObject({ device_id: unit });

    // The building hub carries three doors: unplugged, each of them disconnects; replugged, each connects again.
    const buildingHub = lock('Main Gate').hubId as string;
    const behindIt = locks.filter((l) => l.hubId === buildingHub).map((l) => l.lockId);
    expect(behindIt).toHaveLength(3);
    // Events Keyway made while starting (hubs announcing themselves) may reach a webhook created just after: count
    // from here on.
    const sinceUnplug = receiver.received.length;
    const fromHere = (type: string) =>
      receiver.received
        .slice(sinceUnplug)
        .filter((r) => r.path === '/all' && r.event.event_type === type)
        .map((r) => r.event);
    await hubOnline(buildingHub, false);
    await until(() => fromHere('device.disconnected').length >= 3, 'device.disconnected');
    await hubOnline(buildingHub, true);
    await until(
      () => fromHere('device.connected').filter((e) => behindIt.includes(e.device_id as string)).length >= 3,
      'device.connected',
    );
    const disconnected = fromHere('device.disconnected');
    expect(disconnected.map((e) => e.device_id).sort()).toEqual([...behindIt].sort());
    expect(disconnected[0]).toMatchObject({ error_code: 'hub_disconnected', connected_account_id: buildingHub });
    // (Other hubs may announce themselves too while Keyway starts: only these three matter here.)
    const reconnected = fromHere('device.connected').filter((e) => behindIt.includes(e.device_id as string));
    expect(reconnected.map((e) => e.device_id).sort()).toEqual([...behindIt].sort());

    await seam.accessCodes.delete({ access_code_id: code.access_code_id });
    await until(() => receiver.events('/all', 'access_code.removed_from_device').length > 0, 'removed from the lock');
    expect(receiver.events('/all', 'access_code.deleted')).toEqual([expect.objectContaining({ ...ours, code: null })]);

    // Once each, the same id in the header and the body, and what /events/list serves.
    const received = receiver.received.filter((r) => r.path === '/all');
    const ids = received.map((r) => r.event.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of received) expect(r.headers['webhook-id']).toBe(r.event.event_id);
    const listed = await seam.events.list({ since: new Date(0).toISOString(), limit: 1000 });
    for (const r of received) expect(listed).toContainEqual(r.event);
    // No PIN anywhere: Seam's `code` field on events is null.
    for (const r of received) expect(r.event.code ?? null).toBeNull();

    await seam.webhooks.delete({ webhook_id: webhook.webhook_id });
  });

  it('keep trying a receiver that answers 503 or is down, and deliver once it is back', async () => {
    const flaky = await WebhookReceiver.start();
    receivers.push(flaky);
    const webhook = await seam.webhooks.create({ url: flaky.url('/flaky'), event_types: ['lock.access_denied'] });
    flaky.secretFor('/flaky', webhook.secret as string);
    flaky.status.set('/flaky', 503);

    await refuseOnce();
    await until(() => flaky.hits.length > 0, 'the first attempt');
    const [first] = await deliveries(webhook.webhook_id);
    expect(first).toMatchObject({ eventType: 'lock.access_denied', status: 'pending' });
    expect(first?.attempts).toEqual([expect.objectContaining({ statusCode: 503, error: null })]);
    // Retried 10 s later (by the injectable clock), not before.
    expect(Date.parse(first?.nextAttemptAt as string) - Date.parse(first?.attempts[0]?.at as string)).toBe(10_000);
    await drain();
    expect(flaky.hits).toHaveLength(1);

    await flaky.down();
    s.t.clock.advance(10_000);
    await drain();
    const [second] = await deliveries(webhook.webhook_id);
    expect(second?.attempts.map((a) => a.statusCode)).toEqual([503, null]);
    expect(second?.attempts[1]?.error).toBeTruthy();
    expect((await consoleWebhook(webhook.webhook_id))?.failingSince).not.toBeNull();

    await flaky.up();
    flaky.status.set('/flaky', 200);
    s.t.clock.advance(30_000);
    await until(() => flaky.events('/flaky').length > 0, 'the retry after the receiver came back');
    const [done] = await deliveries(webhook.webhook_id);
    expect(done).toMatchObject({ status: 'delivered', nextAttemptAt: null });
    expect(done?.attempts.map((a) => a.statusCode)).toEqual([503, null, 200]);
    expect(flaky.events('/flaky')[0]?.event_id).toBe(done?.eventId);
    expect(await consoleWebhook(webhook.webhook_id)).toMatchObject({ failingSince: null, pendingDeliveries: 0 });
    await seam.webhooks.delete({ webhook_id: webhook.webhook_id });
  });
});

describe('an endpoint that keeps failing', () => {
  it('is disabled after 24 hours without a successful delivery; enabled again, it gets what was queued', async () => {
    const dead = await WebhookReceiver.start();
    receivers.push(dead);
    await dead.down();
    const created = await s.t.request('POST', '/api/v1/webhooks', {
      token: s.manager,
      body: { url: dead.url('/dead'), eventTypes: ['lock.access_denied'] },
    });
    expect(created.statusCode).toBe(201);
    const { webhook, secret } = created.json() as { webhook: ConsoleWebhook; secret: string };
    dead.secretFor('/dead', secret);

    const attempted = (count: number) => async () =>
      (await deliveries(webhook.id)).filter((d) => d.attempts.length > 0).length === count;
    await refuseOnce(); // A: first tried now, for 24 hours
    await until(attempted(1), 'the first try of A');
    s.t.clock.advance(60 * 60_000);
    await refuseOnce(); // B: an hour later
    await until(attempted(2), 'the first try of B');

    // Follow the schedule: move the clock to the next due attempt, and let it run.
    for (let round = 0; round < 40 && (await consoleWebhook(webhook.id))?.status === 'enabled'; round++) {
      const due = (await deliveries(webhook.id))
        .filter((d) => d.status === 'pending' && d.nextAttemptAt)
        .map((d) => Date.parse(d.nextAttemptAt as string));
      const next = Math.min(...due);
      expect(Number.isFinite(next), 'a delivery is due').toBe(true);
      if (next > s.t.clock.now().getTime()) s.t.clock.advance(next - s.t.clock.now().getTime());
      await drain();
    }
    const disabled = await consoleWebhook(webhook.id);
    expect(disabled?.status).toBe('disabled');
    expect(disabled?.disabledReason).toMatch(/^No successful delivery since .* \(last error: Connection refused\.\)/);
    const [b, a] = await deliveries(webhook.id);
    expect(a).toMatchObject({ status: 'failed', nextAttemptAt: null });
    // Tried with growing gaps (at most 4 hours apart) until 24 hours after it was queued, the last try on the mark.
    const tries = (a?.attempts ?? []).map((t) => Date.parse(t.at));
    expect(tries.length).toBeGreaterThanOrEqual(12);
    expect((tries.at(-1) as number) - Date.parse(a?.createdAt as string)).toBe(24 * 3_600_000);
    for (let i = 1; i < tries.length; i++) {
      expect((tries[i] as number) - (tries[i - 1] as number)).toBeGreaterThanOrEqual(10_000);
      expect((tries[i] as number) - (tries[i - 1] as number)).toBeLessThanOrEqual(4 * 3_600_000);
    }
    expect(b?.status).toBe('pending');
    expect(disabled).toMatchObject({ pendingDeliveries: 1, failedDeliveries: 1 });
    const activity = (await s.t.request('GET', '/api/v1/activity?type=webhook.disabled', { token: s.manager })).json();
    expect(JSON.stringify(activity)).not.toContain(secret);

    // Nothing is tried while it is disabled.
    s.t.clock.advance(24 * 3_600_000);
    await drain();
    expect((await deliveries(webhook.id))[0]?.attempts).toHaveLength(b?.attempts.length as number);

    await dead.up();
    const enabled = await s.t.request('POST', `/api/v1/webhooks/${webhook.id}/enable`, { token: s.manager });
    expect(enabled.json().webhook).toMatchObject({ status: 'enabled', disabledReason: null, failingSince: null });
    await until(() => dead.events('/dead').length > 0, 'the queued delivery after enabling');
    expect(dead.events('/dead').map((e) => e.event_id)).toEqual([b?.eventId]);
    expect((await deliveries(webhook.id))[0]?.status).toBe('delivered');
    await s.t.request('DELETE', `/api/v1/webhooks/${webhook.id}`, { token: s.manager });
  });
});

describe('the console and the Seam API show the same endpoints', () => {
  it('with who made them; the secret only once; residents refused; deleting one in either place removes it', async () => {
    const viaSeam = await seam.webhooks.create({ url: receiver.url('/seam-made'), event_types: ['lock.unlocked'] });
    const viaConsole = await s.t.request('POST', '/api/v1/webhooks', {
      token: s.manager,
      body: { url: receiver.url('/console-made') },
    });
    expect(viaConsole.statusCode).toBe(201);
    const consoleMade = viaConsole.json().webhook as ConsoleWebhook;
    expect(viaConsole.json().secret).toMatch(/^whsec_/);

    const list = await consoleWebhooks();
    expect(list.find((w) => w.id === viaSeam.webhook_id)).toMatchObject({
      url: receiver.url('/seam-made'),
      eventTypes: ['lock.unlocked'],
      status: 'enabled',
      createdBy: { kind: 'api_key', name: 'Property software' },
    });
    expect(list.find((w) => w.id === consoleMade.id)).toMatchObject({
      eventTypes: null,
      createdBy: { kind: 'person', name: 'Morgan Reyes' },
    });
    const listed = await s.t.request('GET', '/api/v1/webhooks', { token: s.manager });
    expect(listed.body).not.toContain(viaConsole.json().secret);
    expect(listed.body).not.toContain('whsec_');

    // Seam's API lists both (with their secrets, as Seam does), and changes either.
    const sdkList = await seam.webhooks.list();
    expect(sdkList.map((w) => w.webhook_id)).toEqual(expect.arrayContaining([viaSeam.webhook_id, consoleMade.id]));
    expect((await seam.webhooks.get({ webhook_id: consoleMade.id })).secret).toBe(viaConsole.json().secret);
    await seam.webhooks.update({ webhook_id: consoleMade.id, event_types: ['device.connected'] });
    expect((await consoleWebhook(consoleMade.id))?.eventTypes).toEqual(['device.connected']);

    // API keys manage them in the console API too (they act as the community's management).
    const asKey = await s.t.request('GET', '/api/v1/webhooks', { token: s.key });
    expect(asKey.statusCode).toBe(200);
    expect(asKey.json().webhooks.map((w: ConsoleWebhook) => w.id)).toContain(consoleMade.id);

    const resident = await s.t.login('alex@maplecourt.example');
    expect((await s.t.request('GET', '/api/v1/webhooks', { token: resident })).statusCode).toBe(403);
    const refused = await s.t.request('POST', '/api/v1/webhooks', {
      token: resident,
      body: { url: receiver.url('/resident') },
    });
    expect(refused.statusCode).toBe(403);

    expect(
      (await s.t.request('DELETE', `/api/v1/webhooks/${viaSeam.webhook_id}`, { token: s.manager })).statusCode,
    ).toBe(200);
    expect((await refusal(seam.webhooks.get({ webhook_id: viaSeam.webhook_id }))).code).toBe('webhook_not_found');
    await seam.webhooks.delete({ webhook_id: consoleMade.id });
    expect((await consoleWebhooks()).map((w) => w.id)).not.toContain(consoleMade.id);
    expect((await refusal(seam.webhooks.delete({ webhook_id: consoleMade.id }))).code).toBe('webhook_not_found');
  });
});

describe('another community', () => {
  it('sees none of these webhooks or events, and its endpoints get none of them', async () => {
    const webhook = await seam.webhooks.create({ url: receiver.url('/maple'), event_types: ['lock.access_denied'] });
    receiver.secretFor('/maple', webhook.secret as string);
    const other = await otherCommunityClient(s.t);
    const theirs = await other.seam.webhooks.create({ url: receiver.url('/birch') });
    receiver.secretFor('/birch', theirs.secret as string);

    await refuseOnce();
    await until(() => receiver.events('/maple').length > 0, 'Maple Court’s delivery');
    const event = receiver.events('/maple')[0] as { event_id: string };

    expect((await other.seam.webhooks.list()).map((w) => w.webhook_id)).toEqual([theirs.webhook_id]);
    for (const call of [
      other.seam.webhooks.get({ webhook_id: webhook.webhook_id }),
      other.seam.webhooks.update({ webhook_id: webhook.webhook_id, event_types: ['lock.unlocked'] }),
      other.seam.webhooks.delete({ webhook_id: webhook.webhook_id }),
    ])
      expect((await refusal(call)).code).toBe('webhook_not_found');
    expect((await seam.webhooks.get({ webhook_id: webhook.webhook_id })).event_types).toEqual(['lock.access_denied']);
    expect(await other.seam.events.list({ since: new Date(0).toISOString() })).toEqual([]);
    expect((await refusal(other.seam.events.get({ event_id: event.event_id }))).statusCode).toBe(404);

    expect(await consoleWebhooks(other.manager)).toHaveLength(1);
    for (const [method, path] of [
      ['GET', `/api/v1/webhooks/${webhook.webhook_id}/deliveries`],
      ['POST', `/api/v1/webhooks/${webhook.webhook_id}/enable`],
      ['DELETE', `/api/v1/webhooks/${webhook.webhook_id}`],
    ] as const) {
      const response = await s.t.request(method, path, { token: other.manager });
      expect(response.statusCode, `${method} ${path}`).toBe(404);
    }
    expect(receiver.events('/birch')).toEqual([]);
    await seam.webhooks.delete({ webhook_id: webhook.webhook_id });
  });
});

describe('addresses', () => {
  it('private and loopback receivers are refused unless the operator allows them, at registration and at delivery', async () => {
    const strict = await startSeamKeyway({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'false' } });
    try {
      for (const url of [
        receiver.url('/private'),
        'http://localhost:8080/hook',
        'http://169.254.169.254/latest/meta-data/',
        'http://[::1]:8080/',
        'http://[::ffff:10.0.0.1]/',
        'http://192.168.1.20/hook',
        'ftp://hooks.example.com/',
        'https://user:password@hooks.example.com/',
      ]) {
        const error = await refusal(strict.seam.webhooks.create({ url }));
        expect(error, url).toBeInstanceOf(SeamHttpInvalidInputError);
        expect(error.code).toBe('invalid_input');
        const viaConsole = await strict.t.request('POST', '/api/v1/webhooks', { token: strict.manager, body: { url } });
        expect(viaConsole.statusCode, url).toBe(422);
        expect(viaConsole.json().error.code).toBe('url_not_allowed');
      }
      expect(await strict.seam.webhooks.list()).toEqual([]);

      // An endpoint that points inside anyway (registered before the rules changed, say) is checked again at every
      // delivery: the attempt is recorded as refused and nothing is sent.
      const id = strict.t.keyway.deps.random.uuid();
      const community = (await strict.seam.workspaces.get()).workspace_id;
      await strict.t.keyway.deps.db.transaction((tx) =>
        insertWebhookEndpoint(tx, {
          id,
          communityId: community,
          url: receiver.url('/inside'),
          secretEnc: strict.t.keyway.deps.cipher.encrypt('whsec_AAAA', webhookSecretBinding(id)),
          eventTypes: ['lock.access_denied'],
          status: 'enabled',
          createdAt: strict.t.clock.now(),
        }),
      );
      strict.t.clock.advance(1_000);
      const pool = (await strict.t.request('GET', '/api/v1/sim/locks', { token: strict.manager }))
        .json()
        .locks.find((l: { name: string }) => l.name === 'Pool').lockId;
      await strict.t.request('POST', `/api/v1/sim/locks/${pool}/keypad`, {
        token: strict.manager,
        body: { code: WRONG_CODE },
      });
      const attempts = await eventually(async () => {
        await strict.t.keyway.webhooks.drain();
        const list = (
          await strict.t.request('GET', `/api/v1/webhooks/${id}/deliveries`, { token: strict.manager })
        ).json().deliveries as ConsoleDelivery[];
        return list[0]?.attempts.length ? list[0].attempts : undefined;
      });
      expect(attempts[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/does not send webhooks/) });
      expect(receiver.hits.filter((h) => h.path === '/inside')).toEqual([]);
    } finally {
      await strict.t.close();
    }
  });
});
