/** One-time account tokens (invitations, password resets), people's passwords and sessions as accounts see them. */
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { accountTokens, people, sessions } from '../schema.ts';
import type { Role } from './principals.ts';

export type AccountTokenPurpose = 'invitation' | 'password_reset';

export async function insertAccountToken(
  ex: Executor,
  row: {
    id: string;
    personId: string;
    purpose: AccountTokenPurpose;
    tokenHash: string;
    expiresAt: Date;
    createdAt: Date;
  },
): Promise<void> {
  await ex.insert(accountTokens).values(row);
}

/** Removes the person's unused tokens of this purpose: a new invitation or reset replaces the old one. */
export async function deletePendingTokens(ex: Executor, personId: string, purpose: AccountTokenPurpose): Promise<void> {
  await ex
    .delete(accountTokens)
    .where(and(eq(accountTokens.personId, personId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
}

export interface AccountTokenWithPerson {
  id: string;
  expiresAt: Date;
  usedAt: Date | null;
  person: { id: string; communityId: string | null; name: string; email: string; role: Role };
}

/** The token (locked for the rest of the transaction) and its person. */
export async function findAccountTokenForUpdate(
  ex: Executor,
  tokenHash: string,
  purpose: AccountTokenPurpose,
): Promise<AccountTokenWithPerson | undefined> {
  const rows = await ex
    .select({
      id: accountTokens.id,
      expiresAt: accountTokens.expiresAt,
      usedAt: accountTokens.usedAt,
      personId: people.id,
      communityId: people.communityId,
      name: people.name,
      email: people.email,
      role: people.role,
    })
    .from(accountTokens)
    .innerJoin(people, eq(people.id, accountTokens.personId))
    .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.purpose, purpose)))
    .for('update', { of: accountTokens })
    .limit(1);
  const row = rows[0];
  return (
    row && {
      id: row.id,
      expiresAt: row.expiresAt,
      usedAt: row.usedAt,
      person: { id: row.personId, communityId: row.communityId, name: row.name, email: row.email, role: row.role },
    }
  );
}

/** Marks a token used; false when it already was (single use, whoever comes second loses). */
export async function markTokenUsed(ex: Executor, id: string, at: Date): Promise<boolean> {
  const rows = await ex
    .update(accountTokens)
    .set({ usedAt: at })
    .where(and(eq(accountTokens.id, id), isNull(accountTokens.usedAt)))
    .returning({ id: accountTokens.id });
  return rows.length > 0;
}

/** Whether the person has an invitation that is not used yet (expired or not). */
export async function hasPendingInvitation(ex: Executor, personId: string): Promise<boolean> {
  const rows = await ex
    .select({ id: accountTokens.id })
    .from(accountTokens)
    .where(
      and(eq(accountTokens.personId, personId), eq(accountTokens.purpose, 'invitation'), isNull(accountTokens.usedAt)),
    )
    .limit(1);
  return rows.length > 0;
}

export interface AccountRow {
  id: string;
  communityId: string | null;
  name: string;
  email: string;
  role: Role;
  passwordHash: string | null;
}

export async function findAccount(ex: Executor, personId: string): Promise<AccountRow | undefined> {
  const rows = await ex
    .select({
      id: people.id,
      communityId: people.communityId,
      name: people.name,
      email: people.email,
      role: people.role,
      passwordHash: people.passwordHash,
    })
    .from(people)
    .where(eq(people.id, personId))
    .limit(1);
  return rows[0];
}

export async function setPasswordHash(ex: Executor, personId: string, passwordHash: string): Promise<void> {
  await ex.update(people).set({ passwordHash }).where(eq(people.id, personId));
}

export async function updatePersonName(ex: Executor, personId: string, name: string): Promise<void> {
  await ex.update(people).set({ name }).where(eq(people.id, personId));
}

/** Ends the person's sessions, except the one with `keepTokenHash`; returns how many ended. */
export async function deleteSessionsOf(ex: Executor, personId: string, keepTokenHash?: string): Promise<number> {
  const rows = await ex
    .delete(sessions)
    .where(
      keepTokenHash
        ? and(eq(sessions.personId, personId), ne(sessions.tokenHash, keepTokenHash))
        : eq(sessions.personId, personId),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

export async function countOperators(ex: Executor): Promise<number> {
  const rows = await ex.select({ n: sql<number>`count(*)::int` }).from(people).where(eq(people.role, 'operator'));
  return rows[0]?.n ?? 0;
}

/** Swaps a person's hash only if it is still `previous` (a rehash must not undo a password changed meanwhile). */
export async function replacePasswordHash(
  ex: Executor,
  personId: string,
  previous: string,
  passwordHash: string,
): Promise<void> {
  await ex
    .update(people)
    .set({ passwordHash })
    .where(and(eq(people.id, personId), eq(people.passwordHash, previous)));
}
