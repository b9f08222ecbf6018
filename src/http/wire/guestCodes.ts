/** Wire shapes of a resident's guest codes (/me/guest-codes). */
import { z } from 'zod';

/** Unlike a card's door, a guest code's door can be `removed` (the code was revoked, used or expired). */
export const guestDoorSchema = z.object({
  accessPointId: z.string(),
  name: z.string(),
  kind: z.enum(['unit_door', 'community_door', 'amenity']),
  connectivity: z.enum(['hub', 'bluetooth', 'seam']),
  status: z.enum(['active', 'pending', 'failed', 'removing', 'removed']),
  reason: z
    .string()
    .nullable()
    .describe('outside_window: between its windows, rightly not on the lock now; awaiting_phone, hub_offline, …'),
});

export const scheduleSchema = z.object({
  days: z.array(z.string()).describe('mon … sun'),
  start: z.string().describe('HH:MM, community time zone'),
  end: z.string().describe('HH:MM; at or before start = the window crosses midnight'),
});

export const guestCodeSchema = z
  .object({
    id: z.string(),
    type: z.enum(['permanent', 'temporary', 'recurring', 'delivery']),
    name: z.string(),
    code: z.string(),
    status: z.enum(['scheduled', 'active', 'used', 'expired', 'revoked']),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    schedule: scheduleSchema.nullable(),
    firstUsedAt: z.string().nullable().describe('Delivery codes: first use; the code stops a grace period later'),
    shareUrl: z.string().describe('Page for the guest: code, doors, validity; no login, no app'),
    doors: z.array(guestDoorSchema),
  })
  .meta({ id: 'GuestCode' });

export const guestCodeListResponse = z.object({ guestCodes: z.array(guestCodeSchema) });

export const guestCodeResponse = z.object({ guestCode: guestCodeSchema });
