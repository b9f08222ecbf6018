/** The I/O a service may use. Each service names only the parts it needs (`Pick<ServiceDeps, …>`). */
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db, Tx } from '../store/database.ts';

/** Asks the sync engine to bring locks in line with a change, committed with the change itself. */
export interface SyncRequests {
  reconcileLocks(lockIds: readonly string[], tx: Tx): Promise<void>;
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
}
