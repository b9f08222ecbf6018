/** Hubs of a community, their MQTT credentials (hash only), the locks they drive and the locks they found. */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { queryRows } from '../rawQuery.ts';
import { hubDiscoveries, hubs, locks } from '../schema.ts';

export async function insertProvisionedHub(
  ex: Executor,
  row: {
    id: string;
    communityId: string;
    name: string;
    mqttUsername: string;
    mqttPasswordHash: string;
    createdAt: Date;
  },
): Promise<void> {
  await ex.insert(hubs).values({ ...row, credentialsIssuedAt: row.createdAt });
}

export interface HubRow {
  id: string;
  name: string;
  online: boolean;
  lastSeenAt: Date | null;
  mqttUsername: string | null;
  credentialsIssuedAt: Date | null;
}

const hubColumns = {
  id: hubs.id,
  name: hubs.name,
  online: hubs.online,
  lastSeenAt: hubs.lastSeenAt,
  mqttUsername: hubs.mqttUsername,
  credentialsIssuedAt: hubs.credentialsIssuedAt,
};

export async function findHub(ex: Executor, communityId: string, id: string): Promise<HubRow | undefined> {
  const [row] = await ex
    .select(hubColumns)
    .from(hubs)
    .where(and(eq(hubs.communityId, communityId), eq(hubs.id, id)));
  return row;
}

export async function listHubRows(ex: Executor, communityId: string): Promise<HubRow[]> {
  return ex.select(hubColumns).from(hubs).where(eq(hubs.communityId, communityId)).orderBy(hubs.name);
}

export async function updateHub(
  ex: Executor,
  communityId: string,
  id: string,
  patch: Partial<{ name: string; mqttUsername: string; mqttPasswordHash: string; credentialsIssuedAt: Date }>,
): Promise<void> {
  await ex
    .update(hubs)
    .set(patch)
    .where(and(eq(hubs.communityId, communityId), eq(hubs.id, id)));
}

export async function deleteHub(ex: Executor, communityId: string, id: string): Promise<void> {
  await ex.delete(hubDiscoveries).where(eq(hubDiscoveries.hubId, id));
  await ex.delete(hubs).where(and(eq(hubs.communityId, communityId), eq(hubs.id, id)));
}

export interface HubLockRow {
  hubId: string;
  lockId: string;
  address: string | null;
  doorName: string;
}

export async function locksOnHubs(ex: Executor, communityId: string): Promise<HubLockRow[]> {
  const rows = await queryRows<{ hub_id: string; lock_id: string; address: string | null; door_name: string }>(
    ex,
    sql`select l.hub_id, l.id as lock_id, l.address, ap.name as door_name
        from locks l join access_points ap on ap.id = l.access_point_id
        where l.community_id = ${communityId} and l.hub_id is not null
        order by ap.name`,
  );
  return rows.map((r) => ({ hubId: r.hub_id, lockId: r.lock_id, address: r.address, doorName: r.door_name }));
}

export interface DiscoveryRow {
  hubId: string;
  address: string;
  capabilities: Record<string, unknown>;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export async function discoveriesOf(ex: Executor, communityId: string): Promise<DiscoveryRow[]> {
  return ex
    .select({
      hubId: hubDiscoveries.hubId,
      address: hubDiscoveries.address,
      capabilities: hubDiscoveries.capabilities,
      firstSeenAt: hubDiscoveries.firstSeenAt,
      lastSeenAt: hubDiscoveries.lastSeenAt,
    })
    .from(hubDiscoveries)
    .where(eq(hubDiscoveries.communityId, communityId))
    .orderBy(hubDiscoveries.address);
}

export async function findDiscovery(ex: Executor, hubId: string, address: string): Promise<DiscoveryRow | undefined> {
  const [row] = (await discoveriesOfHub(ex, hubId)).filter((d) => d.address === address);
  return row;
}

async function discoveriesOfHub(ex: Executor, hubId: string): Promise<DiscoveryRow[]> {
  return ex
    .select({
      hubId: hubDiscoveries.hubId,
      address: hubDiscoveries.address,
      capabilities: hubDiscoveries.capabilities,
      firstSeenAt: hubDiscoveries.firstSeenAt,
      lastSeenAt: hubDiscoveries.lastSeenAt,
    })
    .from(hubDiscoveries)
    .where(eq(hubDiscoveries.hubId, hubId));
}

/** Records a lock a hub reported at an address no lock of that hub has; true when it is new. */
export async function upsertDiscovery(
  ex: Executor,
  row: { id: string; communityId: string; hubId: string; address: string; capabilities: Record<string, unknown> },
  at: Date,
): Promise<boolean> {
  const inserted = await ex
    .insert(hubDiscoveries)
    .values({ ...row, firstSeenAt: at, lastSeenAt: at })
    .onConflictDoNothing({ target: [hubDiscoveries.hubId, hubDiscoveries.address] })
    .returning({ id: hubDiscoveries.id });
  if (inserted.length === 1) return true;
  const hasCapabilities = Object.keys(row.capabilities).length > 0;
  await ex
    .update(hubDiscoveries)
    .set({ lastSeenAt: at, ...(hasCapabilities ? { capabilities: row.capabilities } : {}) })
    .where(and(eq(hubDiscoveries.hubId, row.hubId), eq(hubDiscoveries.address, row.address)));
  return false;
}

export async function deleteDiscovery(ex: Executor, hubId: string, address: string): Promise<void> {
  await ex.delete(hubDiscoveries).where(and(eq(hubDiscoveries.hubId, hubId), eq(hubDiscoveries.address, address)));
}

/** The gateway's map: which lock sits at `address` on `hubId` (the hub speaks in addresses only). */
export async function lockAtAddress(ex: Executor, hubId: string, address: string): Promise<string | undefined> {
  const [row] = await ex
    .select({ id: locks.id })
    .from(locks)
    .where(and(eq(locks.hubId, hubId), eq(locks.address, address)));
  return row?.id;
}

/** The other way: the address a hub knows a lock by (hub locks; the lock id itself if none is stored). */
export async function addressOfLock(ex: Executor, lockId: string): Promise<string> {
  const [row] = await ex.select({ address: locks.address }).from(locks).where(eq(locks.id, lockId));
  return row?.address ?? lockId;
}

export async function hubCommunity(
  ex: Executor,
  hubId: string,
): Promise<{ communityId: string; name: string } | undefined> {
  const [row] = await ex
    .select({ communityId: hubs.communityId, name: hubs.name })
    .from(hubs)
    .where(eq(hubs.id, hubId));
  return row;
}
