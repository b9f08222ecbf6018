import { z } from 'zod';
import type { CardView } from '../../services/cardView.ts';

export const doorSchema = z
  .object({
    accessPointId: z.string().uuid(),
    name: z.string(),
    kind: z.enum(['unit_door', 'community_door', 'amenity']),
    connectivity: z.enum(['hub', 'bluetooth', 'seam']),
    status: z.enum(['active', 'pending', 'failed', 'removing']),
    reason: z
      .string()
      .nullable()
      .describe('Why a door is not active yet: awaiting_sync, hub_offline, awaiting_phone, no_free_slot, timeout, …'),
  })
  .meta({ id: 'Door' });

export const cardSchema = z
  .object({
    id: z.string().uuid(),
    scope: z.enum(['home', 'community']),
    code: z.string().describe('The code that works now, as a string of digits (leading zeros kept)'),
    origin: z.enum(['generated', 'custom']),
    pendingCode: z
      .string()
      .nullable()
      .describe('A newer code not yet on every door; the old code keeps working until then'),
    doors: z.array(doorSchema),
    allowed: z.object({
      generateLengths: z.array(z.union([z.literal(4), z.literal(6)])),
      pickLengths: z.array(z.union([z.literal(4), z.literal(6)])),
    }),
  })
  .meta({ id: 'Card' });

/** Allow-list: only these fields ever leave the server for a card, and only to its holder. */
export function presentCard(card: CardView): z.infer<typeof cardSchema> {
  return {
    id: card.id,
    scope: card.scope,
    code: card.code,
    origin: card.origin,
    pendingCode: card.pendingCode,
    doors: card.doors.map((d) => ({
      accessPointId: d.accessPointId,
      name: d.name,
      kind: d.kind,
      connectivity: d.connectivity,
      status: d.status,
      reason: d.reason,
    })),
    allowed: { generateLengths: [...card.allowed.generateLengths], pickLengths: [...card.allowed.pickLengths] },
  };
}
