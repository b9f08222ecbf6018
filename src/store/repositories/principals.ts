/** Who is calling: sessions of people and API keys of integrators. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRowsPrepared } from '../rawQuery.ts';
import { apiKeys, communities, people, sessions } from '../schema.ts';

export type Role = 'operator' | 'manager' | 'resident' | 'staff';

export interface PersonRow {
  id: string;
  /** Null for operators. */
  communityId: string | null;
  name: string;
  email: string;
  role: Role;
  passwordHash: string | null;
}

export async function findPersonByEmail(ex: Executor, email: string): Promise<PersonRow | undefined> {
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
    .where(eq(people.email, email.toLowerCase()))
    .limit(1);
  return rows[0];
}

export async function insertSession(
  ex: Executor,
  session: { id: string; tokenHash: string; personId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await ex.insert(sessions).values(session);
}

export async function deleteSession(ex: Executor, tokenHash: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export interface SessionPrincipalRow {
  personId: string;
  name: string;
  role: Role;
  communityId: string | null;
  expiresAt: Date;
}

/**
 * The person behind a session token, with the session's expiry (every authenticated request: prepared).
 * A resident whose leases have all ended has no valid session left (move-out also deletes them).
 */
export async function findSessionPrincipal(ex: Executor, tokenHash: string): Promise<SessionPrincipalRow | undefined> {
  const rows = await queryRowsPrepared<{
    person_id: string;
    name: string;
    role: Role;
    community_id: string | null;
    expires_at: string | Date;
  }>(
    ex,
    'session_principal',
    sql`select p.id as person_id, p.name, p.role, p.community_id, s.expires_at
        from sessions s join people p on p.id = s.person_id
        where s.token_hash = ${tokenHash}
          and (p.role <> 'resident' or exists (
            select 1 from residencies r where r.person_id = p.id and r.access_state <> 'ended'))
        limit 1`,
  );
  const row = rows[0];
  return (
    row && {
      personId: row.person_id,
      name: row.name,
      role: row.role,
      communityId: row.community_id,
      expiresAt: new Date(row.expires_at),
    }
  );
}

export async function findApiKeyPrincipal(
  ex: Executor,
  keyHash: string,
): Promise<{ apiKeyId: string; name: string; communityId: string } | undefined> {
  const rows = await ex
    .select({ apiKeyId: apiKeys.id, name: apiKeys.name, communityId: apiKeys.communityId })
    .from(apiKeys)
    .innerJoin(communities, eq(communities.id, apiKeys.communityId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return rows[0];
}

export async function insertApiKey(
  ex: Executor,
  key: {
    id: string;
    communityId: string;
    name: string;
    format: 'keyway' | 'seam';
    prefix: string;
    keyHash: string;
    createdBy: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await ex.insert(apiKeys).values(key);
}

export async function listApiKeys(ex: Executor, communityId: string) {
  return ex
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      format: apiKeys.format,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.communityId, communityId))
    .orderBy(apiKeys.createdAt);
}

export async function revokeApiKey(ex: Executor, communityId: string, id: string, at: Date): Promise<boolean> {
  const rows = await ex
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.communityId, communityId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export async function countPeople(ex: Executor): Promise<number> {
  const rows = await ex.select({ n: sql<number>`count(*)::int` }).from(people);
  return rows[0]?.n ?? 0;
}
