/** An operator creates a community: a name and an IANA time zone, with the default code settings. */
import { DEFAULT_SETTINGS } from '../domain/communitySettings.ts';
import { KeywayError } from '../domain/errors.ts';
import { insertCommunity } from '../store/repositories/communities.ts';
import { recordEvent } from '../store/repositories/events.ts';
import type { ServiceDeps } from './deps.ts';
import type { OperatorPrincipal } from './principal.ts';

export interface CommunityView {
  id: string;
  name: string;
  timeZone: string;
}

/** The zone's canonical IANA name, or undefined when it is not one (offsets like "+02:00" are refused too). */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export async function createCommunity(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random'>,
  operator: OperatorPrincipal,
  props: { name: string; timeZone: string },
): Promise<CommunityView> {
  const timeZone = canonicalTimeZone(props.timeZone.trim());
  if (!timeZone)
    throw new KeywayError('invalid_request', 'Use an IANA time zone such as America/New_York or Europe/Paris.', {
      field: 'timeZone',
    });
  const community = { id: deps.random.uuid(), name: props.name.trim(), timeZone };
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await insertCommunity(tx, { ...community, settings: structuredClone(DEFAULT_SETTINGS), createdAt: at });
    await recordEvent(tx, {
      communityId: community.id,
      type: 'community.created',
      actor: { type: 'person', id: operator.personId },
      subject: { type: 'community', id: community.id },
      data: { name: community.name, timeZone },
      at,
    });
  });
  return community;
}
