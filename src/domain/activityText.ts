/**
 * Activity entries in plain words ("Alex Kim's code opened Main Gate at 14:02"), from event data that
 * never holds a PIN. Times are shown in the community's time zone.
 */
import { Temporal } from 'temporal-polyfill';

export interface ActivityFacts {
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

function clockTime(at: Date, timeZone: string): string {
  const zoned = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone);
  return `${String(zoned.hour).padStart(2, '0')}:${String(zoned.minute).padStart(2, '0')}`;
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

export function describeActivity(facts: ActivityFacts, timeZone: string): string {
  const d = facts.data;
  const time = clockTime(facts.at, timeZone);
  const door = str(d.doorName) ?? 'a door';
  const guest = str(d.guestName);
  const fromIntegration = d.codeKind === 'integration';
  const whose = fromIntegration
    ? integrationCode(d)
    : str(d.holderName)
      ? `${str(d.holderName)}'s code`
      : guest
        ? `${guest}'s guest code (from ${str(d.ownerName) ?? 'a resident'})`
        : 'A code Keyway does not manage';
  switch (facts.type) {
    case 'lock.opened':
      return `${whose} opened ${door} at ${time}`;
    case 'guest_code.used':
      if (fromIntegration)
        return `${integrationCode(d, 'one-time ')} was used at ${door} at ${time}; it no longer works`;
      return `${guest ?? 'A guest'}'s delivery code was used at ${door} at ${time}; it stops working after the grace period`;
    case 'integration_code.created':
      return `${integrationCode(d)} was created for ${door} at ${time}`;
    case 'integration_code.updated':
      return `${integrationCode(d)} for ${door} was changed at ${time}`;
    case 'integration_code.deleted':
      return str(d.byName)
        ? `${str(d.byName)} revoked ${integrationCode(d)} for ${door} at ${time}`
        : `${integrationCode(d)} for ${door} was deleted at ${time}`;
    case 'guest_code.created':
      return `A guest code for ${guest ?? 'a guest'} was created at ${time}`;
    case 'guest_code.revoked':
      return `The guest code for ${guest ?? 'a guest'} was revoked at ${time}`;
    case 'staff_code.created':
      return `A ${str(d.kind) ?? 'staff'} code for ${str(d.name) ?? 'someone'} was created at ${time}`;
    case 'staff_code.revealed':
      return `${str(d.by) ?? 'A manager'} revealed the staff code of ${str(d.name) ?? 'someone'} at ${time}`;
    case 'staff_code.revoked':
      return `The staff code of ${str(d.name) ?? 'someone'} was revoked at ${time}`;
    case 'lock.code_refused':
      return `A wrong code was entered at ${door} at ${time}`;
    case 'access_code.generated':
      return `A new code was generated at ${time}`;
    case 'access_code.picked':
      return `A custom code was set at ${time}`;
    case 'access_code.issued':
      return `A code was issued at ${time}`;
    case 'resident.moved_in':
      return `A resident moved in to unit ${str(d.unit) ?? '?'} (${time})`;
    case 'resident.moved_out':
      return `A resident moved out; ${String(d.revokedCodes ?? 0)} codes are being removed (${time})`;
    case 'hub.online':
      return `A hub came back online at ${time}`;
    case 'hub.offline':
      return `A hub went offline at ${time}`;
    case 'lock.unmanaged_codes_found':
      return `Codes Keyway did not set were found on ${str(d.name) ?? 'a lock'} at ${time}`;
    case 'lock.drift_found':
      return `${door} ${driftWords(d)}; Keyway is restoring ${plural(count(d.lost) + count(d.replaced), 'it', 'them')} (${time})`;
    case 'lock.drift_repaired':
      return `${door} ${driftWords(d, 'past')}; restored (${time})`;
    case 'hub.lock_discovered':
      return `${str(d.hubName) ?? 'A hub'} found a new lock at address ${str(d.address) ?? '?'} (${time})`;
    case 'lock.retiring':
      return `The lock on ${door} is being removed; its codes leave it first (${time})`;
    case 'lock.removed':
      return `The lock on ${door} was removed at ${time}`;
    case 'community.settings_changed':
      return `Community settings changed at ${time}`;
    case 'resident.access_started':
      return `A resident's lease started: their codes are going out to the doors (${time})`;
    case 'resident.lease_ended':
      return `A resident's lease ended: their codes are leaving every lock (${time})`;
    case 'resident.lease_changed':
      return `A resident's lease dates were changed at ${time}`;
    case 'residents.imported': {
      const n = (key: string) => (typeof d[key] === 'number' ? (d[key] as number) : 0);
      return `Residents imported at ${time}: ${n('create')} added, ${n('update')} updated, ${n('moveOut')} moved out`;
    }
    case 'invitation.sent':
    case 'invitation.renewed':
      return `An invitation (${str(d.role) ?? 'account'}) was emailed at ${time}`;
    case 'invitation.accepted':
      return `An invitation was accepted at ${time}`;
    case 'access_code.regenerated':
      return `A code was replaced at move-in because someone else took it meanwhile (${time})`;
    case 'cloud.connected':
      return `The Seam workspace${d.workspaceName ? ` “${str(d.workspaceName)}”` : ''} was connected at ${time}`;
    case 'cloud.disconnected':
      return `The Seam workspace was disconnected at ${time}`;
    case 'cloud.account_failing':
      return `Seam stopped accepting the workspace’s API key at ${time}: cloud locks wait until it is connected again`;
    case 'cloud.account_recovered':
      return `Seam accepts the workspace’s API key again (${time})`;
    case 'lock.keypad_brute_force':
      return `Someone entered ${count(d.wrongCodes) || 'many'} wrong codes at ${door} within ${count(d.windowMinutes) || 2} minutes (${time}): check the door`;
    case 'account.sign_in_locked':
      return `Sign-ins for ${str(d.name) ?? 'an account'} were paused after many wrong passwords (${time}); the owner was emailed`;
    default:
      return `${facts.type.replaceAll('_', ' ').replace('.', ': ')} at ${time}`;
  }
}
