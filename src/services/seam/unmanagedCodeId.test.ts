import { describe, expect, it } from 'vitest';
import { unmanagedCodeId } from './unmanagedCodeId.ts';

const LOCK = '7c0e8f2a-1b7d-4a51-9f55-0b1e2c3d4e5f';
const OTHER_LOCK = '11111111-2222-4333-8444-555555555555';

describe('unmanaged code ids', () => {
  it('are UUIDs (version 8, RFC variant) that PostgreSQL and the page cursor accept', () => {
    const id = unmanagedCodeId(LOCK, 3, 'fp-of-code', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('are stable: the same code in the same slot has the same id on every call', () => {
    expect(unmanagedCodeId(LOCK, 3, 'fp-of-code', 0)).toBe(unmanagedCodeId(LOCK, 3, 'fp-of-code', 0));
    expect(unmanagedCodeId(LOCK, 3, null, 0)).toBe(unmanagedCodeId(LOCK, 3, null, 0));
  });

  it('differ by lock, slot, code and generation', () => {
    const ids = new Set([
      unmanagedCodeId(LOCK, 3, 'fp-of-code', 0),
      unmanagedCodeId(OTHER_LOCK, 3, 'fp-of-code', 0),
      unmanagedCodeId(LOCK, 4, 'fp-of-code', 0),
      unmanagedCodeId(LOCK, 3, 'fp-of-another-code', 0),
      unmanagedCodeId(LOCK, 3, null, 0),
      unmanagedCodeId(LOCK, 3, 'fp-of-code', 1),
    ]);
    expect(ids.size).toBe(6);
  });
});
