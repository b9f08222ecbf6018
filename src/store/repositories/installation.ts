/** The installation row (id 1): the first-start setup token, stored only as its SHA-256. */
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { installation } from '../schema.ts';

export interface InstallationRow {
  setupTokenHash: string | null;
  setupTokenExpiresAt: Date | null;
  setUpAt: Date | null;
}

/** The row, locked for the rest of the transaction (created empty if missing, so concurrent starts queue). */
export async function lockInstallation(ex: Executor): Promise<InstallationRow> {
  await ex.insert(installation).values({ id: 1 }).onConflictDoNothing();
  const rows = await ex
    .select({
      setupTokenHash: installation.setupTokenHash,
      setupTokenExpiresAt: installation.setupTokenExpiresAt,
      setUpAt: installation.setUpAt,
    })
    .from(installation)
    .where(eq(installation.id, 1))
    .for('update')
    .limit(1);
  return rows[0] ?? { setupTokenHash: null, setupTokenExpiresAt: null, setUpAt: null };
}

export async function saveSetupToken(ex: Executor, tokenHash: string, expiresAt: Date): Promise<void> {
  await ex
    .update(installation)
    .set({ setupTokenHash: tokenHash, setupTokenExpiresAt: expiresAt })
    .where(eq(installation.id, 1));
}

/** Set up: the token is spent for good. */
export async function markSetUp(ex: Executor, at: Date): Promise<void> {
  await ex
    .update(installation)
    .set({ setUpAt: at, setupTokenHash: null, setupTokenExpiresAt: null })
    .where(eq(installation.id, 1));
}

export async function isSetUp(ex: Executor): Promise<boolean> {
  const rows = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(installation)
    .where(sql`${installation.setUpAt} is not null`);
  return (rows[0]?.n ?? 0) > 0;
}

/** The installation's key check: `check` if none was stored yet (and it is stored now), else the stored one. */
export async function claimKeyCheck(ex: Executor, check: string): Promise<string> {
  await ex.insert(installation).values({ id: 1 }).onConflictDoNothing();
  const rows = await ex
    .update(installation)
    .set({ keyCheck: sql`coalesce(${installation.keyCheck}, ${check})` })
    .where(eq(installation.id, 1))
    .returning({ keyCheck: installation.keyCheck });
  return rows[0]?.keyCheck ?? check;
}
