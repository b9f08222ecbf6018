/** Reading one cell of a resident import: dates, phone numbers and emails as property-management exports write them. */

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function calendarDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const days = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > days) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * `YYYY-MM-DD`, or the US `MM/DD/YYYY` / `M/D/YYYY` of rent rolls. Two-digit years and day-first dates are
 * refused rather than guessed; so are days that do not exist (02/30/2026).
 */
export function parseDate(raw: string): FieldResult<string> {
  const text = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : null;
  if (!parts) {
    return { ok: false, message: `"${text}" is not a date; write YYYY-MM-DD or MM/DD/YYYY.` };
  }
  const date = calendarDate(Number(parts[0]), Number(parts[1]), Number(parts[2]));
  return date ? { ok: true, value: date } : { ok: false, message: `"${text}" is not a day of the calendar.` };
}

/**
 * Digits with a leading +: a 10-digit number is a North American one (+1), 11 digits starting with 1 too;
 * a number written with + keeps its country code. Anything else with 8 to 15 digits is kept as +digits.
 */
export function parsePhone(raw: string): FieldResult<string | null> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  if (!/^\+?[\d\s().\-/]+$/.test(text)) {
    return { ok: false, message: `"${text}" is not a phone number (digits, spaces, ( ) - . and a leading + only).` };
  }
  const digits = text.replace(/\D/g, '');
  if (!text.startsWith('+')) {
    if (digits.length === 10) return { ok: true, value: `+1${digits}` };
    if (digits.length === 11 && digits.startsWith('1')) return { ok: true, value: `+${digits}` };
  }
  if (digits.length < 8 || digits.length > 15) {
    return { ok: false, message: `"${text}" has ${digits.length} digits; a phone number has 8 to 15.` };
  }
  return { ok: true, value: `+${digits}` };
}

const EMAIL = /^[^\s@",;<>()[\]\\]+@[^\s@",;<>()[\]\\]+\.[^\s@",;<>()[\]\\.]+$/;

/** Trimmed and lower-cased; one @, a dotted domain, no spaces. */
export function parseEmail(raw: string): FieldResult<string> {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email) || email.includes('..')) {
    return { ok: false, message: `"${raw.trim()}" is not an email address.` };
  }
  return { ok: true, value: email };
}

/** Inner runs of white space become one space. */
export function cleanText(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}
