/**
 * The email every manager gets for a keypad brute force: which door, how many wrong codes in how long, when in
 * the community's own time zone, whether the keypad was locked out, and what to do. Keyway never knows the
 * digits that were typed (a keypad report carries only "no code matched"), so none can appear here.
 */
export interface KeypadAlertFacts {
  communityName: string;
  timeZone: string;
  doorName: string;
  wrongCodes: number;
  windowMinutes: number;
  /** The wrong code that completed the burst. */
  at: Date;
  /** Minutes the keypad was locked out for; null when the lock cannot lock its keypad out. */
  lockoutMinutes: number | null;
}

export function keypadAlertEmail(facts: KeypadAlertFacts): { subject: string; body: string } {
  const when = new Intl.DateTimeFormat('en-US', {
    timeZone: facts.timeZone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(facts.at);
  const lockout =
    facts.lockoutMinutes === null
      ? 'This lock cannot lock its keypad out: more guesses are possible until someone checks the door.'
      : `Keyway locked the keypad out for ${facts.lockoutMinutes} minutes: until then it refuses every code, the right ones too, so a resident at the door may have to wait.`;
  const body = [
    `Someone entered ${facts.wrongCodes} wrong codes at ${facts.doorName} (${facts.communityName}) within ${facts.windowMinutes} minutes, the last one on ${when} (${facts.timeZone}).`,
    '',
    lockout,
    '',
    'What to do:',
    '- If you know who it was (a resident who forgot their code, a guest with an old one), nothing more: their codes are in the manager console.',
    '- Otherwise, check the door (a camera, a neighbour, a visit) and watch the activity log for that door.',
    '- If you think someone saw a code being typed, change it: a new code reaches every door by itself.',
    '',
    'You get this email once per burst; the alert stays in the manager console until a manager dismisses it.',
  ].join('\n');
  return { subject: `Keypad alert: ${facts.wrongCodes} wrong codes at ${facts.doorName}`, body };
}
