/**
 * The sealing keys of the hubs, as the sync engine needs them on every command and inventory: read from the
 * database (hubs.seal_key_enc, decrypted with the master key) and cached in memory per hub. A rotation elsewhere
 * (another process, the manager console) reaches the cache three ways: the hub's next status message (a restarted
 * hub announces itself) drops its entry, an inventory that does not open retries once with a fresh read, and
 * entries expire after `ttlMs` anyway.
 */

import { decryptSealKey } from '../security/hubCredentials.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db } from '../store/database.ts';
import { hubSealKeyEnc } from '../store/repositories/hubSecrets.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class HubKeyring {
  readonly #cache = new Map<string, { key: Buffer | undefined; until: number }>();

  constructor(private readonly deps: { db: Db; cipher: PinCipher; now?: () => number; ttlMs?: number }) {}

  /** The hub's key; undefined when the hub has none (registered before sealing) or does not exist. */
  async keyOf(hubId: string): Promise<Buffer | undefined> {
    const now = (this.deps.now ?? Date.now)();
    if (!UUID.test(hubId)) return undefined; // not one of Keyway's hubs (a topic anyone could name)
    const cached = this.#cache.get(hubId);
    if (cached && cached.until > now) return cached.key;
    const enc = await hubSealKeyEnc(this.deps.db, hubId);
    const key = enc ? decryptSealKey(this.deps.cipher, hubId, enc) : undefined;
    this.#cache.set(hubId, { key, until: now + (this.deps.ttlMs ?? 30_000) });
    return key;
  }

  forget(hubId: string): void {
    this.#cache.delete(hubId);
  }
}
