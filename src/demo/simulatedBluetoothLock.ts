/**
 * A Bluetooth-only lock in software: it has no network, keeps its own key and counter, takes sealed
 * bundles from a phone, and answers with a signed receipt. Its keypad is a SimulatedLock without radio
 * latency (the Bluetooth exchange itself is the phone's business).
 */

import { LockDriverError } from '../hub/lockDriver.ts';
import { SimulatedLock } from '../hub/simulatedLock.ts';
import type { Clock } from '../platform/clock.ts';
import {
  openBundle,
  type Receipt,
  type SealedBundle,
  sealInventoryForReceipt,
  signReceipt,
} from '../sync/bluetoothEnvelope.ts';

export class BundleRefused extends Error {}

export class SimulatedBluetoothLock {
  readonly lockId: string;
  readonly keypad: SimulatedLock;
  readonly #key: Buffer;
  readonly #clock: Clock;
  #lastCounter = 0;
  #accessLog: { slot: number | null; unlocked: boolean; at: string }[] = [];

  constructor(options: { lockId: string; key: Buffer; clock: Clock; slotCount?: number; codeLengths?: number[] }) {
    this.lockId = options.lockId;
    this.#key = options.key;
    this.#clock = options.clock;
    this.keypad = new SimulatedLock({
      lockId: options.lockId,
      slotCount: options.slotCount ?? 20,
      codeLengths: options.codeLengths ?? [4, 6],
      latencyMs: { min: 0, max: 0 },
      clock: options.clock,
    });
    this.keypad.onKeypad((use) =>
      this.#accessLog.push({ slot: use.slot, unlocked: use.unlocked, at: use.at.toISOString() }),
    );
  }

  /** A phone in range hands over a bundle. Refuses bundles not sealed for this lock, and replays. */
  async deliver(bundle: SealedBundle): Promise<Receipt> {
    const payload = openBundle(this.#key, bundle);
    if (!payload || payload.lockId !== this.lockId) throw new BundleRefused('bundle not sealed for this lock');
    if (payload.counter <= this.#lastCounter) throw new BundleRefused('bundle already seen (replay)');
    this.#lastCounter = payload.counter;
    const results: Receipt['results'] = [];
    for (const op of payload.ops) {
      try {
        if (op.type === 'set_code') await this.keypad.setCode(op.slot, op.code, op.schedule);
        else await this.keypad.clearSlot(op.slot);
        results.push({ opId: op.opId, ok: true, error: null });
      } catch (error) {
        results.push({
          opId: op.opId,
          ok: false,
          error: error instanceof LockDriverError ? error.code : 'rejected_by_lock',
        });
      }
    }
    const accessLog = this.#accessLog;
    this.#accessLog = [];
    return signReceipt(this.#key, {
      lockId: this.lockId,
      counter: payload.counter,
      results,
      inventorySealed: sealInventoryForReceipt(this.#key, this.lockId, payload.counter, this.keypad.slots()),
      accessLog,
      battery: await this.keypad.battery(),
    });
  }

  typeCode(code: string): boolean {
    return this.keypad.typeCode(code);
  }

  slots(): { slot: number; code: string }[] {
    return this.keypad.slots();
  }

  /** The lock loses every code; the next phone visit's receipt shows it (and the visit after puts them back). */
  wipe(): void {
    this.keypad.wipe();
  }

  /** A code programmed at the lock itself into `slot`. */
  tamper(slot: number, code: string): void {
    this.keypad.tamper(slot, code);
  }
}
