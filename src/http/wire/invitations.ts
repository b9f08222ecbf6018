/** Wire shapes of invitations (/invitations, /communities/{id}/invitations). */
import { z } from 'zod';
import { displayName } from './text.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

export const invitationSchema = z
  .object({
    personId: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['manager', 'resident', 'staff']),
    expiresAt: z.string().describe('When the link stops working (72 h)'),
  })
  .meta({ id: 'Invitation' });

export const invitationResponse = z.object({ invitation: invitationSchema });

export const managerInvitationBody = z.object({
  email: z.string().trim().email().max(320),
  name: displayName(100),
  role: z.literal('manager'),
});

export const invitationBody = z.object({
  email: z.string().trim().email().max(320),
  name: displayName(100),
  role: z.enum(['resident', 'manager', 'staff']),
  unitId: z.string().uuid().optional().describe('Residents: their unit'),
  moveIn: isoDate.optional().describe("Residents: first day of the lease (community's time zone)"),
  moveOut: isoDate.nullable().optional(),
});
