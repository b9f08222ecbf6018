import { describe, expect, it } from 'vitest';
import type { Card } from '../api.ts';
import { firstRunWords } from './firstRun.ts';

type D = Card['doors'][number];
const door = (over: Partial<D>): D => ({
  accessPointId: '00000000-0000-4000-8000-000000000001',
  name: 'Unit 102 Front Door',
  kind: 'unit_door',
  connectivity: 'bluetooth',
  status: 'pending',
  reason: 'awaiting_phone',
  ...over,
});

describe('firstRunWords', () => {
  it('a Bluetooth door that never got the code: bring the phone', () => {
    expect(firstRunWords({ pendingCode: null, doors: [door({})] })).toBe(
      'Not on the door yet — bring your phone near it',
    );
  });
  it('a hub door still on its way', () => {
    expect(firstRunWords({ pendingCode: null, doors: [door({ connectivity: 'hub', reason: 'awaiting_sync' })] })).toBe(
      'Not on the door yet — on its way',
    );
  });
  it('one door holding the code: not a first run', () => {
    expect(
      firstRunWords({ pendingCode: null, doors: [door({}), door({ status: 'active', reason: null })] }),
    ).toBeNull();
  });
  it('a change under way: the old code is on the door', () => {
    expect(firstRunWords({ pendingCode: '4962', doors: [door({})] })).toBeNull();
  });
});
