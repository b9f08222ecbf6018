/**
 * Orders the hub reports one process applies. Command results are independent of each other (each settles its own
 * command in its own transaction, and two results for one lock meet on the lock's row lock), so a few run side by
 * side: one at a time, a fleet boot's tens of thousands of results queued for longer than the command timeout, and
 * every timed-out command was sent again. Everything else (hub status, inventories, keypad and battery events) is a
 * barrier: it starts after every report received before it has been applied, and reports received after it wait
 * for it — a status or a full inventory must not overtake the results that came before it.
 */
export type ReportKind = 'concurrent' | 'barrier';

export class ReportScheduler {
  readonly #limit: number;
  /** Settles when the last barrier (and everything before it) has been applied. */
  #tail: Promise<void> = Promise.resolve();
  /** Concurrent reports received since the last barrier, running or waiting for a free place. */
  readonly #since = new Set<Promise<void>>();
  #running = 0;
  readonly #queue: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /** Schedules one report. The caller logs its own failures: a report that throws is passed over here. */
  add(kind: ReportKind, apply: () => Promise<void>): void {
    const settled = () => apply().catch(() => undefined);
    if (kind === 'barrier') {
      const before = Promise.all([this.#tail, ...this.#since]);
      this.#since.clear();
      this.#tail = before.then(settled);
      return;
    }
    const task = this.#tail.then(() => this.#withPlace(settled));
    this.#since.add(task);
    void task.finally(() => this.#since.delete(task));
  }

  /** Settles once every report scheduled so far has been applied. */
  async drain(): Promise<void> {
    await Promise.all([this.#tail, ...this.#since]);
  }

  async #withPlace(apply: () => Promise<void>): Promise<void> {
    if (this.#running >= this.#limit) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#running += 1;
    try {
      await apply();
    } finally {
      this.#running -= 1;
      this.#queue.shift()?.();
    }
  }
}
