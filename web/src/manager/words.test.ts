import { afterEach, describe, expect, it } from 'vitest';
import { formatInstant, todayIn } from './words.ts';

const browserZone = process.env.TZ;
afterEach(() => {
  if (browserZone === undefined) delete process.env.TZ;
  else process.env.TZ = browserZone;
});

describe('console times are never in the browser’s zone', () => {
  it('formats an instant in the community’s zone', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(formatInstant('2026-01-15T18:30:00Z', 'America/Chicago')).toBe('Jan 15, 12:30 PM');
  });

  it('without a zone yet, says UTC rather than using the browser’s zone', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(formatInstant('2026-01-15T18:30:00Z', undefined)).toBe('Jan 15, 6:30 PM UTC');
    expect(todayIn(undefined, new Date('2026-01-15T18:30:00Z'))).toBe('2026-01-15');
  });
});
