/** Wire shapes of the signed-in resident's own cards (/me/access). */
import { z } from 'zod';
import { cardSchema } from '../presenters/card.ts';

export const cardListResponse = z.object({ cards: z.array(cardSchema) });

/** A change is accepted at once (202): the card comes back with the new code pending on its doors. */
export const cardResponse = z.object({ card: cardSchema });

export const generateBody = z.object({
  length: z.number().int().describe('4, or 6 where the community enables 6-digit codes'),
});

export const pickBody = z.object({
  code: z.string().describe('Exactly 4 or 6 ASCII digits, as a string ("0429" keeps its zero)'),
});
