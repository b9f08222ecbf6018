/** Latency samples (milliseconds) → summary figures, and the formatting the bench prints them with. */

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
  };
}

/** Times `fn` `runs` times, one after another; returns each run's wall time in milliseconds. */
export async function timeRuns(
  runs: number,
  fn: (i: number) => Promise<unknown> | unknown,
  before?: (i: number) => void,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    before?.(i);
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Milliseconds with sensible precision: 0.0123 ms, 0.412 ms, 12.3 ms, 1234 ms. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 0.1) return `${value.toFixed(4)} ms`;
  if (value < 10) return `${value.toFixed(3)} ms`;
  if (value < 1000) return `${value.toFixed(1)} ms`;
  return `${Math.round(value)} ms`;
}

export function summaryLine(s: Summary): string {
  return `p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  (n=${s.n}, min ${ms(s.min)}, max ${ms(s.max)})`;
}
