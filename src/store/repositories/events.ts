import type { Executor } from '../database.ts';
import { events } from '../schema.ts';

export interface NewEvent {
  /** Null for events of the installation itself (an operator signing in, setup). */
  communityId: string | null;
  type: string;
  actor: { type: 'person' | 'api_key' | 'system'; id: string | null };
  subject: { type: string; id: string | null };
  /** Never a PIN: events feed logs, webhooks and the activity feed. */
  data: Record<string, unknown>;
  /** For facts every server process hears (device reports): only the first insert is kept. */
  dedupeKey?: string;
  at: Date;
}

/** The event as a row of the events table. */
export function eventRow(event: NewEvent): typeof events.$inferInsert {
  return {
    communityId: event.communityId,
    type: event.type,
    actorType: event.actor.type,
    actorId: event.actor.id,
    subjectType: event.subject.type,
    subjectId: event.subject.id,
    data: event.data,
    dedupeKey: event.dedupeKey ?? null,
    createdAt: event.at,
  };
}

export async function recordEvent(ex: Executor, event: NewEvent): Promise<void> {
  const insert = ex.insert(events).values(eventRow(event));
  await (event.dedupeKey ? insert.onConflictDoNothing() : insert);
}
