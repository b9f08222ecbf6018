/**
 * "This browser signed in before": a token the server hands out on every successful sign-in and can check
 * without storing anything (person id + random id, MACed with a key derived from the master key). A known
 * device is let through the per-email sign-in limit, so strangers guessing a password cannot lock the owner out.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PinCipher } from './pinCipher.ts';

export const DEVICE_COOKIE = 'keyway_device';
/** A year: long enough to outlast any lockout, short enough that a lost device is forgotten. */
export const DEVICE_COOKIE_DAYS = 365;

const mac = (cipher: Pick<PinCipher, 'derivedSecret'>, personId: string, deviceId: string) =>
  cipher.derivedSecret(`device-cookie:${personId}.${deviceId}`);

export function newDeviceToken(cipher: Pick<PinCipher, 'derivedSecret'>, personId: string): string {
  const deviceId = randomBytes(16).toString('base64url');
  return `${personId}.${deviceId}.${mac(cipher, personId, deviceId)}`;
}

/** The person a device token was made for, or undefined when it is missing, malformed or forged. */
export function deviceTokenPerson(
  cipher: Pick<PinCipher, 'derivedSecret'>,
  token: string | undefined,
): string | undefined {
  if (!token || token.length > 200) return undefined;
  const [personId, deviceId, given, ...rest] = token.split('.');
  if (!personId || !deviceId || !given || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(cipher, personId, deviceId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? personId : undefined;
}

/** Reads one cookie from a Cookie header without decoding (a malformed %-escape must not throw). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
