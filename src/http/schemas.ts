/** Schemas shared by several routes: the error body and the shapes of API.md that appear in many responses. */
import { z } from 'zod';

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

export const uuidParam = (name: string) => z.object({ [name]: z.string().uuid() });
