/** The fleet-wide gauges of a metrics scrape: the database's numbers turned into ages and counts as of `now`. */
import type { Clock } from '../platform/clock.ts';
import type { FleetGauges } from '../platform/prometheusMetrics.ts';
import type { Db } from '../store/database.ts';
import { fleetSnapshot, queueDepth } from '../store/repositories/metrics.ts';
import { RECONCILE_QUEUE } from './jobQueue.ts';

export async function readFleetGauges(deps: { db: Db; clock: Clock }): Promise<FleetGauges> {
  const now = deps.clock.now();
  const fleet = await fleetSnapshot(deps.db, now);
  const queue = await queueDepth(deps.db, RECONCILE_QUEUE);
  const secondsSince = (at: Date | null) => (at ? Math.max(0, now.getTime() - at.getTime()) / 1000 : 0);
  return {
    hubsOnline: fleet.hubsOnline,
    hubsTotal: fleet.hubsTotal,
    sweepLagSeconds: secondsSince(fleet.oldestDueAt),
    verificationAgeSeconds: secondsSince(fleet.oldestVerifiedAt),
    locksNeverVerified: fleet.neverVerified,
    webhookDeliveriesPending: fleet.webhookDeliveriesPending,
    reconcileJobsQueued: queue.queued,
    reconcileJobsActive: queue.active,
  };
}
