/**
 * Re-encrypts every value sealed with a previous master key under the current one, in batches, while servers keep
 * running (they read both keys and write only the current one). Idempotent: a value already under the current key
 * is never read, so an interrupted rotation is resumed by running it again.
 */
import { apiKeyLabel, webhookSecretLabel } from '../cloud/cloudDeps.ts';
import { messageSecretBinding } from '../events/outbox.ts';
import { webhookSecretBinding } from '../events/webhooks/signing.ts';
import type { PinCipher } from '../security/pinCipher.ts';
import type { Executor } from '../store/database.ts';
import {
  countNotUnder,
  replaceSealed,
  SEALED_COLUMNS,
  type SealedColumn,
  type SealedTable,
  valuesNotUnder,
} from '../store/repositories/keyRotation.ts';

/**
 * What each value is bound to (its additional authenticated data): the same labels the code that seals it uses.
 * A wrong label here cannot corrupt anything — the value does not open and is counted unreadable.
 */
const BINDINGS: Record<SealedTable, Record<string, (id: string) => string>> = {
  hubs: { seal_key_enc: (id) => `hub-seal-key:${id}` },
  locks: { inventory_enc: (id) => `inventory:${id}`, ble_key_enc: (id) => `ble-key:${id}` },
  access_codes: { pin_enc: (id) => id, previous_pin_enc: (id) => id },
  messages: { secret_enc: messageSecretBinding },
  cloud_accounts: { api_key_enc: apiKeyLabel, webhook_secret_enc: webhookSecretLabel },
  webhook_endpoints: { secret_enc: webhookSecretBinding },
};

export interface ColumnProgress {
  /** `table.column` */
  name: string;
  resealed: number;
  /** Rewritten by a server between our read and our write (it used the current key): nothing to do. */
  changedMeanwhile: number;
  /** Opened by no configured key (ids only: a value is never printed). */
  unreadable: string[];
}

export function sealedColumns(): SealedColumn[] {
  return Object.entries(SEALED_COLUMNS).flatMap(([table, columns]) =>
    columns.map((column) => ({ table: table as SealedTable, column })),
  );
}

export async function resealAll(options: {
  db: Executor;
  cipher: PinCipher;
  batchSize?: number;
  onProgress?: (progress: ColumnProgress) => void;
}): Promise<ColumnProgress[]> {
  const { db, cipher } = options;
  const batchSize = options.batchSize ?? 200;
  const results: ColumnProgress[] = [];
  for (const where of sealedColumns()) {
    const bind = BINDINGS[where.table][where.column];
    if (!bind) throw new Error(`No binding known for ${where.table}.${where.column}`);
    const progress: ColumnProgress = {
      name: `${where.table}.${where.column}`,
      resealed: 0,
      changedMeanwhile: 0,
      unreadable: [],
    };
    // The cursor only moves past rows that stay behind (unreadable ones); done rows drop out of the query anyway.
    let afterId: string | null = null;
    for (;;) {
      const batch = await valuesNotUnder(db, where, cipher.currentPrefix, afterId, batchSize);
      if (batch.length === 0) break;
      for (const value of batch) {
        let resealed: string;
        try {
          resealed = cipher.reseal(value.sealed, bind(value.id));
        } catch {
          progress.unreadable.push(value.id);
          continue;
        }
        if (await replaceSealed(db, where, value, resealed)) progress.resealed++;
        else progress.changedMeanwhile++;
      }
      afterId = batch.at(-1)?.id ?? afterId;
      options.onProgress?.(progress);
    }
    results.push(progress);
  }
  return results;
}

/** Values per column still not under the current key: all zero means no previous key is needed to decrypt. */
export async function remainingUnderOldKeys(db: Executor, cipher: PinCipher): Promise<Map<string, number>> {
  const remaining = new Map<string, number>();
  for (const where of sealedColumns())
    remaining.set(`${where.table}.${where.column}`, await countNotUnder(db, where, cipher.currentPrefix));
  return remaining;
}
