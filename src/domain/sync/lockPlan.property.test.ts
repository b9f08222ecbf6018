/**
 * Property test for planLock: random small worlds — a lock with a few slots, some foreign codes, codes
 * coming and going, new versions, drift — driven round by round the way the reconciler drives a real
 * lock. Each round plans, checks idempotence, sends; the simulated lock applies some of the commands
 * in flight, in order, and its results and inventory flow back. When the changes stop, the plan must
 * settle to nothing with the lock exactly as wanted.
 */
import { describe, expect, it } from 'vitest';
import { LockCodeIndex } from '../pin/lockCodeIndex.ts';
import type { LockFacts, LockPlan, PlannedCommand, WantedCode } from './lockPlan.ts';
import { planLock } from './lockPlan.ts';
import type { TestRandom } from './testRandom.ts';
import { seededRandom } from './testRandom.ts';

/** A stand-in for the keyed fingerprint: equal codes, equal prints; never the code itself. */
const print = (code: string) => `fp(${code})`;

interface Credential extends Omit<WantedCode, 'pin' | 'fp' | 'length'> {
  /** The PIN of its current version. */
  pin: string;
  /** Every PIN it ever had, to prove none is left behind once it is absent. */
  pins: string[];
}

class World {
  readonly slotCount: number;
  readonly codeLengths: number[];
  /** The lock masks codes on read-back: the inventory says only which slots are occupied. */
  readonly masked: boolean;
  inventoryKnown: boolean;
  /** What the lock really holds. */
  readonly lock = new Map<number, string>();
  /** Codes Keyway did not put there, by slot; they must never change. */
  readonly foreign = new Map<number, string>();
  readonly credentials: Credential[] = [];
  inFlight: PlannedCommand[] = [];
  /** Every code ever used in this world, so fresh codes never clash by accident. */
  readonly #used = new LockCodeIndex();
  #nextId = 0;

  constructor(readonly random: TestRandom) {
    this.slotCount = random.int(7);
    this.codeLengths = random.pick([[4], [4, 6], [6], [4, 5, 6]]);
    this.masked = random.chance(0.3);
    this.inventoryKnown = random.chance(0.7);
    // Without an inventory Keyway cannot see foreign codes, so a world that starts blind has none yet.
    if (this.inventoryKnown) for (let i = random.int(3); i > 0; i--) this.addForeign();
    for (let i = random.int(7); i > 0; i--) this.addCredential();
  }

  facts(): LockFacts {
    const reported = [...this.lock].map(([slot, code]) => ({ slot, code: this.masked ? null : code }));
    return {
      slotCount: this.slotCount,
      codeLengths: this.codeLengths,
      reported: this.inventoryKnown ? reported : null,
      fingerprint: print,
    };
  }

  wanted(): WantedCode[] {
    return this.credentials.map(({ pins: _pins, pin, ...w }) => ({
      ...w,
      length: pin.length,
      fp: print(pin),
      pin: () => pin,
    }));
  }

  freshCode(length: number): string {
    for (;;) {
      const code = Array.from({ length }, () => this.random.int(10)).join('');
      if (!this.#used.conflictsWith(code)) {
        this.#used.add(code);
        return code;
      }
    }
  }

  /** Mostly a fresh PIN; sometimes one of an unsupported length or (readable locks) one clashing with a foreign code. */
  newPin(): string {
    const foreign = [...this.foreign.values()];
    if (!this.masked && foreign.length > 0 && this.random.chance(0.15)) {
      const code = this.random.pick(foreign);
      return this.random.pick([code, `${code}${this.random.int(90) + 10}`, code.slice(0, code.length - 1)]);
    }
    return this.freshCode(this.random.pick([4, 4, 4, 6, 6, 5]));
  }

  addCredential(): void {
    const pin = this.newPin();
    this.credentials.push({
      accessCodeId: `c${this.#nextId++}`,
      version: 1,
      pin,
      pins: [pin],
      present: this.random.chance(0.85),
      slot: null,
      reportedVersion: null,
    });
  }

  /** A code typed in at the keypad, in a slot nobody claims and no command is heading for. */
  addForeign(): void {
    const taken = new Set([...this.lock.keys(), ...this.claimedSlots(), ...this.inFlight.map((c) => c.slot)]);
    const free = Array.from({ length: this.slotCount }, (_, i) => i + 1).filter((s) => !taken.has(s));
    if (free.length === 0) return;
    const slot = this.random.pick(free);
    const code = this.freshCode(this.random.pick([4, 6]));
    this.foreign.set(slot, code);
    this.lock.set(slot, code);
  }

  claimedSlots(): number[] {
    return this.credentials.flatMap((c) => (c.slot === null ? [] : [c.slot]));
  }

  credential(accessCodeId: string): Credential {
    const found = this.credentials.find((c) => c.accessCodeId === accessCodeId);
    if (!found) throw new Error(`no credential ${accessCodeId}`);
    return found;
  }

  /**
   * What the reconciler does with a plan: store slots with the commands, release removed credentials'
   * slots, send. Returns whether a slot was released (another pass may then place a code that had none).
   */
  record(plan: LockPlan): boolean {
    for (const command of plan.commands)
      if (command.type === 'set_code') this.credential(command.accessCodeId).slot = command.slot;
    let released = false;
    for (const id of plan.satisfied) {
      const c = this.credential(id);
      if (!c.present && c.slot !== null) {
        c.slot = null;
        c.reportedVersion = null;
        released = true;
      }
    }
    this.inFlight.push(...plan.commands);
    return released;
  }

  /** The hub executes the oldest `count` commands in order and reports each result and its inventory. */
  deliver(count: number): void {
    for (const command of this.inFlight.splice(0, count)) {
      expect(this.foreign.has(command.slot), `command into foreign slot ${command.slot}`).toBe(false);
      const c = this.credential(command.accessCodeId);
      if (command.type === 'set_code') {
        if (!this.masked) {
          // The planner must have caught any clash with a readable foreign code; a real lock would refuse it.
          for (const code of this.foreign.values())
            expect(code.startsWith(command.code) || command.code.startsWith(code)).toBe(false);
        }
        this.lock.set(command.slot, command.code);
        if (c.slot === command.slot) c.reportedVersion = command.version;
      } else {
        this.lock.delete(command.slot);
        if (c.slot === command.slot) c.reportedVersion = null;
      }
      this.inventoryKnown = true;
    }
  }

  /** People change things between passes. */
  mutate(): void {
    const r = this.random;
    for (const c of this.credentials) {
      if (r.chance(0.15)) {
        c.version += 1;
        c.pin = this.newPin();
        c.pins.push(c.pin);
      }
      if (r.chance(0.1)) c.present = !c.present;
      const held = c.slot === null ? undefined : this.lock.get(c.slot);
      if (c.slot !== null && held !== undefined) {
        if (r.chance(0.05))
          this.lock.delete(c.slot); // the lock lost it (reset, battery swap)
        // Someone reprogrammed our slot at the keypad. Masked locks cannot see this, so only readable ones.
        else if (!this.masked && r.chance(0.03)) this.lock.set(c.slot, this.freshCode(4));
      }
    }
    if (this.credentials.length < 8 && r.chance(0.25)) this.addCredential();
    if (this.inventoryKnown && r.chance(0.1)) this.addForeign();
  }

  checkInvariants(): void {
    const claimed = this.claimedSlots();
    expect(new Set(claimed).size, `shared slot in ${claimed.join(',')}`).toBe(claimed.length);
    for (const slot of claimed) expect(this.foreign.has(slot)).toBe(false);
    for (const [slot, code] of this.foreign) expect(this.lock.get(slot)).toBe(code);
  }
}

function checkPlan(world: World, plan: LockPlan, facts: LockFacts, wanted: WantedCode[]): void {
  // Idempotent: the same pass with its own commands in flight sends nothing new.
  const inFlight = world.inFlight.map(toInFlight);
  const again = planLock(facts, wanted, [...inFlight, ...plan.commands.map(toInFlight)]);
  expect(again.commands).toEqual([]);
  // One command per credential, one credential per slot, and never into another's slot.
  const slots = plan.commands.map((c) => c.slot);
  expect(new Set(slots).size).toBe(slots.length);
  expect(new Set(plan.commands.map((c) => c.accessCodeId)).size).toBe(plan.commands.length);
  for (const command of plan.commands) {
    const own = world.credential(command.accessCodeId).slot;
    if (own !== null) expect(command.slot).toBe(own);
    else expect(world.claimedSlots()).not.toContain(command.slot);
    expect(command.slot).toBeGreaterThanOrEqual(1);
    expect(command.slot).toBeLessThanOrEqual(world.slotCount);
  }
}

function toInFlight(command: PlannedCommand) {
  return { accessCodeId: command.accessCodeId, slot: command.slot, type: command.type, version: command.version };
}

/** One reconcile pass; `quiet` when it sent nothing, had nothing in flight and released no slot. */
function pass(world: World): { plan: LockPlan; quiet: boolean } {
  const facts = world.facts();
  const wanted = world.wanted();
  const plan = planLock(facts, wanted, world.inFlight.map(toInFlight));
  checkPlan(world, plan, facts, wanted);
  const released = world.record(plan);
  world.checkInvariants();
  return { plan, quiet: !released && world.inFlight.length === 0 };
}

function checkSettled(world: World, plan: LockPlan): void {
  expect(plan.commands).toEqual([]);
  expect(world.inFlight).toEqual([]);
  const failures = new Map(plan.failures.map((f) => [f.accessCodeId, f.reason]));
  const satisfied = new Set(plan.satisfied);
  const claimed = new Set(world.claimedSlots());
  for (const c of world.credentials) {
    if (!c.present) {
      expect(satisfied.has(c.accessCodeId)).toBe(true);
      expect(c.slot).toBeNull();
      // (A PIN made to clash with a foreign code equals it; the foreign slot does not count.)
      for (const [slot, code] of world.lock) if (!world.foreign.has(slot)) expect(c.pins).not.toContain(code);
      continue;
    }
    if (satisfied.has(c.accessCodeId)) {
      expect(c.slot).not.toBeNull();
      expect(world.lock.get(c.slot ?? 0)).toBe(c.pin);
      continue;
    }
    const reason = failures.get(c.accessCodeId);
    if (reason === 'length_not_supported') expect(world.codeLengths).not.toContain(c.pin.length);
    else if (reason === 'duplicate_on_lock') {
      expect(world.masked).toBe(false);
      expect([...world.foreign.values()].some((f) => f.startsWith(c.pin) || c.pin.startsWith(f))).toBe(true);
    } else if (reason === 'no_free_slot') {
      expect(c.slot).toBeNull();
      for (let s = 1; s <= world.slotCount; s++) expect(claimed.has(s) || world.foreign.has(s)).toBe(true);
    } else expect.fail(`${c.accessCodeId} is present but neither satisfied nor failed`);
  }
  // Nothing leaks: every occupied slot is foreign or belongs to a credential.
  for (const slot of world.lock.keys()) expect(world.foreign.has(slot) || claimed.has(slot)).toBe(true);
}

const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);

describe('planLock in random worlds', () => {
  it.each(SEEDS)('seed %i converges to exactly what is wanted', (seed) => {
    const world = new World(seededRandom(seed));
    const busyRounds = 5 + world.random.int(20);
    for (let round = 0; round < busyRounds; round++) {
      pass(world);
      world.deliver(world.random.int(world.inFlight.length + 1));
      world.mutate();
      world.checkInvariants();
    }
    // Quiet now: every pass, the hub delivers everything in flight.
    let last = pass(world);
    for (let round = 0; round < 6 && !last.quiet; round++) {
      world.deliver(world.inFlight.length);
      last = pass(world);
    }
    expect(last.quiet).toBe(true);
    checkSettled(world, last.plan);
  });

  it('the worlds exercise every outcome', () => {
    const seen = new Set<string>();
    for (const seed of SEEDS) {
      const world = new World(seededRandom(seed));
      for (let round = 0; round < 15; round++) {
        const { plan } = pass(world);
        for (const c of plan.commands) seen.add(c.type);
        for (const f of plan.failures) seen.add(f.reason);
        if (plan.satisfied.length > 0) seen.add('satisfied');
        if (plan.unmanagedSlots.length > 0) seen.add('unmanaged');
        world.deliver(world.random.int(world.inFlight.length + 1));
        world.mutate();
      }
    }
    expect([...seen].sort()).toEqual(
      [
        'clear_slot',
        'duplicate_on_lock',
        'length_not_supported',
        'no_free_slot',
        'satisfied',
        'set_code',
        'unmanaged',
      ].sort(),
    );
  });
});
