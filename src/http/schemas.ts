/** Schemas shared by several routes: the error body and the shapes of API.md that appear in many responses. */
import { z } from 'zod';
import type { SyncReason } from '../domain/sync/lockCodeState.ts';

// Route files import this file before their own schemas, so Error stays the first component of docs/openapi.json
// (components follow the order schemas with an id are created).
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable snake_case error code'),
      message: z.string().describe('Human sentence; may change'),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  422: errorSchema,
  429: errorSchema,
} as const;

export const okResponse = z.object({ ok: z.literal(true) });

/**
 * The words a door's, a removal's or a lock's `reason` (`causes`) may hold: the sync state machine's reasons.
 * The schemas keep `reason` a string, so the published contract stays open to new reasons; clients that explain
 * reasons key their words by this type, so a new reason shows up in their type check.
 */
export type DoorReason = SyncReason;

export const uuidParam = (name: string) => z.object({ [name]: z.string().uuid() });
