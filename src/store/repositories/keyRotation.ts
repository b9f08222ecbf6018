/**
 * The rows a key rotation visits: every column that holds a value sealed with the master key. Each row is
 * rewritten on its own (compare-and-set on the old ciphertext, no transaction around a batch), so the rotation
 * never holds row locks a running server waits for, and a value the server rewrote meanwhile is left alone.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';

/** Every sealed column, by table. The key names must stay in sync with src/store/schema.ts (the test checks). */
export const SEALED_COLUMNS = {
  hubs: ['seal_key_enc'],
  locks: ['inventory_enc', 'ble_key_enc'],
  access_codes: ['pin_enc', 'previous_pin_enc'],
  messages: ['secret_enc'],
  cloud_accounts: ['api_key_enc', 'webhook_secret_enc'],
  webhook_endpoints: ['secret_enc'],
} as const;

export type SealedTable = keyof typeof SEALED_COLUMNS;

export interface SealedColumn {
  table: SealedTable;
  column: string;
}

export type SealedValue = {
  id: string;
  sealed: string;
};

/** The next rows (by id, after `afterId`) whose value is not sealed with the current key. */
export async function valuesNotUnder(
  ex: Executor,
  where: SealedColumn,
  currentPrefix: string,
  afterId: string | null,
  limit: number,
): Promise<SealedValue[]> {
  const column = sql.identifier(where.column);
  return queryRows<SealedValue>(
    ex,
    sql`select id::text as id, ${column} as sealed from ${sql.identifier(where.table)}
        where ${column} is not null and left(${column}, ${currentPrefix.length}) <> ${currentPrefix}
          ${afterId === null ? sql`` : sql`and id > ${afterId}::uuid`}
        order by id limit ${limit}`,
  );
}

/** How many values are still not sealed with the current key (0: the previous keys seal nothing here any more). */
export async function countNotUnder(ex: Executor, where: SealedColumn, currentPrefix: string): Promise<number> {
  const column = sql.identifier(where.column);
  const [row] = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from ${sql.identifier(where.table)}
        where ${column} is not null and left(${column}, ${currentPrefix.length}) <> ${currentPrefix}`,
  );
  return row?.n ?? 0;
}

/** Replaces one value if it is still the one read; false when the server changed it meanwhile. */
export async function replaceSealed(
  ex: Executor,
  where: SealedColumn,
  value: SealedValue,
  resealed: string,
): Promise<boolean> {
  const column = sql.identifier(where.column);
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`update ${sql.identifier(where.table)} set ${column} = ${resealed}
        where id = ${value.id}::uuid and ${column} = ${value.sealed} returning id::text as id`,
  );
  return rows.length === 1;
}
