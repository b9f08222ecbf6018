/** The I/O a service may use. Each service names only the parts it needs (`Pick<ServiceDeps, …>`). */
import type { Logger } from 'pino';
import type { CloudAccess } from '../cloud/cloudDeps.ts';
import type { WebhookUrlPolicy } from '../events/webhooks/addressGuard.ts';
import type { Clock } from '../platform/clock.ts';
import type { Metrics } from '../platform/metrics.ts';
import type { Random } from '../platform/random.ts';
import type { PasswordCost } from '../security/passwords.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { ReadCache } from '../store/changeFeed.ts';
import type { Db, Tx } from '../store/database.ts';
import type { CardWithDoors } from '../store/repositories/accessCards.ts';
import type { CommunityRow } from '../store/repositories/communities.ts';
import type { Caller } from './principal.ts';

/** Asks the sync engine to bring locks in line with a change, committed with the change itself. */
export interface SyncRequests {
  reconcileLocks(lockIds: readonly string[], tx: Tx): Promise<void>;
}

/** Hot reads kept per process until any write anywhere says otherwise (store/changeFeed.ts). */
export interface ServiceCaches {
  principals: ReadCache<{ principal: Caller; expiresAt: Date | null } | null>;
  access: ReadCache<{ community: CommunityRow; cards: CardWithDoors[] } | null>;
  /** Marks everything cached stale after this process wrote (read-your-writes without waiting). */
  touch(): void;
  /** Called after any change anywhere (live feeds push at once instead of waiting for their poll). */
  onChange(listener: () => void): () => void;
}

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  random: Random;
  cipher: PinCipher;
  logger: Logger;
  sessionHours: number;
  sync: SyncRequests;
  /** Base URL people reach Keyway at (for links in messages and guest pages), without a trailing slash. */
  publicUrl: string;
  /** The broker URL handed to hubs when they are registered (MQTT_URL, or the embedded broker on the public host). */
  hubMqttUrl?: string;
  caches: ServiceCaches;
  /** Cloud locks (Seam): absent where the server runs without them (some service tests). */
  cloud?: CloudAccess;
  /** Where webhooks may go (WEBHOOK_ALLOW_PRIVATE_URLS); absent: public addresses only. */
  webhooks?: WebhookUrlPolicy;
  /** Command latency of Bluetooth receipts and the like (src/platform/metrics.ts); absent: not measured. */
  metrics?: Metrics;
  /** scrypt cost for new password hashes; absent: PASSWORD_COST (tests inject a lower one for speed). */
  passwordCost?: PasswordCost;
}
