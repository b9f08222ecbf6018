/**
 * Figures 3 and 5: a resident's code change end to end (202 → the API shows the door active with the new code),
 * under a background of other changes at a fixed rate; then a minute of mixed traffic with one hub flapping.
 * Every request goes to one of the two Keyway processes (alternating) and every check reads from the other one,
 * so a figure includes one process seeing the other's writes.
 */
import type pg from 'pg';
import { type Summary, summarize } from '../percentiles.ts';
import { type KeywayApi, sleep, waitSettled } from './api.ts';
import type { KeypadTraffic } from './keypad.ts';
import type { Proc } from './processes.ts';
import type { ResidentPool } from './residentPool.ts';
import type { SessionResident } from './world.ts';

/** Fires `fn` `perSecond` times a second (open loop: a slow answer does not slow the rate) until stopped. */
function atRate(perSecond: number, fn: () => Promise<void>): { stop(): Promise<void> } {
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let fired = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    for (; fired < due; fired++) {
      const p = fn().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }, 10);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}

export interface ChangeLatency {
  latency: Summary;
  timeouts: number;
  backgroundSent: number;
  backgroundRate: number;
}

interface Change {
  resident: SessionResident;
  cardId: string;
  code: string;
}

/** Figure 3: `samples` sequential Home-code changes, while background changes go on at `backgroundRate`/s. */
export async function codeChangeLatency(
  api: KeywayApi,
  measured: ResidentPool,
  background: ResidentPool,
  options: { samples: number; backgroundRate: number; timeoutMs: number },
): Promise<ChangeLatency> {
  let k = 0;
  let backgroundSent = 0;
  const bg = atRate(options.backgroundRate, async () => {
    const resident = background.take();
    if (!resident) return;
    const port = api.ports[k++ % api.ports.length]!;
    backgroundSent++;
    await api.generate(port, resident, k % 2 ? resident.homeCardId : resident.communityCardId);
  });
  await sleep(2_000); // the background reaches its rate first
  const samples: number[] = [];
  let timeouts = 0;
  for (let i = 0; i < options.samples; i++) {
    let resident = measured.take();
    while (!resident) {
      await sleep(50);
      resident = measured.take();
    }
    const port = api.ports[i % api.ports.length]!;
    const t0 = performance.now();
    const code = await api.generate(port, resident, resident.homeCardId);
    if (!code) continue;
    const done = await waitSettled(
      api,
      api.otherPort(port),
      resident,
      resident.homeCardId,
      code,
      t0 + options.timeoutMs,
      10,
    );
    if (done === undefined) {
      timeouts++;
      // The fleet is not keeping up: more samples would only add minutes of waiting.
      if (timeouts >= 3) break;
    } else samples.push(done - t0);
    await sleep(Math.random() * 100);
  }
  await bg.stop();
  return { latency: summarize(samples), timeouts, backgroundSent, backgroundRate: options.backgroundRate };
}

export interface MixedOptions {
  seconds: number;
  readsPerSecond: number;
  changesPerSecond: number;
  guestsPerSecond: number;
  keypadPerSecond: number;
  flapEverySeconds: number;
  /** How long the flapping hub stays stopped each time. */
  flapStopSeconds: number;
  /** After the traffic: how long changes may take to settle before they count as lost. */
  settleMs: number;
}

export interface MixedResults {
  reads: Summary;
  changes: Summary;
  guests: Summary;
  changesMade: number;
  guestsMade: number;
  keypadEvents: number;
  keypadErrors: number;
  flaps: number;
  errors: number;
  errorSamples: string[];
  lostChanges: number;
  lostGuests: number;
  requests: number;
}

/** Figure 5: a minute of reads, code changes, guest creates and keypad use, one hub SIGSTOPped every 10 s. */
export async function mixedTraffic(
  api: KeywayApi,
  pool: pg.Pool,
  pools: { readers: readonly SessionResident[]; changers: ResidentPool; guests: ResidentPool },
  keypad: KeypadTraffic,
  flapping: { proc: Proc; hubId: string },
  options: MixedOptions,
): Promise<MixedResults> {
  const errorsBefore = api.errors.count;
  const reads: number[] = [];
  const changeLatency: number[] = [];
  const guestLatency: number[] = [];
  /** The last change asked of each card: it must end as the card's code on every door. */
  const lastChange = new Map<string, Change>();
  const pendingGuests = new Map<string, number>();
  const pollers = new Set<Promise<void>>();
  let changesMade = 0;
  let guestsMade = 0;
  let n = 0;
  const port = () => api.ports[n++ % api.ports.length]!;
  // Every change, however late in the minute, must have settled by the same instant.
  const settleBy = performance.now() + options.seconds * 1000 + options.settleMs;
  const deadline = () => settleBy;

  let stoppedHub: string | undefined;
  let flaps = 0;
  const flapTimer = setInterval(() => {
    flaps++;
    stoppedHub = flapping.hubId;
    flapping.proc.child.kill('SIGSTOP');
    setTimeout(() => {
      flapping.proc.child.kill('SIGCONT');
      stoppedHub = undefined;
    }, options.flapStopSeconds * 1000);
  }, options.flapEverySeconds * 1000);
  keypad.start(options.keypadPerSecond, () => stoppedHub);

  const readLoad = atRate(options.readsPerSecond, async () => {
    const resident = pools.readers[Math.floor(Math.random() * pools.readers.length)]!;
    const t0 = performance.now();
    if (await api.cards(port(), resident)) reads.push(performance.now() - t0);
  });
  const changeLoad = atRate(options.changesPerSecond, async () => {
    const resident = pools.changers.take();
    if (!resident) return;
    const cardId = changesMade % 2 ? resident.communityCardId : resident.homeCardId;
    const p = port();
    const t0 = performance.now();
    const code = await api.generate(p, resident, cardId);
    if (!code) return;
    changesMade++;
    const change = { resident, cardId, code };
    lastChange.set(cardId, change);
    const wanted = () => lastChange.get(cardId) === change;
    const poll = waitSettled(api, api.otherPort(p), resident, cardId, code, deadline(), 100, wanted).then((done) => {
      // A later change of the same card supersedes this one: only the last one must settle.
      if (done !== undefined) changeLatency.push(done - t0);
    });
    pollers.add(poll);
    void poll.finally(() => pollers.delete(poll));
  });
  const guestLoad = atRate(options.guestsPerSecond, async () => {
    const resident = pools.guests.take();
    if (!resident) return;
    const t0 = performance.now();
    const id = await api.createGuest(port(), resident, `Scale guest ${guestsMade + 1}`);
    if (!id) return;
    guestsMade++;
    pendingGuests.set(id, t0);
  });
  // Guest codes settle when every one of their lock_codes rows is active (polled from the database).
  const guestWatch = (async () => {
    const end = deadline();
    while (performance.now() < end) {
      await sleep(200);
      if (pendingGuests.size === 0) {
        if (performance.now() > end - options.settleMs) break;
        continue;
      }
      const { rows } = await pool.query<{ id: string }>(
        `select access_code_id as id from lock_codes where access_code_id = any($1::uuid[])
         group by access_code_id having bool_and(state = 'active' and reported_version = desired_version)`,
        [[...pendingGuests.keys()]],
      );
      const now = performance.now();
      for (const { id } of rows) {
        guestLatency.push(now - pendingGuests.get(id)!);
        pendingGuests.delete(id);
      }
    }
  })();

  await sleep(options.seconds * 1000);
  clearInterval(flapTimer);
  await Promise.all([readLoad.stop(), changeLoad.stop(), guestLoad.stop()]);
  await keypad.stop();
  flapping.proc.child.kill('SIGCONT');
  stoppedHub = undefined;

  // Lost changes: the last change of a card that never settled (every poller ends by the deadline).
  const lastSettled = await Promise.all(
    [...lastChange.values()].map(async (c) => {
      const done = await waitSettled(api, api.ports[0]!, c.resident, c.cardId, c.code, deadline(), 250);
      return done !== undefined;
    }),
  );
  await Promise.all(pollers);
  await guestWatch;
  return {
    reads: summarize(reads),
    changes: summarize(changeLatency),
    guests: summarize(guestLatency),
    changesMade,
    guestsMade,
    keypadEvents: keypad.published,
    keypadErrors: keypad.errors,
    flaps,
    errors: api.errors.count - errorsBefore,
    errorSamples: api.errors.samples,
    lostChanges: lastSettled.filter((ok) => !ok).length,
    lostGuests: pendingGuests.size,
    requests: api.requests,
  };
}
