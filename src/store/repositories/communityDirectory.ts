/** Communities as the operator sees them: all of them. */
import { asc } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { communities } from '../schema.ts';

export async function listAllCommunities(ex: Executor): Promise<{ id: string; name: string; timeZone: string }[]> {
  return ex
    .select({ id: communities.id, name: communities.name, timeZone: communities.timeZone })
    .from(communities)
    .orderBy(asc(communities.name));
}
