/**
 * Seam-style pagination (`limit`, `page_cursor` → `pagination { has_next_page, next_page_cursor }`): a cursor is
 * the position after the last item served (its creation time and id, the list's order), opaque to the client.
 */
import { KeywayError } from '../../domain/errors.ts';

export interface PagePosition {
  createdAt: Date;
  id: string;
}

export const DEFAULT_PAGE_LIMIT = 500;
export const MAX_PAGE_LIMIT = 1000;

export function encodePageCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

export function decodePageCursor(cursor: string | null | undefined): PagePosition | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const createdAt = new Date(String(at));
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && !Number.isNaN(createdAt.getTime()))
      return { createdAt, id };
  } catch {
    // falls through to the refusal
  }
  throw new KeywayError('invalid_request', 'page_cursor is not one this API gave out.', { field: 'page_cursor' });
}

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** Cuts one extra row fetched beyond `limit` into "there is a next page" and its cursor. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => PagePosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodePageCursor(positionOf(last)) : null };
}
