/**
 * In-memory, prefix-aware occupancy of one lock's codes (or the union over several locks), for the
 * generator and for checking a custom pick (DESIGN.md §4 Uniqueness).
 *
 * Two codes conflict when they are equal or one is a prefix of the other: a keypad without an Enter key
 * opens as soon as the shorter one is typed. So 1234 conflicts with 123456, but 123456 and 123499 (same
 * four leading digits, neither a prefix of the other) do not.
 *
 * Codes are counted, not just stored, so the index can hold the union of several locks: the same code on
 * two locks is added twice and stays occupied until removed twice.
 */
import type { OccupiedCodes } from './generator.ts';

const DIGITS = /^[0-9]+$/;

export class LockCodeIndex implements OccupiedCodes {
  /** Stored code → how many times it was added (once per lock holding it). */
  readonly #codes = new Map<string, number>();
  /** Every proper prefix of a stored code → how many stored occurrences have it, for O(length) lookups. */
  readonly #prefixes = new Map<string, number>();

  constructor(codes: Iterable<string> = []) {
    for (const code of codes) this.add(code);
  }

  add(code: string): void {
    if (!DIGITS.test(code)) throw new RangeError('a lock code is one or more ASCII digits');
    this.#codes.set(code, (this.#codes.get(code) ?? 0) + 1);
    for (let end = 1; end < code.length; end++) bump(this.#prefixes, code.slice(0, end), 1);
  }

  /** Removes one occurrence; removing a code that is not stored does nothing. */
  remove(code: string): void {
    if (!this.#codes.has(code)) return;
    bump(this.#codes, code, -1);
    for (let end = 1; end < code.length; end++) bump(this.#prefixes, code.slice(0, end), -1);
  }

  has(code: string): boolean {
    return this.#codes.has(code);
  }

  /** Number of distinct stored codes. */
  get size(): number {
    return this.#codes.size;
  }

  /** Equal to a stored code, or a stored code is a prefix of it, or it is a prefix of a stored code. */
  conflictsWith(code: string): boolean {
    if (code.length === 0) return this.#codes.size > 0; // the empty string prefixes everything
    if (this.#codes.has(code) || this.#prefixes.has(code)) return true;
    for (let end = 1; end < code.length; end++) {
      if (this.#codes.has(code.slice(0, end))) return true;
    }
    return false;
  }

  conflicting(candidates: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const code of candidates) if (this.conflictsWith(code)) out.add(code);
    return out;
  }
}

/** Adds delta to a counter and deletes it at zero, so `has` means "count > 0". */
function bump(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
