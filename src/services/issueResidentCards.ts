/**
 * Gives a resident their two access cards (Home and Community), each with a fresh generated code that is
 * unique and prefix-safe on every lock behind it. Runs in the caller's transaction (move-in, demo seed).
 */
import { CARD_SCOPES } from '../domain/accessCards.ts';
import { generatePin } from '../domain/pin/generator.ts';
import type { PinLength } from '../domain/pin/pinRules.ts';
import type { Tx } from '../store/database.ts';
import { locksInScope } from '../store/repositories/accessCards.ts';
import { insertAccessCode, lockCodeSpaces, requireOnLocks } from '../store/repositories/accessCodes.ts';
import { recordEvent } from '../store/repositories/events.ts';
import type { ServiceDeps } from './deps.ts';
import { occupiedCodesOn } from './occupiedCodes.ts';

export interface IssueCardsProps {
  communityId: string;
  personId: string;
  /**
   * Today in the community's time zone. Unused since leases carry their state: the card goes on the doors
   * of the person's current leases, and on those of upcoming ones when the lease sweep starts them.
   */
  today?: string;
  actor: { type: 'person' | 'api_key' | 'system'; id: string | null };
  length?: PinLength;
}

export async function issueResidentCards(
  tx: Tx,
  deps: Pick<ServiceDeps, 'clock' | 'random' | 'cipher' | 'sync'>,
  props: IssueCardsProps,
): Promise<string[]> {
  const ids: string[] = [];
  for (const scope of CARD_SCOPES) {
    const id = deps.random.uuid();
    const lockIds = (await locksInScope(tx, props.communityId, props.personId, scope)).map((l) => l.lockId);
    // The code must be free on the doors of upcoming leases too: it goes there when the lease starts.
    const futureLockIds = (
      await locksInScope(tx, props.communityId, props.personId, scope, ['upcoming', 'current'])
    ).map((l) => l.lockId);
    await lockCodeSpaces(tx, futureLockIds);
    const pin = await generatePin({
      length: props.length ?? 4,
      randomInt: deps.random.int,
      occupied: occupiedCodesOn(tx, deps.cipher, futureLockIds, null),
    });
    const at = deps.clock.now();
    await insertAccessCode(tx, {
      id,
      communityId: props.communityId,
      holderId: props.personId,
      kind: 'resident',
      scope,
      origin: 'generated',
      pinEnc: deps.cipher.encrypt(pin, id),
      ...deps.cipher.fingerprints(pin),
      codeLength: pin.length,
      at,
    });
    await requireOnLocks(
      tx,
      lockIds.map((lockId) => ({ id: deps.random.uuid(), communityId: props.communityId, accessCodeId: id, lockId })),
      1,
      at,
    );
    await recordEvent(tx, {
      communityId: props.communityId,
      type: 'access_code.issued',
      actor: props.actor,
      subject: { type: 'access_code', id },
      data: {
        holderId: props.personId,
        scope,
        origin: 'generated',
        length: pin.length,
        version: 1,
        locks: lockIds.length,
      },
      at,
    });
    await deps.sync.reconcileLocks(lockIds, tx);
    ids.push(id);
  }
  return ids;
}
