import { describe, expect, it } from 'vitest';
import { type FleetGauges, PrometheusMetrics } from './prometheusMetrics.ts';

const fleet: FleetGauges = {
  hubsOnline: 3,
  hubsTotal: 4,
  sweepLagSeconds: 1.5,
  verificationAgeSeconds: 3600,
  locksNeverVerified: 2,
  webhookDeliveriesPending: 7,
  reconcileJobsQueued: 5,
  reconcileJobsActive: 1,
};

/** The value of one sample line (`name{labels} value`) in the text format. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('PrometheusMetrics', () => {
  it('counts reconcile passes and command latency per driver, in seconds', async () => {
    const metrics = new PrometheusMetrics({ readFleet: async () => fleet });
    metrics.reconcilePass(100, 250);
    metrics.reconcilePass(20, 50);
    metrics.commandCompleted('hub', true, 800);
    metrics.commandCompleted('hub', false, 20_000);
    metrics.commandCompleted('seam', true, 90_000);
    const text = await metrics.render();
    expect(sample(text, 'keyway_reconcile_pass_seconds_count')).toBe(2);
    expect(sample(text, 'keyway_reconcile_pass_seconds_sum')).toBeCloseTo(0.3);
    expect(sample(text, 'keyway_reconcile_locks_total')).toBe(120);
    expect(sample(text, 'keyway_command_latency_seconds_bucket{le="1",driver="hub",outcome="ok"}')).toBe(1);
    expect(sample(text, 'keyway_command_latency_seconds_count{driver="hub",outcome="failed"}')).toBe(1);
    expect(sample(text, 'keyway_command_latency_seconds_bucket{le="60",driver="seam",outcome="ok"}')).toBe(0);
    expect(sample(text, 'keyway_command_latency_seconds_bucket{le="300",driver="seam",outcome="ok"}')).toBe(1);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('shows the fleet as read at scrape time, one read per cache period', async () => {
    let reads = 0;
    const metrics = new PrometheusMetrics({
      readFleet: async () => {
        reads++;
        return { ...fleet, hubsOnline: reads };
      },
      cacheMs: 60_000,
    });
    const [a, b] = await Promise.all([metrics.render(), metrics.render()]);
    expect(reads).toBe(1);
    for (const text of [a, b]) {
      expect(sample(text, 'keyway_hubs_online')).toBe(1);
      expect(sample(text, 'keyway_hubs')).toBe(4);
      expect(sample(text, 'keyway_sweep_lag_seconds')).toBe(1.5);
      expect(sample(text, 'keyway_verification_oldest_age_seconds')).toBe(3600);
      expect(sample(text, 'keyway_locks_never_verified')).toBe(2);
      expect(sample(text, 'keyway_webhook_deliveries_pending')).toBe(7);
      expect(sample(text, 'keyway_reconcile_jobs_queued')).toBe(5);
      expect(sample(text, 'keyway_reconcile_jobs_active')).toBe(1);
      expect(sample(text, 'keyway_fleet_read_up')).toBe(1);
    }
  });

  it('still answers when the database does not, saying the fleet gauges are stale', async () => {
    let fail = false;
    const errors: unknown[] = [];
    const metrics = new PrometheusMetrics({
      readFleet: async () => {
        if (fail) throw new Error('database down');
        return fleet;
      },
      cacheMs: 0,
      onFleetError: (error) => errors.push(error),
    });
    expect(sample(await metrics.render(), 'keyway_fleet_read_up')).toBe(1);
    fail = true;
    const text = await metrics.render();
    expect(sample(text, 'keyway_fleet_read_up')).toBe(0);
    expect(sample(text, 'keyway_hubs_online')).toBe(3);
    expect(errors).toHaveLength(1);
  });
});
