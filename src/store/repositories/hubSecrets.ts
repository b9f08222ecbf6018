/**
 * The secret side of hubs: what the broker checks a hub's sign-in against, the hub's sealing key (encrypted), and
 * the credentials themselves when Keyway issues them. Hashes and ciphertexts only — never a password or a key.
 */
import { eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { hubs } from '../schema.ts';

export async function hubByMqttUsername(
  ex: Executor,
  username: string,
): Promise<{ hubId: string; passwordHash: string } | undefined> {
  const [row] = await ex
    .select({ hubId: hubs.id, passwordHash: hubs.mqttPasswordHash })
    .from(hubs)
    .where(eq(hubs.mqttUsername, username));
  return row?.passwordHash ? { hubId: row.hubId, passwordHash: row.passwordHash } : undefined;
}

/** The hub's sealing key, encrypted with the master key; null for a hub registered before sealing existed. */
export async function hubSealKeyEnc(ex: Executor, hubId: string): Promise<string | null | undefined> {
  const [row] = await ex.select({ sealKeyEnc: hubs.sealKeyEnc }).from(hubs).where(eq(hubs.id, hubId));
  return row === undefined ? undefined : row.sealKeyEnc;
}

/** What a hub's credentials look like now (no secret): to reuse a simulated hub's instead of issuing new ones. */
export async function hubCredentialState(
  ex: Executor,
  hubId: string,
): Promise<{ mqttUsername: string | null; credentialsIssuedAt: Date | null; hasSealKey: boolean } | undefined> {
  const [row] = await ex
    .select({
      mqttUsername: hubs.mqttUsername,
      credentialsIssuedAt: hubs.credentialsIssuedAt,
      sealKeyEnc: hubs.sealKeyEnc,
    })
    .from(hubs)
    .where(eq(hubs.id, hubId));
  return (
    row && {
      mqttUsername: row.mqttUsername,
      credentialsIssuedAt: row.credentialsIssuedAt,
      hasSealKey: row.sealKeyEnc !== null,
    }
  );
}

export async function setHubCredentials(
  ex: Executor,
  hubId: string,
  credentials: { mqttUsername: string; mqttPasswordHash: string; credentialsIssuedAt: Date; sealKeyEnc: string },
): Promise<void> {
  await ex.update(hubs).set(credentials).where(eq(hubs.id, hubId));
}

export interface HubCredentialRow {
  hubId: string;
  communityId: string;
  name: string;
  mqttUsername: string;
  mqttPasswordHash: string;
  credentialsIssuedAt: Date | null;
}

/** Every hub that has broker credentials, in every community (the Mosquitto password file and ACL). */
export async function hubsWithCredentials(ex: Executor): Promise<HubCredentialRow[]> {
  const rows = await ex
    .select({
      hubId: hubs.id,
      communityId: hubs.communityId,
      name: hubs.name,
      mqttUsername: hubs.mqttUsername,
      mqttPasswordHash: hubs.mqttPasswordHash,
      credentialsIssuedAt: hubs.credentialsIssuedAt,
    })
    .from(hubs)
    .where(isNotNull(hubs.mqttUsername))
    .orderBy(hubs.mqttUsername);
  return rows.flatMap((r) =>
    r.mqttUsername && r.mqttPasswordHash
      ? [{ ...r, mqttUsername: r.mqttUsername, mqttPasswordHash: r.mqttPasswordHash }]
      : [],
  );
}
