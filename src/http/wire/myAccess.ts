/** Wire shapes of the signed-in resident's own cards (/me/access). */
import { z } from 'zod';
import { cardSchema } from '../presenters/card.ts';

const leaseSchema = z
  .object({
    state: z.enum(['upcoming', 'current', 'ended']),
    moveIn: z.string().describe('YYYY-MM-DD in the community time zone'),
    moveOut: z.string().nullable().describe('YYYY-MM-DD; null: no planned move-out'),
    accessStartsAt: z.string().nullable().describe('When access starts (start of the move-in day), ISO 8601'),
    accessEndsAt: z
      .string()
      .nullable()
      .describe("When access ends (the move-out day at the community's move-out time), ISO 8601"),
  })
  .meta({ id: 'MyLease' });

export const cardListResponse = z.object({
  cards: z.array(cardSchema).describe('Empty before the lease starts: codes are shown from the move-in day on'),
  accessStartsAt: z
    .string()
    .nullable()
    .optional()
    .describe('Only while the lease has not started (cards are empty until then): when access starts, ISO 8601'),
  lease: leaseSchema
    .nullable()
    .optional()
    .describe("The resident's lease that is not over (absent for staff and managers)"),
});

/** A change is accepted at once (202): the card comes back with the new code pending on its doors. */
export const cardResponse = z.object({ card: cardSchema });

export const generateBody = z.object({
  length: z.number().int().describe('4, or 6 where the community enables 6-digit codes'),
});

export const pickBody = z.object({
  code: z.string().describe('Exactly 4 or 6 ASCII digits, as a string ("0429" keeps its zero)'),
});
