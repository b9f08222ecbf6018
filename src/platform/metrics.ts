/**
 * What Keyway's code tells its metrics (an interface, so the sync engine and report handlers stay free of any
 * metrics library). The Prometheus implementation is src/platform/prometheusMetrics.ts; tests and tools that do
 * not care pass nothing, or `noMetrics`.
 */

/** How a lock is reached, as the command-latency metric names it. */
export type CommandDriver = 'hub' | 'seam' | 'bluetooth';

export interface Metrics {
  /** One reconcile pass covered `locks` locks in `ms` milliseconds. */
  reconcilePass(locks: number, ms: number): void;
  /** A lock confirmed (or refused) a command `ms` milliseconds after it was sent. */
  commandCompleted(driver: CommandDriver, ok: boolean, ms: number): void;
}

export const noMetrics: Metrics = {
  reconcilePass() {},
  commandCompleted() {},
};
