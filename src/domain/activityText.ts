/**
 * Activity entries in plain words: who acted (a person, an API key, Keyway itself), on whose behalf, and
 * where ("Morgan Reyes created a guest code for Sam on behalf of Alex Kim"). The time is not in the sentence:
 * every screen shows the entry's time beside it. Event data never holds a PIN. The reader may be the person the
 * entry is about: then it says "Your code" and "You", never their own name.
 */

export interface ActivityActor {
  type: string;
  id: string | null;
  /** The person's or API key's name, looked up by the activity service. */
  name: string | null;
}

export interface ActivityFacts {
  type: string;
  at: Date;
  data: Record<string, unknown>;
  actor?: ActivityActor;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

const count = (v: unknown): number => (typeof v === 'number' && v > 0 ? v : 0);
const codes = (n: number) => `${n} ${n === 1 ? 'code' : 'codes'}`;
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** "lost 3 codes", "was wiped and lost 3 codes", "had 1 code changed at the lock" (present or past tense). */
function driftWords(d: Record<string, unknown>, tense: 'present' | 'past' = 'present'): string {
  const lost = count(d.lost);
  const replaced = count(d.replaced);
  const had = tense === 'past' ? 'had ' : '';
  const parts: string[] = [];
  if (lost > 0) parts.push(d.wiped === true ? `was wiped (${codes(lost)} gone)` : `${had}lost ${codes(lost)}`);
  if (replaced > 0) parts.push(`had ${codes(replaced)} changed at the lock`);
  return parts.length > 0 ? parts.join(' and ') : 'did not hold what Keyway expected';
}

/**
 * An integration's code, "Property software's code “Guest 1”": from the integration_code.* events' own data, or
 * from what the activity service looked up for a keypad event (`codeKind: 'integration'`, `integration`, `codeName`).
 */
function integrationCode(d: Record<string, unknown>, adjective = ''): string {
  const name = str(d.codeName) ?? str(d.name);
  return `${str(d.integration) ?? 'An integration'}'s ${adjective}code${name ? ` “${name}”` : ''}`;
}

/** Who did it, as the reader reads it: "You", "Morgan Reyes", "The API key “Property software”"; none for Keyway. */
function actorWords(actor: ActivityActor | undefined, viewerId: string | null | undefined): string | undefined {
  if (actor?.type === 'person') return viewerId && actor.id === viewerId ? 'You' : (actor.name ?? 'Someone');
  if (actor?.type === 'api_key') return `The API key${actor.name ? ` “${actor.name}”` : ''}`;
  return undefined;
}

/**
 * The entry's sentence. `viewerId`: the person reading it in their own activity, who is "you" in it; managers
 * reading the community's log pass none and see names.
 */
export function describeActivity(facts: ActivityFacts, viewerId?: string | null): string {
  const d = facts.data;
  const mine = (id: unknown) => typeof viewerId === 'string' && viewerId.length > 0 && id === viewerId;
  const door = str(d.doorName) ?? 'a door';
  const guest = str(d.guestName);
  const owner = mine(d.ownerId) ? 'you' : (str(d.ownerName) ?? 'a resident');
  const by = actorWords(facts.actor, viewerId);
  // Someone other than the resident who owns the code acted for them (a manager, an integration).
  const onBehalf = by && typeof d.ownerId === 'string' && facts.actor?.id !== d.ownerId ? ` on behalf of ${owner}` : '';
  const subject = mine(d.subjectId) ? 'You' : (str(d.subjectName) ?? 'A resident');
  const holder = mine(d.holderId) ? 'you' : (str(d.holderName) ?? 'a resident');
  const fromIntegration = d.codeKind === 'integration';
  const whose = fromIntegration
    ? integrationCode(d)
    : mine(d.holderId)
      ? 'Your code'
      : str(d.holderName)
        ? `${str(d.holderName)}'s code`
        : guest
          ? mine(d.ownerId)
            ? `Your guest ${guest}'s code`
            : `${guest}'s guest code (from ${owner})`
          : 'A code Keyway does not manage';
  const guestOf = mine(d.ownerId) || !str(d.ownerName) ? '' : ` (${str(d.ownerName)}'s guest)`;
  switch (facts.type) {
    case 'lock.opened':
      return `${whose} opened ${door}`;
    case 'guest_code.used':
      if (fromIntegration) return `${integrationCode(d, 'one-time ')} was used at ${door}; it no longer works`;
      return `${guest ?? 'A guest'}'s delivery code was used at ${door}${guestOf}; it stops working after the grace period`;
    case 'integration_code.created':
      return `${integrationCode(d)} was created for ${door}`;
    case 'integration_code.updated':
      return `${integrationCode(d)} for ${door} was changed`;
    case 'integration_code.deleted':
      return str(d.byName)
        ? `${str(d.byName)} revoked ${integrationCode(d)} for ${door}`
        : `${integrationCode(d)} for ${door} was deleted`;
    case 'guest_code.created':
      return by
        ? `${by} created a guest code for ${guest ?? 'a guest'}${onBehalf}`
        : `A guest code for ${guest ?? 'a guest'} was created`;
    case 'guest_code.revoked':
      return by
        ? `${by} revoked the guest code for ${guest ?? 'a guest'}${onBehalf}`
        : `The guest code for ${guest ?? 'a guest'} was revoked`;
    case 'staff_code.created':
      return by
        ? `${by} created a ${str(d.kind) ?? 'staff'} code for ${str(d.name) ?? 'someone'}`
        : `A ${str(d.kind) ?? 'staff'} code for ${str(d.name) ?? 'someone'} was created`;
    case 'staff_code.revealed':
      return `${by ?? str(d.by) ?? 'A manager'} revealed the staff code of ${str(d.name) ?? 'someone'}`;
    case 'staff_code.revoked':
      return by
        ? `${by} revoked the staff code of ${str(d.name) ?? 'someone'}`
        : `The staff code of ${str(d.name) ?? 'someone'} was revoked`;
    case 'lock.code_refused':
      return `A wrong code was entered at ${door}`;
    case 'access_code.generated':
    case 'access_code.picked': {
      const what = facts.type === 'access_code.picked' ? 'chose a new code' : 'generated a new code';
      const forWhom = by && typeof d.holderId === 'string' && facts.actor?.id !== d.holderId ? ` for ${holder}` : '';
      return by ? `${by} ${what}${forWhom}` : `A new code was set for ${holder}`;
    }
    case 'access_code.issued':
      return by ? `${by} issued a code to ${holder}` : `A code was issued to ${holder}`;
    case 'resident.moved_in':
      return `${subject} moved in to unit ${str(d.unit) ?? '?'}${by && by !== subject ? ` (added by ${by})` : ''}`;
    case 'resident.moved_out':
      return `${subject} moved out${by && by !== subject ? ` (recorded by ${by})` : ''}; ${codes(count(d.revokedCodes))} ${count(d.revokedCodes) === 1 ? 'is' : 'are'} being removed`;
    case 'hub.online':
      return `${str(d.hubName) ?? 'A hub'} came back online`;
    case 'hub.offline':
      return `${str(d.hubName) ?? 'A hub'} went offline`;
    case 'lock.unmanaged_codes_found':
      return `Codes Keyway did not set were found on ${str(d.name) ?? 'a lock'}`;
    case 'lock.drift_found':
      return `${door} ${driftWords(d)}; Keyway is restoring ${plural(count(d.lost) + count(d.replaced), 'it', 'them')}`;
    case 'lock.drift_repaired':
      return `${door} ${driftWords(d, 'past')}; restored`;
    case 'hub.lock_discovered':
      return `${str(d.hubName) ?? 'A hub'} found a new lock at address ${str(d.address) ?? '?'}`;
    case 'lock.retiring':
      return `The lock on ${door} is being removed; its codes leave it first`;
    case 'lock.removed':
      return `The lock on ${door} was removed`;
    case 'community.settings_changed':
      return by ? `${by} changed the community settings` : 'Community settings changed';
    case 'resident.access_started':
      return `${subject === 'A resident' ? "A resident's" : subject === 'You' ? 'Your' : `${subject}'s`} lease started: codes are going out to the doors`;
    case 'resident.lease_ended':
      return `${subject === 'A resident' ? "A resident's" : subject === 'You' ? 'Your' : `${subject}'s`} lease ended: codes are leaving every lock`;
    case 'resident.lease_changed':
      return by ? `${by} changed lease dates` : 'Lease dates were changed';
    case 'residents.imported': {
      const n = (key: string) => (typeof d[key] === 'number' ? (d[key] as number) : 0);
      return `${by ?? 'Someone'} imported residents: ${n('create')} added, ${n('update')} updated, ${n('moveOut')} moved out`;
    }
    case 'invitation.sent':
    case 'invitation.renewed':
      return `An invitation (${str(d.role) ?? 'account'}) was emailed${by ? ` by ${by === 'You' ? 'you' : by}` : ''}`;
    case 'invitation.accepted':
      return 'An invitation was accepted';
    case 'access_code.regenerated':
      return 'A code was replaced at move-in because someone else took it meanwhile';
    case 'cloud.connected':
      return `The Seam workspace${d.workspaceName ? ` “${str(d.workspaceName)}”` : ''} was connected`;
    case 'cloud.disconnected':
      return 'The Seam workspace was disconnected';
    case 'cloud.account_failing':
      return 'Seam stopped accepting the workspace’s API key: cloud locks wait until it is connected again';
    case 'cloud.account_recovered':
      return 'Seam accepts the workspace’s API key again';
    case 'lock.keypad_brute_force':
      return `Someone entered ${count(d.wrongCodes) || 'many'} wrong codes at ${door} within ${count(d.windowMinutes) || 2} minutes: check the door${
        count(d.lockoutMinutes) ? `; Keyway locked its keypad out for ${count(d.lockoutMinutes)} minutes` : ''
      }`;
    case 'account.sign_in_locked':
      return `Sign-ins for ${str(d.name) ?? 'an account'} were paused after many wrong passwords; the owner was emailed`;
    default:
      return facts.type.replaceAll('_', ' ').replace('.', ': ');
  }
}
