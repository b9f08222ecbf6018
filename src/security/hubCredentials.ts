/**
 * The secrets of the hub channel, all derived from Keyway's master key so nothing is stored in clear:
 *
 * - A hub's MQTT password is HMAC(master key, hub id + the time its credentials were issued). Keyway shows it once
 *   and keeps only its scrypt hash for the broker check; because it is derived, `npm run keyway -- mosquitto-acl`
 *   can write Mosquitto's password file (which needs its own hash format) without a second stored hash.
 *   Rotating the credentials changes the issue time, so the old password stops being derivable and valid.
 * - The hub's sealing key (hubSeal.ts) comes from that password; Keyway stores it encrypted (hubs.seal_key_enc).
 * - Keyway's own processes connect to the broker as one internal identity whose password is derived too.
 */
import type { PinCipher } from './pinCipher.ts';

/** The username Keyway's own server processes use on the broker (never a hub's: those start with "hub-"). */
export const SERVER_MQTT_USERNAME = 'keyway-server';

export function hubMqttPassword(cipher: PinCipher, hubId: string, issuedAt: Date): string {
  return cipher.derivedSecret(`hub mqtt password v1|${hubId}|${issuedAt.toISOString()}`);
}

export function serverMqttIdentity(cipher: PinCipher): { username: string; password: string } {
  return { username: SERVER_MQTT_USERNAME, password: cipher.derivedSecret('mqtt server identity v1') };
}

const sealKeyLabel = (hubId: string) => `hub-seal-key:${hubId}`;

export function encryptSealKey(cipher: PinCipher, hubId: string, key: Buffer): string {
  return cipher.encrypt(key.toString('base64url'), sealKeyLabel(hubId));
}

export function decryptSealKey(cipher: PinCipher, hubId: string, sealKeyEnc: string): Buffer {
  return Buffer.from(cipher.decrypt(sealKeyEnc, sealKeyLabel(hubId)), 'base64url');
}
