/**
 * Someone guessing codes at a keypad: a burst of wrong codes on one lock raises one alert, then stays quiet
 * for a while so a long attack is one alert every `quietMs`, not one per keypress. Pure: the caller passes
 * the wrong-code times it knows for the lock and when it last alerted.
 */
export interface KeypadBruteForceRule {
  /** This many wrong codes … */
  attempts: number;
  /** … within this long raise an alert … */
  windowMs: number;
  /** … unless one was raised for the lock less than this long ago. */
  quietMs: number;
}

export const KEYPAD_BRUTE_FORCE: KeypadBruteForceRule = { attempts: 5, windowMs: 2 * 60_000, quietMs: 10 * 60_000 };

/**
 * How long Keyway locks a keypad out after a burst, where the lock can: long enough to make guessing hopeless
 * (a few tries per 12 minutes), short enough that a resident caught by it waits minutes, not hours.
 */
export const KEYPAD_LOCKOUT_MS = 5 * 60_000;

export interface KeypadAlertFacts {
  /** Times of the lock's wrong codes, including the one just reported (any order; older ones are ignored). */
  wrongCodesAt: readonly Date[];
  lastAlertAt: Date | null;
  now: Date;
}

export function keypadBruteForce(facts: KeypadAlertFacts, rule: KeypadBruteForceRule = KEYPAD_BRUTE_FORCE): boolean {
  const now = facts.now.getTime();
  if (facts.lastAlertAt && now - facts.lastAlertAt.getTime() < rule.quietMs) return false;
  const recent = facts.wrongCodesAt.filter((at) => {
    const age = now - at.getTime();
    return age >= 0 && age < rule.windowMs;
  });
  return recent.length >= rule.attempts;
}
