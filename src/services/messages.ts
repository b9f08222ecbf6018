/** What managers see of the community's outgoing messages (never a body: it may hold a link), and "Send again". */
import { KeywayError } from '../domain/errors.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { listMessages, type MessageListRow, requeueFailedMessage } from '../store/repositories/messages.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

export async function listCommunityMessages(
  deps: Pick<ServiceDeps, 'db'>,
  principal: Principal,
  filter: { status?: 'queued' | 'sent' | 'failed' | undefined },
): Promise<MessageListRow[]> {
  authorize(principal, 'residents.manage');
  return listMessages(deps.db, principal.communityId, filter.status, 200);
}

export async function retryMessage(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  principal: Principal,
  messageId: string,
): Promise<void> {
  authorize(principal, 'residents.manage');
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    if (!(await requeueFailedMessage(tx, principal.communityId, messageId)))
      throw new KeywayError('not_found', 'No failed message with this id in your community.');
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'message.retried',
      actor: actorOf(principal),
      subject: { type: 'message', id: messageId },
      data: {},
      at,
    });
  });
}
