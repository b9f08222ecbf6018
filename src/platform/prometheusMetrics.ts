/**
 * Metrics in Prometheus's text format (prom-client), on a registry of this Keyway's own (several Keyways in one
 * test process must not share one).
 *
 * Two kinds: what this process did (reconcile passes, command latency, the Node process itself) lives in its
 * memory and differs per process — sum or aggregate them across processes; what the fleet looks like (hubs
 * online, sweep lag, verification age, webhook backlog, queue depth) is read from the database when scraped and
 * is the same from every process — take one process's value (max), never the sum. Fleet reads are cached for a
 * few seconds so that several scrapers (or processes) cost one query per period.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandDriver, Metrics } from './metrics.ts';

/** The fleet-wide numbers a scrape shows (src/sync/fleetGauges.ts reads them). */
export interface FleetGauges {
  hubsOnline: number;
  hubsTotal: number;
  sweepLagSeconds: number;
  verificationAgeSeconds: number;
  locksNeverVerified: number;
  webhookDeliveriesPending: number;
  reconcileJobsQueued: number;
  reconcileJobsActive: number;
}

export interface PrometheusOptions {
  readFleet: () => Promise<FleetGauges>;
  /** How long one fleet read serves scrapes (default 5 s). */
  cacheMs?: number;
  onFleetError?: (error: unknown) => void;
}

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  readonly #options: PrometheusOptions;
  readonly #passSeconds: Histogram;
  readonly #passLocks: Counter;
  readonly #commandSeconds: Histogram<'driver' | 'outcome'>;
  readonly #fleet: Record<keyof FleetGauges, Gauge> & { up: Gauge };
  #fleetRead: { at: number; done: Promise<void> } | undefined;

  constructor(options: PrometheusOptions) {
    this.#options = options;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#passSeconds = new Histogram({
      name: 'keyway_reconcile_pass_seconds',
      help: 'Time of one reconcile pass (a batch of locks) in this process',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#passLocks = new Counter({
      name: 'keyway_reconcile_locks_total',
      help: 'Locks covered by reconcile passes in this process (per-lock cost: pass seconds sum / this)',
      registers,
    });
    this.#commandSeconds = new Histogram({
      name: 'keyway_command_latency_seconds',
      help: 'From sending a command to its lock until the lock answered, per driver (hub, seam, bluetooth)',
      labelNames: ['driver', 'outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 300, 3600, 86_400],
      registers,
    });
    const gauge = (name: string, help: string) => new Gauge({ name, help, registers });
    this.#fleet = {
      up: gauge('keyway_fleet_read_up', '1 when the last database read for the fleet gauges worked, else 0'),
      hubsOnline: gauge('keyway_hubs_online', 'Hubs connected to the broker now'),
      hubsTotal: gauge('keyway_hubs', 'Hubs registered'),
      sweepLagSeconds: gauge(
        'keyway_sweep_lag_seconds',
        'How overdue the oldest due guest-window boundary or retry is (0: nothing waits)',
      ),
      verificationAgeSeconds: gauge(
        'keyway_verification_oldest_age_seconds',
        'Age of the oldest verification among readable hub and cloud locks',
      ),
      locksNeverVerified: gauge('keyway_locks_never_verified', 'Readable hub and cloud locks never verified yet'),
      webhookDeliveriesPending: gauge('keyway_webhook_deliveries_pending', 'Webhook deliveries not yet delivered'),
      reconcileJobsQueued: gauge('keyway_reconcile_jobs_queued', 'Reconcile jobs waiting in the queue'),
      reconcileJobsActive: gauge('keyway_reconcile_jobs_active', 'Reconcile jobs running in some process'),
    };
  }

  reconcilePass(locks: number, ms: number): void {
    this.#passSeconds.observe(ms / 1000);
    this.#passLocks.inc(locks);
  }

  commandCompleted(driver: CommandDriver, ok: boolean, ms: number): void {
    this.#commandSeconds.observe({ driver, outcome: ok ? 'ok' : 'failed' }, Math.max(0, ms) / 1000);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text a scrape gets; fleet gauges are read first (or reused when read within the cache period). */
  async render(): Promise<string> {
    await this.#refreshFleet();
    return this.registry.metrics();
  }

  #refreshFleet(): Promise<void> {
    const now = Date.now();
    const cacheMs = this.#options.cacheMs ?? 5_000;
    if (this.#fleetRead && now - this.#fleetRead.at < cacheMs) return this.#fleetRead.done;
    const done = this.#options.readFleet().then(
      (values) => {
        for (const [key, value] of Object.entries(values)) this.#fleet[key as keyof FleetGauges].set(value);
        this.#fleet.up.set(1);
      },
      (error: unknown) => {
        // The process metrics still go out; the fleet gauges keep their last values and `up` says they are stale.
        this.#fleet.up.set(0);
        this.#fleetRead = undefined;
        this.#options.onFleetError?.(error);
      },
    );
    this.#fleetRead = { at: now, done };
    return done;
  }
}
