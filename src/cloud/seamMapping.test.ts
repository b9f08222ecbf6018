import { describe, expect, it } from 'vitest';
import type { SeamCode, SeamDevice } from './seamApi.ts';
import {
  capabilitiesOf,
  classifySeamError,
  codeName,
  failureOf,
  holdsCode,
  loggable,
  outcomeOf,
  seamWindow,
} from './seamMapping.ts';

const now = new Date('2026-06-15T15:00:00Z');
const fp = (pin: string) => `fp:${pin}`;

function code(over: Partial<SeamCode> = {}): SeamCode {
  return {
    accessCodeId: 'ac1',
    deviceId: 'd1',
    code: '4829',
    name: 'Keyway resident Alex K.',
    status: 'set',
    type: 'ongoing',
    isManaged: true,
    startsAt: null,
    endsAt: null,
    errors: [],
    warnings: [],
    ...over,
  };
}

const device = (over: Partial<SeamDevice> = {}): SeamDevice => ({
  deviceId: 'd1',
  name: 'Front',
  deviceType: 'schlage_lock',
  model: null,
  manufacturer: null,
  online: true,
  battery: null,
  canProgramCodes: true,
  supportedCodeLengths: null,
  maxActiveCodes: null,
  ...over,
});

describe('capabilitiesOf', () => {
  it('takes code lengths and slots from the device, with defaults', () => {
    expect(capabilitiesOf(device({ supportedCodeLengths: [6, 4, 4, 9], maxActiveCodes: 40 }))).toEqual({
      codeLengths: [4, 6],
      slotCount: 40,
      nativeSchedules: true,
      readableCodes: true,
    });
    expect(capabilitiesOf(device())).toMatchObject({ codeLengths: [4, 6], slotCount: 100 });
    expect(capabilitiesOf(device({ maxActiveCodes: 5000 })).slotCount).toBe(1000);
  });
});

describe('failureOf', () => {
  it.each([
    [[], null],
    [['duplicate_code_on_device'], 'duplicate_on_lock'],
    [['duplicate_access_code'], 'duplicate_on_lock'],
    [['no_space_for_access_code_on_device'], 'no_free_slot'],
    [['august_lock_invalid_code_length'], 'length_not_supported'],
    [['device_offline'], 'lock_unreachable'],
    [['account_disconnected'], 'lock_unreachable'],
    [['failed_to_set_on_device'], 'rejected_by_lock'],
    [['something_new'], 'rejected_by_lock'],
  ])('%j → %s', (types, failure) => {
    expect(failureOf(types)).toBe(failure);
  });
});

describe('outcomeOf', () => {
  const set = { type: 'set_code' as const, codeFp: fp('4829') };
  it('a set is done only when Seam has the PIN the command wrote, set', () => {
    expect(outcomeOf(set, code(), fp, now)).toEqual({ kind: 'ok' });
    expect(outcomeOf(set, code({ status: 'setting' }), fp, now)).toEqual({ kind: 'waiting' });
    // Right after an update Seam may still show the old PIN as set.
    expect(outcomeOf(set, code({ code: '1111' }), fp, now)).toEqual({ kind: 'waiting' });
  });
  it('a time-bound code held for a window that has not opened counts as done', () => {
    const later = new Date(now.getTime() + 3_600_000).toISOString();
    expect(outcomeOf(set, code({ status: 'unset', startsAt: later }), fp, now)).toEqual({ kind: 'ok' });
    expect(outcomeOf(set, code({ status: 'unset', startsAt: now.toISOString() }), fp, now)).toEqual({
      kind: 'waiting',
    });
  });
  it('errors fail it with the mapped reason; a vanished code is retried', () => {
    expect(outcomeOf(set, code({ status: 'setting', errors: ['failed_to_set_on_device'] }), fp, now)).toEqual({
      kind: 'failed',
      failure: 'rejected_by_lock',
    });
    expect(outcomeOf(set, undefined, fp, now)).toEqual({ kind: 'failed', failure: 'timeout' });
  });
  it('a clear is done when the code is gone', () => {
    const clear = { type: 'clear_slot' as const, codeFp: null };
    expect(outcomeOf(clear, undefined, fp, now)).toEqual({ kind: 'ok' });
    expect(outcomeOf(clear, code({ status: 'removing' }), fp, now)).toEqual({ kind: 'waiting' });
    expect(outcomeOf(clear, code({ errors: ['failed_to_remove_from_device'] }), fp, now)).toEqual({
      kind: 'failed',
      failure: 'rejected_by_lock',
    });
  });
});

describe('holdsCode', () => {
  it('set and removing codes are on the lock; setting ones are not yet', () => {
    expect(holdsCode(code(), now)).toBe(true);
    expect(holdsCode(code({ status: 'removing' }), now)).toBe(true);
    expect(holdsCode(code({ status: 'setting' }), now)).toBe(false);
  });
});

describe('classifySeamError', () => {
  const api = (statusCode: number, code: string) => Object.assign(new Error(code), { statusCode, code });
  it.each([
    [api(401, 'unauthorized'), { kind: 'account', code: 'unauthorized' }],
    [api(403, 'forbidden'), { kind: 'account', code: 'forbidden' }],
    [
      api(409, 'duplicate_access_code'),
      { kind: 'refused', failure: 'duplicate_on_lock', code: 'duplicate_access_code' },
    ],
    [api(400, 'invalid_input'), { kind: 'refused', failure: 'rejected_by_lock', code: 'invalid_input' }],
    [api(404, 'device_not_found'), { kind: 'refused', failure: 'rejected_by_lock', code: 'device_not_found' }],
    [api(404, 'access_code_not_found'), { kind: 'gone', code: 'access_code_not_found' }],
    [api(429, 'rate_limited'), { kind: 'transient', code: 'rate_limited' }],
    [
      Object.assign(new Error('x'), { isAxiosError: true, response: { status: 503 } }),
      { kind: 'transient', code: 'http_503' },
    ],
    [new Error('socket hang up'), { kind: 'transient', code: 'http_network' }],
  ])('%s', (error, kind) => {
    expect(classifySeamError(error)).toEqual(kind);
  });

  it('never logs an HTTP error whole (it carries the request and the key)', () => {
    const axios = Object.assign(new Error('x'), { isAxiosError: true, config: { headers: { authorization: 'k' } } });
    expect(loggable(axios)).toEqual({ seam: 'http_network' });
    const bug = new TypeError('bug');
    expect(loggable(bug)).toEqual({ err: bug });
  });
});

describe('seamWindow and codeName', () => {
  it('sends both ends or none; a weekly rule is not Seam’s', () => {
    expect(seamWindow(undefined, now)).toBeUndefined();
    expect(seamWindow({ from: 'a', to: 'b', weekly: null }, now)).toEqual({ startsAt: 'a', endsAt: 'b' });
    expect(seamWindow({ from: null, to: 'b', weekly: null }, now)).toEqual({
      startsAt: now.toISOString(),
      endsAt: 'b',
    });
    expect(seamWindow({ from: 'a', to: null, weekly: null }, now)).toBeUndefined();
    expect(seamWindow({ from: 'a', to: 'b', weekly: { days: ['mon'] } }, now)).toBeUndefined();
  });
  it('names the holder as a manager knows them, no more', () => {
    expect(codeName({ kind: 'resident', holderName: 'Alex Kim', guestName: null, ownerName: null })).toBe(
      'Keyway resident Alex K.',
    );
    expect(codeName({ kind: 'guest', holderName: null, guestName: 'May Parker', ownerName: 'Alex Kim' })).toBe(
      'Keyway guest May P. of Alex K.',
    );
    expect(codeName({ kind: 'staff', holderName: 'Sam', guestName: null, ownerName: null })).toBe('Keyway staff Sam');
  });
});
