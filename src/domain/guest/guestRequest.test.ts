import { describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../../test/support/expectKeywayError.ts';
import { GUEST_TYPES } from '../communitySettings.ts';
import type { KeywayErrorCode } from '../errors.ts';
import type { GuestRequest, GuestRequestSettings } from './guestRequest.ts';
import { validateGuestRequest } from './guestRequest.ts';

const now = new Date('2026-05-01T15:00:00Z');
const allTypes: GuestRequestSettings = { guestTypes: [...GUEST_TYPES], deliveryCodeHours: 2 };
const noDelivery: GuestRequestSettings = { guestTypes: ['permanent', 'temporary', 'recurring'], deliveryCodeHours: 2 };

const temporary = {
  type: 'temporary',
  name: 'Grandma',
  startsAt: '2026-05-02T09:00:00-05:00',
  endsAt: '2026-05-04T18:00:00-05:00',
};
const recurring = {
  type: 'recurring',
  name: 'Dog walker',
  schedule: { days: ['mon', 'wed', 'fri'], start: '09:00', end: '17:00' },
};
const permanent = { type: 'permanent', name: 'Kid' };
const delivery = { type: 'delivery', name: 'Courier' };

describe('validateGuestRequest refusals', () => {
  it.each<[string, unknown, KeywayErrorCode, string | undefined, GuestRequestSettings?]>([
    // a `code` key is refused before anything else, whatever its value and whatever else is wrong
    ['code with a PIN', { ...permanent, code: '1234' }, 'guest_code_not_customizable', undefined],
    ['code null', { ...permanent, code: null }, 'guest_code_not_customizable', undefined],
    ['code empty', { ...permanent, code: '' }, 'guest_code_not_customizable', undefined],
    ['code undefined but present', { ...permanent, code: undefined }, 'guest_code_not_customizable', undefined],
    ['code on a bad type', { type: 'bogus', code: '1234' }, 'guest_code_not_customizable', undefined],
    ['code on a disabled type', { ...delivery, code: '1234' }, 'guest_code_not_customizable', undefined, noDelivery],
    // type
    ['unknown type', { ...permanent, type: 'forever' }, 'invalid_request', 'type'],
    ['type not a string', { ...permanent, type: 3 }, 'invalid_request', 'type'],
    ['type missing', { name: 'x' }, 'invalid_request', 'type'],
    ['type in other case', { ...permanent, type: 'Permanent' }, 'invalid_request', 'type'],
    ['type disabled', delivery, 'guest_type_disabled', undefined, noDelivery],
    ['disabled beats a bad name', { ...delivery, name: '' }, 'guest_type_disabled', undefined, noDelivery],
    // name
    ['name empty', { ...permanent, name: '' }, 'invalid_request', 'name'],
    ['name blank', { ...permanent, name: '   ' }, 'invalid_request', 'name'],
    ['name missing', { type: 'permanent' }, 'invalid_request', 'name'],
    ['name not a string', { ...permanent, name: 42 }, 'invalid_request', 'name'],
    ['name 101 chars', { ...permanent, name: 'x'.repeat(101) }, 'invalid_request', 'name'],
    // permanent
    ['permanent with endsAt', { ...permanent, endsAt: temporary.endsAt }, 'invalid_request', 'endsAt'],
    ['permanent with startsAt', { ...permanent, startsAt: temporary.startsAt }, 'invalid_request', 'startsAt'],
    ['permanent with schedule', { ...permanent, schedule: recurring.schedule }, 'invalid_request', 'schedule'],
    // temporary
    ['temporary without startsAt', { ...temporary, startsAt: undefined }, 'invalid_request', 'startsAt'],
    ['temporary without endsAt', { ...temporary, endsAt: undefined }, 'invalid_request', 'endsAt'],
    [
      'temporary, time without offset',
      { ...temporary, startsAt: '2026-05-02T09:00:00' },
      'invalid_request',
      'startsAt',
    ],
    ['temporary, date only', { ...temporary, endsAt: '2026-05-04' }, 'invalid_request', 'endsAt'],
    ['temporary, garbage time', { ...temporary, endsAt: 'tomorrow' }, 'invalid_request', 'endsAt'],
    ['temporary, time as number', { ...temporary, endsAt: 1777777777000 }, 'invalid_request', 'endsAt'],
    ['temporary, end before start', { ...temporary, endsAt: '2026-05-02T08:00:00-05:00' }, 'invalid_request', 'endsAt'],
    ['temporary, end equals start', { ...temporary, endsAt: temporary.startsAt }, 'invalid_request', 'endsAt'],
    [
      'temporary, already over',
      { ...temporary, startsAt: '2026-04-01T00:00:00Z', endsAt: '2026-05-01T15:00:00Z' },
      'invalid_request',
      'endsAt',
    ],
    ['temporary with schedule', { ...temporary, schedule: recurring.schedule }, 'invalid_request', 'schedule'],
    // recurring
    ['recurring without schedule', { ...recurring, schedule: undefined }, 'invalid_request', 'schedule'],
    ['recurring, schedule not an object', { ...recurring, schedule: 'weekdays' }, 'invalid_request', 'schedule'],
    [
      'recurring, no days',
      { ...recurring, schedule: { ...recurring.schedule, days: [] } },
      'invalid_request',
      'schedule.days',
    ],
    [
      'recurring, days not a list',
      { ...recurring, schedule: { ...recurring.schedule, days: 'mon' } },
      'invalid_request',
      'schedule.days',
    ],
    [
      'recurring, unknown day',
      { ...recurring, schedule: { ...recurring.schedule, days: ['mon', 'funday'] } },
      'invalid_request',
      'schedule.days',
    ],
    [
      'recurring, day spelled out',
      { ...recurring, schedule: { ...recurring.schedule, days: ['monday'] } },
      'invalid_request',
      'schedule.days',
    ],
    [
      'recurring, start 24:00',
      { ...recurring, schedule: { ...recurring.schedule, start: '24:00' } },
      'invalid_request',
      'schedule.start',
    ],
    [
      'recurring, start 9:00',
      { ...recurring, schedule: { ...recurring.schedule, start: '9:00' } },
      'invalid_request',
      'schedule.start',
    ],
    [
      'recurring, end 17:60',
      { ...recurring, schedule: { ...recurring.schedule, end: '17:60' } },
      'invalid_request',
      'schedule.end',
    ],
    [
      'recurring, end missing',
      { ...recurring, schedule: { days: ['mon'], start: '09:00' } },
      'invalid_request',
      'schedule.end',
    ],
    [
      'recurring, start equals end',
      { ...recurring, schedule: { ...recurring.schedule, end: '09:00' } },
      'invalid_request',
      'schedule.end',
    ],
    [
      'recurring, range reversed',
      { ...recurring, startsAt: temporary.endsAt, endsAt: temporary.startsAt },
      'invalid_request',
      'endsAt',
    ],
    ['recurring, range over', { ...recurring, endsAt: '2026-04-30T00:00:00Z' }, 'invalid_request', 'endsAt'],
    ['recurring, bad range start', { ...recurring, startsAt: 'soon' }, 'invalid_request', 'startsAt'],
    // delivery
    ['delivery with endsAt', { ...delivery, endsAt: temporary.endsAt }, 'invalid_request', 'endsAt'],
    ['delivery with startsAt', { ...delivery, startsAt: temporary.startsAt }, 'invalid_request', 'startsAt'],
    ['delivery with schedule', { ...delivery, schedule: recurring.schedule }, 'invalid_request', 'schedule'],
  ])('%s → %s', (label, req, code, field, settings = allTypes) => {
    const error = expectKeywayError(() => validateGuestRequest(req as GuestRequest, settings, now), code, label);
    expect(error.details?.field).toBe(field);
  });
});

describe('validateGuestRequest accepts', () => {
  it('a temporary code, with its instants', () => {
    expect(validateGuestRequest(temporary, allTypes, now)).toEqual({
      type: 'temporary',
      name: 'Grandma',
      startsAt: new Date('2026-05-02T14:00:00Z'),
      endsAt: new Date('2026-05-04T23:00:00Z'),
      schedule: null,
    });
  });

  it('a temporary code that started in the past but has not ended', () => {
    const req = { ...temporary, startsAt: '2026-04-01T00:00:00Z' };
    expect(validateGuestRequest(req, allTypes, now).startsAt).toEqual(new Date('2026-04-01T00:00:00Z'));
  });

  it('a recurring code: days deduplicated into week order, optional range', () => {
    const req = {
      ...recurring,
      schedule: { days: ['fri', 'mon', 'fri'], start: '22:00', end: '02:00' },
      endsAt: '2026-08-01T00:00:00Z',
    };
    expect(validateGuestRequest(req, allTypes, now)).toEqual({
      type: 'recurring',
      name: 'Dog walker',
      startsAt: null,
      endsAt: new Date('2026-08-01T00:00:00Z'),
      schedule: { days: ['mon', 'fri'], start: '22:00', end: '02:00' },
    });
  });

  it('a permanent code; null times count as absent; extra fields pass', () => {
    const req = { ...permanent, name: '  Kid  ', startsAt: null, endsAt: null, schedule: null, phone: '+15555550100' };
    expect(validateGuestRequest(req as unknown as GuestRequest, allTypes, now)).toEqual({
      type: 'permanent',
      name: 'Kid',
      startsAt: null,
      endsAt: null,
      schedule: null,
    });
  });

  it('a name of 100 characters (emoji count once)', () => {
    expect(validateGuestRequest({ ...permanent, name: '🐕'.repeat(100) }, allTypes, now).name).toBe('🐕'.repeat(100));
  });

  it('a delivery code that lives for the community setting from now', () => {
    expect(validateGuestRequest(delivery, { ...allTypes, deliveryCodeHours: 3 }, now)).toEqual({
      type: 'delivery',
      name: 'Courier',
      startsAt: now,
      endsAt: new Date('2026-05-01T18:00:00Z'),
      schedule: null,
    });
  });
});
