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

/**
 * Every instant a client sends: ISO 8601 with seconds and `Z` or an offset (`2026-03-08T09:00:00-06:00`), year
 * 0001–9999. A time without an offset would be read in some zone the sender did not choose, a bare `"1"` would
 * become the year 2001, and years outside four digits fail deep in the database (PostgreSQL has no year 0).
 */
export const instantSchema = z.iso
  .datetime({ offset: true, error: 'must be a date and time with Z or an offset, e.g. 2026-03-08T09:00:00-06:00' })
  .refine((value) => !value.startsWith('0000-'), 'The year must be 0001 to 9999.')
  .describe('ISO-8601 date-time with Z or an offset, e.g. 2026-03-08T09:00:00-06:00');
