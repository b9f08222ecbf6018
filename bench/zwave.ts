/**
 * Figure 8: the zwave driver on zwave-js's mock controller (src/hub/zwave/mockZwave.ts) — a set confirmed by
 * the lock (Supervision), p50/p99 over `sets` sets once every slot has been used (the first set into a slot
 * since the start costs one more exchange, reported apart), the same without Supervision (confirmed by
 * read-back), and a full 30-slot inventory (readSlots) with the default pacing and with none. The mock radio takes `txDelayMs` per frame each way (zwave-js's mock default, 10 ms);
 * real locks take 100–300 ms per exchange (FLiRS locks more), so these are the driver's own costs plus a fast
 * radio, not a prediction for a building. Figures, no assertions.
 */

import { startMockZwave } from '../src/hub/zwave/mockZwave.ts';
import { ZwaveLock } from '../src/hub/zwave/zwaveLock.ts';
import { silentLogger } from '../src/mqtt/testBroker.ts';
import { type Summary, summarize } from './percentiles.ts';

export interface ZwaveBenchOptions {
  sets: number;
  slots: number;
  txDelayMs: number;
  /** The driver's default pause between slot reads, ms. */
  defaultPauseMs: number;
  log: (line: string) => void;
}

export const DEFAULT_ZWAVE_BENCH_OPTIONS: Omit<ZwaveBenchOptions, 'log'> = {
  sets: 50,
  slots: 30,
  txDelayMs: 10,
  defaultPauseMs: 200,
};

export interface ZwaveBenchResults {
  startupMs: number;
  /** The first set into each slot since the start: one more exchange (lifting any schedule of the slot). */
  firstUse: Summary;
  set: Summary;
  setUnsupervised: Summary;
  inventoryPacedMs: number;
  inventoryUnpacedMs: number;
  options: Omit<ZwaveBenchOptions, 'log'>;
}

export async function runZwaveBench(options: ZwaveBenchOptions): Promise<ZwaveBenchResults> {
  const { log, ...settings } = options;
  const started = performance.now();
  const zwave = await startMockZwave(
    [
      { nodeId: 2, slots: settings.slots, txDelayMs: settings.txDelayMs },
      { nodeId: 3, slots: settings.slots, txDelayMs: settings.txDelayMs, supervision: false },
    ],
    { logger: silentLogger },
  );
  const startupMs = performance.now() - started;
  log(`  mock network with 2 lock nodes interviewed in ${(startupMs / 1000).toFixed(1)} s`);
  try {
    const supervised = zwave.locks.get(2)!;
    const firstUse = summarize(await timeSets(supervised, settings.slots, settings.slots, 0));
    log(
      `  first set into each of ${firstUse.n} slots (Supervision; lifts any schedule): p50 ${firstUse.p50.toFixed(1)} ms, p99 ${firstUse.p99.toFixed(1)} ms`,
    );
    const set = summarize(await timeSets(supervised, settings.sets, settings.slots, settings.slots));
    log(`  set → confirmed (Supervision), ${set.n} sets: p50 ${set.p50.toFixed(1)} ms, p99 ${set.p99.toFixed(1)} ms`);
    const plain = zwave.locks.get(3)!;
    await timeSets(plain, settings.slots, settings.slots, 0); // first use, not measured
    const setUnsupervised = summarize(await timeSets(plain, settings.sets, settings.slots, settings.slots));
    log(
      `  set → confirmed by read-back (no Supervision): p50 ${setUnsupervised.p50.toFixed(1)} ms, p99 ${setUnsupervised.p99.toFixed(1)} ms`,
    );
    const inventoryPacedMs = await timeInventory(zwave.devices.get(2)!.node, settings.defaultPauseMs);
    log(`  ${settings.slots}-slot inventory, ${settings.defaultPauseMs} ms pause: ${ms(inventoryPacedMs)}`);
    const inventoryUnpacedMs = await timeInventory(zwave.devices.get(2)!.node, 0);
    log(`  ${settings.slots}-slot inventory, no pause: ${ms(inventoryUnpacedMs)}`);
    return { startupMs, firstUse, set, setUnsupervised, inventoryPacedMs, inventoryUnpacedMs, options: settings };
  } finally {
    await zwave.close();
  }
}

/** `sets` sets over the slots in turn; codes numbered from `first` are distinct (the mock refuses duplicates). */
async function timeSets(lock: ZwaveLock, sets: number, slots: number, first: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < sets; i++) {
    const slot = (i % slots) + 1;
    const code = String(100_000 + first + i);
    const started = performance.now();
    await lock.setCode(slot, code);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function timeInventory(node: Parameters<typeof ZwaveLock.create>[0], readPauseMs: number): Promise<number> {
  const lock = await ZwaveLock.create(node, { readPauseMs });
  try {
    const started = performance.now();
    await lock.readSlots();
    return performance.now() - started;
  } finally {
    lock.dispose();
  }
}

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);
