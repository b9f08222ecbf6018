import { describe, expect, it } from 'vitest';
import { keypadAlertEmail } from './keypadAlertEmail.ts';

const facts = {
  communityName: 'Maple Court',
  timeZone: 'Europe/Paris',
  doorName: 'Main Gate',
  wrongCodes: 6,
  windowMinutes: 2,
  at: new Date('2026-01-10T23:30:00Z'),
  lockoutMinutes: 5,
};

describe('keypadAlertEmail', () => {
  it('names the door, the count and the window, and the time in the community’s zone (the next day there)', () => {
    const { subject, body } = keypadAlertEmail(facts);
    expect(subject).toBe('Keypad alert: 6 wrong codes at Main Gate');
    expect(body).toMatch(/^Someone entered 6 wrong codes at Main Gate \(Maple Court\) within 2 minutes/);
    expect(body).toContain('Sunday, January 11, 2026 at 12:30 AM (Europe/Paris)');
    expect(body).toContain('Keyway locked the keypad out for 5 minutes');
    expect(body).toContain('What to do:');
  });

  it('says so when the lock cannot lock its keypad out', () => {
    const { body } = keypadAlertEmail({ ...facts, lockoutMinutes: null });
    expect(body).toContain('This lock cannot lock its keypad out');
    expect(body).not.toContain('Keyway locked');
  });
});
