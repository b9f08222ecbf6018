/**
 * Test-only fault (chaosProcesses.test.ts): with NODE_ENV=test and KEYWAY_TEST_KILL_AFTER_COMMIT=<n>, the process
 * SIGKILLs itself right after the n-th reconcile transaction that committed hub commands, before publishing any of
 * them — the one crash window the outbox design must survive (the commands are `sent` in the database, no hub ever
 * heard of them). Just before dying it writes the command ids to stderr (ids only, never a PIN), so the test can
 * check those very commands were committed and then taken over. Inert everywhere else.
 */
import { writeSync } from 'node:fs';

const after =
  process.env.NODE_ENV === 'test' ? Number.parseInt(process.env.KEYWAY_TEST_KILL_AFTER_COMMIT ?? '', 10) : Number.NaN;
let committed = 0;

export function killIfAskedAfterCommit(commandIds: readonly string[]): void {
  if (!(after > 0) || commandIds.length === 0 || ++committed < after) return;
  writeSync(2, `${JSON.stringify({ testFault: 'killed_after_commit', pid: process.pid, commandIds })}\n`);
  process.kill(process.pid, 'SIGKILL');
}
