/** Names the activity log shows for who acted and for whom: people and API keys of one community, by id. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../database.ts';
import { apiKeys, people } from '../schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ActivityNames {
  people: Map<string, string>;
  apiKeys: Map<string, string>;
}

export async function activityNames(
  ex: Executor,
  communityId: string,
  ids: { people: readonly string[]; apiKeys: readonly string[] },
): Promise<ActivityNames> {
  const personIds = [...new Set(ids.people.filter((id) => UUID.test(id)))];
  const keyIds = [...new Set(ids.apiKeys.filter((id) => UUID.test(id)))];
  const personRows =
    personIds.length === 0
      ? []
      : await ex.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, personIds));
  const keyRows =
    keyIds.length === 0
      ? []
      : await ex
          .select({ id: apiKeys.id, name: apiKeys.name })
          .from(apiKeys)
          .where(and(eq(apiKeys.communityId, communityId), inArray(apiKeys.id, keyIds)));
  return {
    people: new Map(personRows.map((r) => [r.id, r.name])),
    apiKeys: new Map(keyRows.map((r) => [r.id, r.name])),
  };
}
