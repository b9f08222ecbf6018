import { describe, expect, it } from 'vitest';
import type { Removal } from '../api.ts';
import { BLUETOOTH_FINISH, stillOnDoorText } from './MoveOutProgress.tsx';
import { residentChip } from './ResidentsPage.tsx';

const removal = (over: Partial<Removal>): Removal => ({
  lockId: 'l',
  doorName: 'Unit 102 Front Door',
  connectivity: 'bluetooth',
  status: 'removing',
  reason: 'awaiting_phone',
  ownCodesLeft: 1,
  guestCodesLeft: 0,
  waitingSince: '2026-06-15T16:00:00Z',
  ...over,
});

describe('what a door still holds of a moved-out resident', () => {
  it.each([
    [{}, 'Still holds Blair Chen’s code, since Jun 15, 11:00 AM.'],
    [{ guestCodesLeft: 2 }, 'Still holds Blair Chen’s code and 2 guest codes, since Jun 15, 11:00 AM.'],
    [{ ownCodesLeft: 0, guestCodesLeft: 1 }, 'Still holds 1 guest code, since Jun 15, 11:00 AM.'],
    [{ ownCodesLeft: 2, waitingSince: null }, 'Still holds 2 of Blair Chen’s codes.'],
    [{ status: 'removed' as const, ownCodesLeft: 0 }, ''],
  ])('%o → %s', (over, text) => {
    expect(stillOnDoorText(removal(over), 'Blair Chen', 'America/Chicago')).toBe(text);
  });

  it('names the way to finish a Bluetooth door: any phone with the app, not the resident who left', () => {
    expect(BLUETOOTH_FINISH).toMatch(/any resident’s or staff’s/);
  });
});

describe('the resident status chip', () => {
  it.each([
    [
      { status: 'current' as const, moveOut: '2026-06-15' },
      { label: 'Move-out today', tone: 'past' },
    ],
    [
      { status: 'current' as const, moveOut: '2026-06-20' },
      { label: 'Current', tone: 'ok' },
    ],
    [
      { status: 'current' as const, moveOut: null },
      { label: 'Current', tone: 'ok' },
    ],
    [
      { status: 'past' as const, moveOut: '2026-06-10' },
      { label: 'Moved out', tone: 'past' },
    ],
  ])('%o', (r, chip) => {
    expect(residentChip(r, '2026-06-15')).toEqual(chip);
  });
});
