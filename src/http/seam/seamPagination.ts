/** Seam's `pagination` object on list responses (the SDK's paginator reads it). */
import { z } from 'zod';

export const seamPagination = z.object({
  has_next_page: z.boolean(),
  next_page_cursor: z.string().nullable(),
  next_page_url: z.string().nullable(),
});

export function presentPagination(nextCursor: string | null): z.infer<typeof seamPagination> {
  return { has_next_page: nextCursor !== null, next_page_cursor: nextCursor, next_page_url: null };
}
