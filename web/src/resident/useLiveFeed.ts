/**
 * GET /me/events (Server-Sent Events): `cards` carries the full card list, `activity` one entry.
 * EventSource reconnects by itself after a dropped connection; when the server refuses the stream
 * (e.g. the session ended) it stops, so we check the session and try again a little later.
 */
import { useEffect, useRef, useState } from 'react';
import type { Activity, Card, CardListResponse } from '../api.ts';

export interface LiveFeedHandlers {
  onCards: (cards: Card[]) => void;
  onActivity: (entry: Activity) => void;
  /** Called when the stream was refused; resolve to false to stop trying (session over). */
  onRefused: () => Promise<boolean>;
}

const RETRY_MS = 5_000;

/** Returns whether the live feed is connected right now (when not, callers poll instead). */
export function useLiveFeed(handlers: LiveFeedHandlers): boolean {
  const latest = useRef(handlers);
  latest.current = handlers;
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      source = new EventSource('/api/v1/me/events');
      source.addEventListener('open', () => setConnected(true));
      source.addEventListener('cards', (event) => {
        setConnected(true);
        latest.current.onCards((JSON.parse((event as MessageEvent<string>).data) as CardListResponse).cards);
      });
      source.addEventListener('activity', (event) => {
        latest.current.onActivity(JSON.parse((event as MessageEvent<string>).data) as Activity);
      });
      source.addEventListener('error', () => {
        setConnected(false);
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        void latest.current.onRefused().then((again) => {
          if (again && !stopped) retry = setTimeout(connect, RETRY_MS);
        });
      });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);

  return connected;
}
