/**
 * The manager console's alert banner: keypad brute-force alerts of the last 24 hours that no manager dismissed,
 * and "Dismiss". Managers only (a person, not an API key: an alert is for someone to look at).
 */
import { describeActivity } from '../domain/activityText.ts';
import { KeywayError } from '../domain/errors.ts';
import { type AlertRow, acknowledgeAlert, isAlertOf, openAlerts } from '../store/repositories/alerts.ts';
import { recordEvent } from '../store/repositories/events.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

/** How long an undismissed alert stays in the banner (the activity log keeps it for good). */
export const ALERT_SHOWN_MS = 24 * 60 * 60_000;

export interface AlertView {
  id: number;
  type: string;
  at: Date;
  text: string;
  doorName: string | null;
  lockId: string | null;
  wrongCodes: number | null;
  windowMinutes: number | null;
  lockoutMinutes: number | null;
}

const num = (v: unknown) => (typeof v === 'number' ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

function viewOf(row: AlertRow): AlertView {
  return {
    id: row.id,
    type: row.type,
    at: row.at,
    text: describeActivity({ type: row.type, at: row.at, data: row.data }),
    doorName: str(row.data.doorName),
    lockId: str(row.data.lockId),
    wrongCodes: num(row.data.wrongCodes),
    windowMinutes: num(row.data.windowMinutes),
    lockoutMinutes: num(row.data.lockoutMinutes),
  };
}

export async function listAlerts(deps: Pick<ServiceDeps, 'db' | 'clock'>, principal: Principal): Promise<AlertView[]> {
  authorize(principal, 'alerts.manage');
  const since = new Date(deps.clock.now().getTime() - ALERT_SHOWN_MS);
  return (await openAlerts(deps.db, principal.communityId, since)).map(viewOf);
}

export async function dismissAlert(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  principal: Principal,
  alertId: number,
): Promise<void> {
  authorize(principal, 'alerts.manage');
  const person = principal.kind === 'person' ? principal : undefined;
  if (!person) throw new KeywayError('forbidden', 'Only a manager can dismiss an alert.');
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    if (!(await isAlertOf(tx, person.communityId, alertId)))
      throw new KeywayError('not_found', 'No alert with this id in your community.');
    await acknowledgeAlert(tx, { eventId: alertId, communityId: person.communityId, personId: person.personId, at });
    await recordEvent(tx, {
      communityId: person.communityId,
      type: 'alert.dismissed',
      actor: actorOf(person),
      subject: { type: 'event', id: null },
      data: { alertId },
      at,
    });
  });
}
