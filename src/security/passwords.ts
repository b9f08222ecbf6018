/**
 * Password hashing with scrypt (memory-hard, in node:crypto). The parameters travel inside the hash so
 * they can be raised later without breaking existing accounts: a sign-in that verifies against an older
 * cost stores a new hash (`needsRehash`).
 */
import { randomBytes, type ScryptOptions, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}

/** N=2^17, r=8: 128 MiB and a few hundred milliseconds per hash (OWASP's scrypt minimum is 2^17). */
export const PASSWORD_COST: PasswordCost = { N: 2 ** 17, r: 8, p: 1 };
/**
 * Random machine secrets (a hub's broker password: 32 random bytes) cannot be guessed whatever the cost, and a
 * broker checks many at once (every hub reconnecting after a restart): 16 MiB each, not 128.
 */
export const MACHINE_SECRET_COST: PasswordCost = { N: 2 ** 14, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** Node refuses scrypt above `maxmem`; 128·N·r bytes are needed, twice that leaves room. */
const maxmemFor = (cost: PasswordCost) => 128 * cost.N * cost.r * 2;

export async function hashPassword(password: string, cost: PasswordCost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...cost, maxmem: maxmemFor(cost) });
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function parse(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return undefined;
  return { cost: { N: Number(n), r: Number(r), p: Number(p) }, salt, key };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.key, 'base64url');
  const options = { ...parsed.cost, maxmem: maxmemFor(parsed.cost) };
  const actual = await scrypt(password, Buffer.from(parsed.salt, 'base64url'), expected.length, options);
  return timingSafeEqual(actual, expected);
}

/** True when `stored` was made with other parameters than `cost` (checked after it verified). */
export function needsRehash(stored: string, cost: PasswordCost = PASSWORD_COST): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  return parsed.cost.N !== cost.N || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p;
}

/** Spends the same time as a real check, so a login for an unknown email is not faster than a wrong password. */
const dummyHashes = new Map<number, Promise<string>>();
export async function verifyAgainstDummy(password: string, cost: PasswordCost = PASSWORD_COST): Promise<false> {
  let dummy = dummyHashes.get(cost.N);
  if (!dummy) {
    dummy = hashPassword('keyway-dummy-password', cost);
    dummyHashes.set(cost.N, dummy);
  }
  await verifyPassword(password, await dummy);
  return false;
}
