/**
 * A hub registered before PINs were sealed has no sealing key: Keyway never sends it a PIN in clear, so its doors
 * wait. The manager is told once a day per hub ("rotate its credentials"), in the activity, with ids only.
 */
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../store/database.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { hubCommunity } from '../store/repositories/hubs.ts';

export async function noteHubWithoutKey(deps: { db: Db; clock: Clock }, hubId: string): Promise<void> {
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const hub = await hubCommunity(tx, hubId);
    if (!hub) return;
    await recordEvent(tx, {
      communityId: hub.communityId,
      type: 'hub.credentials_outdated',
      actor: { type: 'system', id: null },
      subject: { type: 'hub', id: hubId },
      data: { hubId, hubName: hub.name },
      dedupeKey: `hub-without-key:${hubId}:${at.toISOString().slice(0, 10)}`,
      at,
    });
  });
}
