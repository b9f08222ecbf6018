/**
 * Integration codes at the service tier, on a real database without the sync engine: what is written (one
 * credential and one sync row per lock, an event without the PIN, a reconcile asked inside the transaction), that
 * refusals write nothing, and that two integrators racing for one code or the last slot of a lock cannot both win.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../../test/support/expectKeywayError.ts';
import { type ServiceHarness, startServiceHarness } from '../../../test/support/serviceHarness.ts';
import { integrationDevices } from '../../store/repositories/seamAccessCodes.ts';
import { locks } from '../../store/schema.ts';
import { createApiKey } from '../apiKeys.ts';
import type { Principal } from '../principal.ts';
import { createSeamAccessCode, createSeamAccessCodes } from './createSeamAccessCodes.ts';
import { deleteSeamAccessCode } from './deleteSeamAccessCode.ts';
import { getSeamAccessCode } from './seamAccessCodeQueries.ts';
import { updateSeamAccessCode } from './updateSeamAccessCode.ts';

let h: ServiceHarness;
let integrator: Principal;
let other: Principal;

async function keyFor(name: string): Promise<Principal> {
  const { apiKey } = await createApiKey(h.deps, h.manager, { name, format: 'seam' });
  return { kind: 'api_key', apiKeyId: apiKey.id, communityId: h.communityId, name };
}

beforeAll(async () => {
  h = await startServiceHarness();
  integrator = await keyFor('Property software');
  other = await keyFor('Another app');
});
afterAll(() => h.close());

describe('creating an integration code', () => {
  it('writes one credential for one lock, a pending sync row, an event without the PIN, and asks for a reconcile', async () => {
    const unit101 = await h.lockOf('Unit 101 Front Door');
    h.sync.requests.length = 0;
    const view = await createSeamAccessCode(h.deps, integrator, { deviceId: unit101, name: 'Guest 1', code: '0429' });
    expect(view).toMatchObject({ deviceId: unit101, code: '0429', status: 'setting', type: 'ongoing' });
    const row = await h.accessCodeRow(view.accessCodeId);
    expect(row).toMatchObject({
      kind: 'integration',
      holderId: null,
      ownerId: null,
      apiKeyId: integrator.kind === 'api_key' ? integrator.apiKeyId : null,
      guestName: 'Guest 1',
      guestType: 'permanent',
      origin: 'custom',
      oneTimeUse: false,
    });
    expect(row.pinEnc).not.toContain('0429');
    expect((await h.lockCodesOf(view.accessCodeId)).map((r) => [r.lockId, r.state, r.intent])).toEqual([
      [unit101, 'pending', 'present'],
    ]);
    const [event] = await h.eventsAbout(view.accessCodeId);
    expect(event).toMatchObject({ type: 'integration_code.created', actorType: 'api_key' });
    expect(event?.data).toMatchObject({ name: 'Guest 1', lockId: unit101, integration: 'Property software' });
    expect(JSON.stringify(event?.data)).not.toContain('0429');
    expect(h.sync.requests).toEqual([{ lockIds: [unit101], inTransaction: true }]);
  });

  it('a refused create_multiple writes nothing at all', async () => {
    const unit101 = await h.lockOf('Unit 101 Front Door');
    const unit102 = await h.lockOf('Unit 102 Front Door');
    const before = await h.snapshot();
    await expectKeywayError(
      createSeamAccessCodes(h.deps, integrator, { deviceIds: [unit102, unit101], code: '0429', name: 'Family' }),
      'code_conflict',
    );
    await expectKeywayError(
      createSeamAccessCodes(h.deps, integrator, { deviceIds: [unit102, await h.lockOf('Lobby')], code: '7193' }),
      'custom_code_not_allowed_here',
    );
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('two integrators at the same moment', () => {
  it('choosing the same code on one lock: exactly one gets it', async () => {
    const unit101 = await h.lockOf('Unit 101 Front Door');
    for (const code of ['7391', '4826', '9053']) {
      const outcomes = await Promise.allSettled([
        createSeamAccessCode(h.deps, integrator, { deviceId: unit101, code }),
        createSeamAccessCode(h.deps, other, { deviceId: unit101, code }),
      ]);
      expect(
        outcomes.filter((o) => o.status === 'fulfilled'),
        code,
      ).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === 'rejected');
      await expectKeywayError(Promise.reject(lost?.reason), 'code_conflict', code);
    }
  });

  it('asking for the last slot of a lock: exactly one gets it, the other is told lock_full', async () => {
    const pool = await h.lockOf('Pool');
    await createSeamAccessCode(h.deps, integrator, { deviceId: pool, name: 'First' });
    const [device] = await integrationDevices(h.db, h.communityId, [pool], h.clock.now());
    const claimed = device?.slotsClaimed ?? 0;
    expect(claimed).toBeGreaterThan(0); // at least the code made above
    // Shrink the lock to what it holds or is promised now, plus one free slot.
    await h.db
      .update(locks)
      .set({ slotCount: claimed + 1 })
      .where(eq(locks.id, pool));
    const outcomes = await Promise.allSettled([
      createSeamAccessCode(h.deps, integrator, { deviceId: pool, name: 'A' }),
      createSeamAccessCode(h.deps, other, { deviceId: pool, name: 'B' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    await expectKeywayError(Promise.reject(outcomes.find((o) => o.status === 'rejected')?.reason), 'lock_full');
    await h.db.update(locks).set({ slotCount: 30 }).where(eq(locks.id, pool));
  });
});

describe('changing and deleting', () => {
  it('new digits keep the old code working until the lock confirms them (make-before-break)', async () => {
    const unit101 = await h.lockOf('Unit 101 Front Door');
    const made = await createSeamAccessCode(h.deps, integrator, { deviceId: unit101, code: '5820' });
    await h.confirmOnLocks();
    const before = await h.accessCodeRow(made.accessCodeId);
    await updateSeamAccessCode(h.deps, integrator, { accessCodeId: made.accessCodeId, code: '5821' });
    const during = await h.accessCodeRow(made.accessCodeId);
    expect(during.version).toBe(before.version + 1);
    expect(during.previousPinEnc).toBe(before.pinEnc);
    expect((await h.lockCodesOf(made.accessCodeId))[0]).toMatchObject({
      state: 'pending',
      desiredVersion: during.version,
    });
    await h.confirmOnLocks();
    expect((await h.accessCodeRow(made.accessCodeId)).previousPinEnc).toBeNull();
    const [, updated] = await h.eventsAbout(made.accessCodeId);
    expect(updated?.data).toMatchObject({ changed: ['code'] });
    expect(JSON.stringify(updated?.data)).not.toMatch(/582[01]/);
  });

  it('a rename alone sends nothing to the lock; a new window does', async () => {
    const lobby = await h.lockOf('Lobby');
    const made = await createSeamAccessCode(h.deps, integrator, { deviceId: lobby, name: 'Old name' });
    await h.confirmOnLocks();
    h.sync.requests.length = 0;
    await updateSeamAccessCode(h.deps, integrator, { accessCodeId: made.accessCodeId, name: 'New name' });
    expect(h.sync.requests).toEqual([]);
    expect((await h.lockCodesOf(made.accessCodeId))[0]?.state).toBe('active');
    const at = (minutes: number) => new Date(h.clock.now().getTime() + minutes * 60_000).toISOString();
    await updateSeamAccessCode(h.deps, integrator, {
      accessCodeId: made.accessCodeId,
      startsAt: at(60),
      endsAt: at(120),
    });
    expect(h.sync.requests).toEqual([{ lockIds: [lobby], inTransaction: true }]);
    expect(await h.accessCodeRow(made.accessCodeId)).toMatchObject({ guestType: 'temporary', version: 2 });
  });

  it('delete revokes it and asks the lock to let go; a second delete is not found', async () => {
    const lobby = await h.lockOf('Lobby');
    const made = await createSeamAccessCode(h.deps, integrator, { deviceId: lobby });
    await h.confirmOnLocks();
    await deleteSeamAccessCode(h.deps, other, { accessCodeId: made.accessCodeId });
    expect((await h.lockCodesOf(made.accessCodeId))[0]).toMatchObject({ state: 'removing', intent: 'absent' });
    expect((await getSeamAccessCode(h.deps, integrator, { accessCodeId: made.accessCodeId })).status).toBe('removing');
    const error = await expectKeywayError(
      deleteSeamAccessCode(h.deps, integrator, { accessCodeId: made.accessCodeId }),
      'not_found',
    );
    expect(error.details).toEqual({ resource: 'access_code' });
    await h.confirmOnLocks();
    await expectKeywayError(getSeamAccessCode(h.deps, integrator, { accessCodeId: made.accessCodeId }), 'not_found');
  });
});
