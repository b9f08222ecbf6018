/**
 * Who may use Keyway's embedded broker, and for what (the private hub channel):
 *
 * - A hub signs in with the username and password Keyway issued it (checked against the scrypt hash in the
 *   database) and may publish only keyway/v1/hubs/<its id>/{status,results,events,inventory} — its last will
 *   included, which the broker checks when it publishes it — and subscribe only to keyway/v1/hubs/<its id>/commands.
 * - Keyway's own server processes sign in as one internal identity (a password derived from the master key) and may
 *   do everything.
 * - Anyone else — no credentials, an unknown username, a wrong password — is refused at CONNECT.
 *
 * A successful check is cached briefly (scrypt is deliberately slow, and hubs reconnect in bursts after a broker
 * restart). Repeated failures for one username (10 a minute) or from one address (30 a minute) stop further scrypt
 * checks for the rest of the minute, which bounds guessing and the CPU it burns; a hub whose verification is still
 * cached is let in even then, and the server identity (a cheap comparison with a 256-bit secret) is never blocked.
 * The trade-off: a flood of wrong passwords for a hub's username can delay that hub's reconnect by up to a minute.
 * Nothing here logs a password.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { MACHINE_SECRET_COST, verifyAgainstDummy, verifyPassword } from '../security/passwords.ts';
import { type HubChannel, hubTopic, parseHubTopic } from '../sync/hubProtocol.ts';

/**
 * Who a connected client is. A hub's identity remembers the password hash it signed in against, so a connection
 * made with credentials that were since rotated (or a hub that was removed) can be found and cut.
 */
export type BrokerIdentity =
  | { kind: 'server' }
  | { kind: 'hub'; hubId: string; username: string; passwordHash: string; checkedAt: number };

export interface BrokerAuthOptions {
  /** The hub that holds this MQTT username (id and scrypt hash of its password), if any. */
  findHub(username: string): Promise<{ hubId: string; passwordHash: string } | undefined>;
  /** Keyway's internal identity. */
  server: { username: string; password: string };
  logger: Logger;
  /** Milliseconds since the epoch (injectable for tests). Default Date.now. */
  now?: () => number;
  /** How long a verified hub password is trusted without a new scrypt check, ms. Default 60 s. */
  cacheMs?: number;
  /** Failed sign-ins per username allowed within `failureWindowMs`. Default 10. */
  maxFailuresPerUser?: number;
  /** Failed sign-ins per client address allowed within `failureWindowMs`. Default 30. */
  maxFailuresPerAddress?: number;
  /** Default 60 s. */
  failureWindowMs?: number;
}

const HUB_PUBLISHES: readonly HubChannel[] = ['status', 'results', 'events', 'inventory'];

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class BrokerAuth {
  readonly #options: BrokerAuthOptions;
  readonly #now: () => number;
  readonly #serverDigest: Buffer;
  readonly #verified = new Map<
    string,
    { passwordDigest: Buffer; hubId: string; passwordHash: string; until: number }
  >();
  readonly #failures = new Map<string, { count: number; since: number }>();

  constructor(options: BrokerAuthOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#serverDigest = digest(`${options.server.username}\u0000${options.server.password}`);
  }

  /** The identity behind these credentials, or undefined (refused). `remote` is the client's address. */
  async authenticate(
    username: string | undefined,
    password: Buffer | string | undefined,
    remote = 'unknown',
  ): Promise<BrokerIdentity | undefined> {
    if (!username || password === undefined || password.length === 0) return undefined;
    const secret = password.toString();
    if (username === this.#options.server.username) {
      if (timingSafeEqual(digest(`${username}\u0000${secret}`), this.#serverDigest)) return { kind: 'server' };
      return this.#failed(username, remote);
    }
    const now = this.#now();
    const cached = this.#verified.get(username);
    if (cached && cached.until > now && timingSafeEqual(cached.passwordDigest, digest(secret)))
      return { kind: 'hub', hubId: cached.hubId, username, passwordHash: cached.passwordHash, checkedAt: now };
    if (
      this.#blocked(`user:${username}`, this.#options.maxFailuresPerUser ?? 10) ||
      this.#blocked(`addr:${remote}`, this.#options.maxFailuresPerAddress ?? 30)
    ) {
      this.#options.logger.warn({ username, remote }, 'mqtt sign-in refused: too many failures');
      return undefined;
    }
    const hub = await this.#options.findHub(username);
    const ok = hub
      ? await verifyPassword(secret, hub.passwordHash)
      : await verifyAgainstDummy(secret, MACHINE_SECRET_COST);
    if (!ok || !hub) return this.#failed(username, remote);
    this.#verified.set(username, {
      passwordDigest: digest(secret),
      hubId: hub.hubId,
      passwordHash: hub.passwordHash,
      until: now + (this.#options.cacheMs ?? 60_000),
    });
    return { kind: 'hub', hubId: hub.hubId, username, passwordHash: hub.passwordHash, checkedAt: now };
  }

  /**
   * Whether a connected client's credentials are still the hub's (not rotated, hub not removed). Looked up again
   * at most once per cache period per connection — a cheap comparison of stored hashes, no scrypt.
   */
  async stillCurrent(identity: BrokerIdentity): Promise<boolean> {
    if (identity.kind === 'server') return true;
    const now = this.#now();
    if (now - identity.checkedAt < (this.#options.cacheMs ?? 60_000)) return true;
    const hub = await this.#options.findHub(identity.username);
    if (hub?.hubId !== identity.hubId || hub.passwordHash !== identity.passwordHash) {
      this.forget(identity.username);
      return false;
    }
    identity.checkedAt = now;
    return true;
  }

  /** Forgets cached verifications (a hub's credentials were rotated or it was removed). */
  forget(username?: string): void {
    if (username === undefined) this.#verified.clear();
    else this.#verified.delete(username);
  }

  mayPublish(identity: BrokerIdentity | undefined, topic: string): boolean {
    if (!identity) return false;
    if (identity.kind === 'server') return true;
    const parsed = parseHubTopic(topic);
    return parsed !== undefined && parsed.hubId === identity.hubId && HUB_PUBLISHES.includes(parsed.channel);
  }

  /** Exact topics only for hubs: a wildcard could reach other hubs' topics. */
  maySubscribe(identity: BrokerIdentity | undefined, topicFilter: string): boolean {
    if (!identity) return false;
    if (identity.kind === 'server') return true;
    return topicFilter === hubTopic(identity.hubId, 'commands');
  }

  #blocked(key: string, max: number): boolean {
    const entry = this.#failures.get(key);
    if (!entry) return false;
    if (this.#now() - entry.since > (this.#options.failureWindowMs ?? 60_000)) {
      this.#failures.delete(key);
      return false;
    }
    return entry.count >= max;
  }

  #failed(username: string, remote: string): undefined {
    const now = this.#now();
    const windowMs = this.#options.failureWindowMs ?? 60_000;
    for (const key of [`user:${username}`, `addr:${remote}`]) {
      const entry = this.#failures.get(key);
      if (!entry || now - entry.since > windowMs) this.#failures.set(key, { count: 1, since: now });
      else entry.count += 1;
    }
    // Bounded memory under a flood of invented usernames: drop the oldest entries.
    while (this.#failures.size > 10_000) {
      const oldest = this.#failures.keys().next().value;
      if (oldest === undefined) break;
      this.#failures.delete(oldest);
    }
    this.#options.logger.warn({ username, remote }, 'mqtt sign-in refused');
    return undefined;
  }
}
