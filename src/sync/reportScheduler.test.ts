import { describe, expect, it } from 'vitest';
import { ReportScheduler } from './reportScheduler.ts';

const tick = (ms = 5) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('ReportScheduler', () => {
  it('runs results side by side, never more than its limit at once', async () => {
    const scheduler = new ReportScheduler(3);
    let running = 0;
    let most = 0;
    for (let i = 0; i < 10; i++) {
      scheduler.add('concurrent', async () => {
        running += 1;
        most = Math.max(most, running);
        await tick();
        running -= 1;
      });
    }
    await scheduler.drain();
    expect(most).toBe(3);
    expect(running).toBe(0);
  });

  it('starts a barrier after everything before it, and holds back everything after it', async () => {
    const scheduler = new ReportScheduler(4);
    const log: string[] = [];
    const report = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
    };
    scheduler.add('concurrent', report('r1', 20));
    scheduler.add('concurrent', report('r2', 5));
    scheduler.add('barrier', report('inventory', 5));
    scheduler.add('concurrent', report('r3', 1));
    await scheduler.drain();
    expect(log.indexOf('start inventory')).toBeGreaterThan(log.indexOf('end r1'));
    expect(log.indexOf('start inventory')).toBeGreaterThan(log.indexOf('end r2'));
    expect(log.indexOf('start r3')).toBeGreaterThan(log.indexOf('end inventory'));
  });

  it('goes on after a report that failed', async () => {
    const scheduler = new ReportScheduler(2);
    const done: string[] = [];
    scheduler.add('barrier', async () => {
      throw new Error('broken status');
    });
    scheduler.add('concurrent', async () => {
      done.push('result');
    });
    scheduler.add('barrier', async () => {
      done.push('inventory');
    });
    await scheduler.drain();
    expect(done).toEqual(['result', 'inventory']);
  });
});
