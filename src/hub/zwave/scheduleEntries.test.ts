import { describe, expect, it } from 'vitest';
import type { LockSchedule } from '../../domain/guest/lockSchedule.ts';
import { planScheduleEntries, type ScheduleSlotCounts } from './scheduleEntries.ts';

const allKinds: ScheduleSlotCounts = { weekDay: 7, yearDay: 1, dailyRepeating: 1 };
const weekDayOnly: ScheduleSlotCounts = { weekDay: 7, yearDay: 0, dailyRepeating: 0 };
const range = (from: string | null, to: string | null, timeZone = 'Europe/Paris'): LockSchedule => ({
  timeZone,
  from,
  to,
  weekly: null,
});
const weekly = (days: string[], start: string, end: string): LockSchedule => ({
  timeZone: 'America/New_York',
  from: null,
  to: null,
  weekly: { days: days as never, start, end },
});

describe('planScheduleEntries', () => {
  it('turns a range into one year-day entry in local time, start rounded up and end down to the minute', () => {
    expect(planScheduleEntries(range('2030-01-15T08:59:10Z', '2030-07-01T21:30:59Z'), allKinds)).toEqual({
      ok: true,
      plan: {
        kind: 'yearDay',
        entries: [
          {
            ...{ startYear: 30, startMonth: 1, startDay: 15, startHour: 10, startMinute: 0 }, // CET, +1
            ...{ stopYear: 30, stopMonth: 7, stopDay: 1, stopHour: 23, stopMinute: 30 }, // CEST, +2
          },
        ],
      },
    });
  });

  it('fills an open end of a range with the limits the lock can store', () => {
    const plan = planScheduleEntries(range(null, '2031-02-01T00:00:00Z', 'UTC'), allKinds);
    expect(plan).toMatchObject({ ok: true, plan: { entries: [{ startYear: 0, startMonth: 1, stopYear: 31 }] } });
    const open = planScheduleEntries(range('2031-02-01T00:00:00Z', null, 'UTC'), allKinds);
    expect(open).toMatchObject({ ok: true, plan: { entries: [{ stopYear: 99, stopMonth: 12, stopDay: 31 }] } });
  });

  it('needs no entry for a schedule that restricts nothing, and refuses what the lock cannot store', () => {
    expect(planScheduleEntries(range(null, null), allKinds)).toEqual({ ok: true, plan: null });
    expect(planScheduleEntries(range('2030-01-01T00:00:00Z', null), weekDayOnly)).toMatchObject({ ok: false });
    expect(planScheduleEntries(range('2120-01-01T00:00:00Z', null), allKinds)).toMatchObject({ ok: false });
    expect(planScheduleEntries(range('2030-01-01T00:00:10Z', '2030-01-01T00:00:50Z', 'UTC'), allKinds)).toMatchObject({
      ok: false,
    });
  });

  it('turns a weekly rule into one daily-repeating entry (Sunday = 0), across midnight by duration', () => {
    expect(planScheduleEntries(weekly(['fri', 'sun', 'mon'], '22:30', '02:00'), allKinds)).toEqual({
      ok: true,
      plan: {
        kind: 'dailyRepeating',
        entries: [{ weekdays: [0, 1, 5], startHour: 22, startMinute: 30, durationHour: 3, durationMinute: 30 }],
      },
    });
    const wholeDay = planScheduleEntries(weekly(['sat'], '00:00', '00:00'), allKinds);
    expect(wholeDay).toMatchObject({ plan: { entries: [{ durationHour: 23, durationMinute: 59 }] } });
  });

  it('uses week-day entries without daily-repeating slots, splitting windows across midnight', () => {
    expect(planScheduleEntries(weekly(['mon', 'tue'], '09:00', '17:15'), weekDayOnly)).toEqual({
      ok: true,
      plan: {
        kind: 'weekDay',
        entries: [
          { weekday: 1, startHour: 9, startMinute: 0, stopHour: 17, stopMinute: 15 },
          { weekday: 2, startHour: 9, startMinute: 0, stopHour: 17, stopMinute: 15 },
        ],
      },
    });
    expect(planScheduleEntries(weekly(['sat'], '22:00', '06:00'), weekDayOnly)).toEqual({
      ok: true,
      plan: {
        kind: 'weekDay',
        entries: [
          { weekday: 6, startHour: 22, startMinute: 0, stopHour: 23, stopMinute: 59 },
          { weekday: 0, startHour: 0, startMinute: 0, stopHour: 6, stopMinute: 0 },
        ],
      },
    });
  });

  it('refuses a weekly rule that needs more week-day slots than the lock has, or has no days', () => {
    const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    expect(planScheduleEntries(weekly(all, '22:00', '06:00'), weekDayOnly)).toMatchObject({ ok: false });
    expect(planScheduleEntries(weekly([], '09:00', '17:00'), allKinds)).toMatchObject({ ok: false });
  });
});
