/**
 * The bench's HTTP client for the Keyway processes: a resident's own calls, as the app makes them. Every call is
 * counted: a non-2xx answer or a network error is an error of the run (none are expected).
 */
import type { SessionResident } from './world.ts';

export interface Door {
  status: string;
  reason: string | null;
}
export interface Card {
  id: string;
  code: string;
  pendingCode: string | null;
  doors: Door[];
}

export class ApiErrors {
  count = 0;
  readonly samples: string[] = [];
  note(what: string): void {
    this.count++;
    if (this.samples.length < 10) this.samples.push(what);
  }
}

export class KeywayApi {
  readonly errors = new ApiErrors();
  requests = 0;
  constructor(readonly ports: readonly number[]) {}

  /** The other process than `port` (reads after a write go there: the change must be visible everywhere). */
  otherPort(port: number): number {
    return this.ports.find((p) => p !== port) ?? port;
  }

  async #call<T>(
    port: number,
    resident: SessionResident,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T | undefined> {
    this.requests++;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${resident.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) {
        this.errors.note(
          `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} → ${response.status} ${text.slice(0, 120)}`,
        );
        return undefined;
      }
      return JSON.parse(text) as T;
    } catch (error) {
      this.errors.note(`${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} → ${(error as Error).message}`);
      return undefined;
    }
  }

  async cards(port: number, resident: SessionResident): Promise<Card[] | undefined> {
    return (await this.#call<{ cards: Card[] }>(port, resident, 'GET', '/me/access'))?.cards;
  }

  /** Generate a Code: the new code (pending on the card's doors), or undefined on an error. */
  async generate(port: number, resident: SessionResident, cardId: string): Promise<string | undefined> {
    const answer = await this.#call<{ card: Card }>(port, resident, 'POST', `/me/access/cards/${cardId}/generate`, {
      length: 4,
    });
    // A card whose current code never reached its doors shows the new code as its code at once, nothing pending.
    return answer ? (answer.card.pendingCode ?? answer.card.code) : undefined;
  }

  async createGuest(port: number, resident: SessionResident, name: string): Promise<string | undefined> {
    const answer = await this.#call<{ guestCode: { id: string } }>(port, resident, 'POST', '/me/guest-codes', {
      type: 'permanent',
      name,
    });
    return answer?.guestCode.id;
  }
}

/** The card shows `code` as its working code on every door: nothing pending any more. */
export function settled(card: Card | undefined, code: string): boolean {
  return (
    card !== undefined &&
    card.code === code &&
    card.pendingCode === null &&
    card.doors.every((d) => d.status === 'active')
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls GET /me/access on `port` until the card settles on `code`; resolves with the time it did (performance.now),
 * or undefined at the deadline.
 */
export async function waitSettled(
  api: KeywayApi,
  port: number,
  resident: SessionResident,
  cardId: string,
  code: string,
  deadline: number,
  pollMs: number,
  /** False once a later change of the card supersedes this one: stop polling. */
  stillWanted: () => boolean = () => true,
): Promise<number | undefined> {
  while (performance.now() < deadline && stillWanted()) {
    const cards = await api.cards(port, resident);
    if (
      settled(
        cards?.find((c) => c.id === cardId),
        code,
      )
    )
      return performance.now();
    await sleep(pollMs);
  }
  return undefined;
}
