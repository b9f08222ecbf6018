/** The I/O a service may use. Each service names only the parts it needs (`Pick<ServiceDeps, …>`). */
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.ts';
import type { Random } from '../platform/random.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Db } from '../store/database.ts';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  random: Random;
  cipher: PinCipher;
  logger: Logger;
  sessionHours: number;
}
