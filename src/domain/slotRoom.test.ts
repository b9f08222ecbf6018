import { describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../test/support/expectKeywayError.ts';
import { ensureGuestRoom, guestRoom, type LockRoom, residentReserve } from './slotRoom.ts';

const lock = (over: Partial<LockRoom>): LockRoom => ({
  lockId: 'l1',
  doorName: 'Main Gate',
  slotCount: 30,
  otherClaims: 0,
  residentClaims: 0,
  residentsWithCard: 0,
  ...over,
});

describe('slot room', () => {
  it.each([
    // [slots, other claims, resident claims, residents with card, reserve, guest room]
    [30, 0, 0, 0, 3, 27],
    [30, 0, 2, 2, 5, 25],
    [30, 25, 2, 2, 5, 0],
    [30, 24, 2, 2, 5, 1],
    [30, 0, 2, 5, 8, 22], // three residents not yet on the lock still have their slots
    [30, 0, 6, 4, 9, 21], // codes still leaving count until they are gone
    [20, 10, 0, 10, 12, 0],
    [4, 0, 1, 1, 3, 1],
    [30, 40, 0, 0, 3, 0], // over-full (unmanaged codes): no room, never negative
  ] as const)(
    '%i slots, %i other, %i resident claims, %i residents → reserve %i, room %i',
    (slotCount, otherClaims, residentClaims, residentsWithCard, reserve, room) => {
      const l = lock({ slotCount, otherClaims, residentClaims, residentsWithCard });
      expect(residentReserve(l)).toBe(reserve);
      expect(guestRoom(l)).toBe(room);
    },
  );

  it('refuses a guest code when any of its doors is full, naming that door', () => {
    expect(() => ensureGuestRoom([lock({ otherClaims: 24, residentsWithCard: 2 })])).not.toThrow();
    const error = expectKeywayError(
      () =>
        ensureGuestRoom([
          lock({ lockId: 'l0', doorName: 'Unit 101', residentsWithCard: 1 }),
          lock({ otherClaims: 25, residentsWithCard: 2 }),
        ]),
      'no_room_on_lock',
    );
    expect(error.details).toMatchObject({ door: 'Main Gate', lockId: 'l1' });
  });
});
