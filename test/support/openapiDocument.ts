import { randomBytes } from 'node:crypto';
import type { SimWorld } from '../../src/demo/simWorld.ts';
import { buildServer } from '../../src/http/server.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { cryptoRandom } from '../../src/platform/random.ts';
import { PinCipher } from '../../src/security/pinCipher.ts';
import { ReadCache } from '../../src/store/changeFeed.ts';
import type { Db } from '../../src/store/database.ts';
import type { SyncEngine } from '../../src/sync/syncEngine.ts';
import { captureLogger } from './logCapture.ts';

let tick = 0;
const noFeed = {
  generation: () => ++tick,
  touch: () => undefined,
  onChange: () => () => undefined,
  close: async () => undefined,
};

/** The OpenAPI document as the server would serve it; building it needs no database. */
export async function buildOpenapiDocument(): Promise<unknown> {
  const app = await buildServer(
    {
      db: undefined as unknown as Db,
      clock: new ManualClock(),
      random: cryptoRandom,
      cipher: new PinCipher(randomBytes(32)),
      logger: captureLogger(),
      sessionHours: 1,
      publicUrl: 'http://localhost:3000',
      caches: {
        principals: new ReadCache(noFeed),
        access: new ReadCache(noFeed),
        touch: () => undefined,
        onChange: () => () => undefined,
      },
      sync: { reconcileLocks: async () => undefined },
    },
    {
      // Only registered, never called: the simulation routes belong in the document too.
      sim: {} as SimWorld,
      clock: new ManualClock(),
      sync: {} as SyncEngine,
    },
  );
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}
