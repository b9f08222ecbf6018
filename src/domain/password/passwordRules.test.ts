import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './commonPasswords.ts';
import { checkPassword, MIN_PASSWORD_LENGTH } from './passwordRules.ts';

const ruleOf = (password: string, context = {}) => {
  const result = checkPassword(password, context);
  return result.ok ? 'ok' : result.rule;
};

describe('checkPassword', () => {
  it.each([
    ['short', 'too_short'],
    ['nine-char', 'too_short'],
    ['x'.repeat(1025), 'too_long'],
    ['password123', 'common'],
    ['Password2024!', 'common'],
    ['qwertyuiop', 'common'],
    ['1234567890', 'common'],
    ['QWERTY123456', 'common'],
    ['aaaaaaaaaaaa', 'common'],
    ['!!!!!!!!!!!!', 'common'],
    ['98127361928', 'common'],
    ['correct horse battery', 'ok'],
    ['tulip-lantern-42', 'ok'],
  ])('%s → %s', (password, rule) => {
    expect(ruleOf(password)).toBe(rule);
  });

  it('counts characters, not bytes', () => {
    expect(ruleOf('ééééééééé')).toBe('too_short');
    expect(ruleOf('éléphant-rose')).toBe('ok');
  });

  it("refuses the person's own email or name, however written", () => {
    const me = { email: 'jane.doe@example.com', name: 'Jane Doe-Smithson' };
    expect(ruleOf('jane.doe@example.com', me)).toBe('personal');
    expect(ruleOf('JaneDoe2026', me)).toBe('personal');
    expect(ruleOf('Jane Doe-Smithson', me)).toBe('personal');
    expect(ruleOf('smithson!!2026', me)).toBe('personal');
    expect(ruleOf('janejanejane', me)).toBe('personal');
    expect(ruleOf('jane likes tulips', me)).toBe('ok');
  });

  it('ships a few hundred common passwords, lower-cased', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(300);
    for (const word of COMMON_PASSWORDS) expect(word).toBe(word.toLowerCase());
    expect(MIN_PASSWORD_LENGTH).toBe(10);
  });
});
