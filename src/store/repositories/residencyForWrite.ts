/** A person's leases as a write of theirs needs them: locked so a move-out cannot slip in beside the write. */
import { and, eq } from 'drizzle-orm';
import type { CommunitySettings } from '../../domain/communitySettings.ts';
import type { StoredLease } from '../../domain/residency.ts';
import type { Executor } from '../database.ts';
import { communities, residencies } from '../schema.ts';

export interface LeasesForWrite {
  leases: StoredLease[];
  timeZone: string | null;
  settings: CommunitySettings | null;
}

/**
 * The person's leases in the community, with the community's zone and settings. The rows are locked FOR SHARE
 * until the transaction ends: a move-out (which locks them FOR UPDATE) waits for the write and then revokes what
 * it made, or has already committed and is seen here.
 */
export async function leasesForWrite(ex: Executor, personId: string, communityId: string): Promise<LeasesForWrite> {
  const rows = await ex
    .select({
      moveIn: residencies.moveIn,
      moveOut: residencies.moveOut,
      accessState: residencies.accessState,
      accessEndsAt: residencies.accessEndsAt,
      timeZone: communities.timeZone,
      settings: communities.settings,
    })
    .from(residencies)
    .innerJoin(communities, eq(communities.id, residencies.communityId))
    .where(and(eq(residencies.personId, personId), eq(residencies.communityId, communityId)))
    .orderBy(residencies.id)
    .for('share', { of: residencies });
  return {
    leases: rows.map(({ moveIn, moveOut, accessState, accessEndsAt }) => ({
      moveIn,
      moveOut,
      accessState,
      accessEndsAt,
    })),
    timeZone: rows[0]?.timeZone ?? null,
    settings: rows[0]?.settings ?? null,
  };
}
