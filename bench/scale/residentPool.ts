/**
 * Hands out residents round robin for requests that count against the 20-changes-per-person-per-minute limit
 * (Generate a Code and guest codes share it): a resident comes round again only after 3.1 s, so a pool of P
 * residents carries up to P / 3.1 changes a second without a single refusal.
 */
import type { SessionResident } from './world.ts';

const SPACING_MS = 3_100;

export class ResidentPool {
  #next = 0;
  readonly #lastUse = new Map<string, number>();
  constructor(readonly residents: readonly SessionResident[]) {
    if (residents.length === 0) throw new Error('empty resident pool');
  }

  /** The next resident whose limit allows a change now; undefined when the whole pool is too busy. */
  take(now = performance.now()): SessionResident | undefined {
    for (let tries = 0; tries < this.residents.length; tries++) {
      const resident = this.residents[this.#next]!;
      this.#next = (this.#next + 1) % this.residents.length;
      const last = this.#lastUse.get(resident.personId);
      if (last === undefined || now - last >= SPACING_MS) {
        this.#lastUse.set(resident.personId, now);
        return resident;
      }
    }
    return undefined;
  }

  /** The most changes a second this pool carries. */
  get capacityPerSecond(): number {
    return this.residents.length / (SPACING_MS / 1000);
  }
}

/** Splits residents into pools of the given sizes, interleaved so every pool spans every building. */
export function splitPools(residents: readonly SessionResident[], sizes: readonly number[]): SessionResident[][] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (residents.length < total) throw new Error(`need ${total} residents with sessions, have ${residents.length}`);
  const pools: SessionResident[][] = sizes.map(() => []);
  let i = 0;
  while (pools.some((p, k) => p.length < sizes[k]!)) {
    for (let k = 0; k < sizes.length; k++) if (pools[k]!.length < sizes[k]!) pools[k]!.push(residents[i++]!);
  }
  return pools;
}
