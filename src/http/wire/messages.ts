/** Wire shapes of the community's outgoing messages (/messages): never a body, which may hold a link. */
import { z } from 'zod';

export const messageStatus = z.enum(['queued', 'sent', 'failed']);

export const messageSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(['guest_link', 'invitation', 'password_reset', 'security_alert']),
    channel: z.enum(['sms', 'email']),
    recipient: z.string(),
    subject: z.string(),
    status: messageStatus,
    attempts: z.number().int(),
    error: z.string().nullable().describe('Why the last attempt failed'),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'Message' });

export const messageListQuery = z.object({ status: messageStatus.optional() });
export const messageListResponse = z.object({ messages: z.array(messageSchema) });
