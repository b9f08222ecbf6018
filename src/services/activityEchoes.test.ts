import { describe, expect, it } from 'vitest';
import type { EventRow } from '../store/repositories/activity.ts';
import { withoutEchoes } from './activity.ts';

const row = (id: number, type: string, data: Record<string, unknown>, subject: string | null = null): EventRow => ({
  id,
  type,
  actor_type: 'system',
  actor_id: null,
  subject_type: type === 'guest_code.used' ? 'access_code' : 'lock',
  subject_id: subject,
  data,
  created_at: '2026-06-15T19:02:00.000Z',
});

describe('withoutEchoes', () => {
  it('shows one entry for one press of a delivery code, and keeps every other opening', () => {
    const rows = [
      row(3, 'lock.opened', { lockId: 'gate', accessCodeId: 'parcel' }),
      row(2, 'guest_code.used', { lockId: 'gate' }, 'parcel'),
      row(1, 'lock.opened', { lockId: 'gate', accessCodeId: 'alex' }),
      row(0, 'lock.opened', { lockId: 'lobby', accessCodeId: 'parcel' }),
    ];
    expect(withoutEchoes(rows).map((r) => r.id)).toEqual([2, 1, 0]);
  });
});
