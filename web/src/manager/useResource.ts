import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { useFailureText } from './session.ts';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `path` (null = not yet), and again every `pollMs` if given — one request at a time, never
 * overlapping — until `stopWhen` says the data is final. Keeps the last good data on screen when a
 * refresh fails.
 */
export function useResource<T>(
  path: string | null,
  options: { pollMs?: number; stopWhen?: (data: T) => boolean } = {},
): Resource<T> {
  const { pollMs } = options;
  const stopWhen = useRef(options.stopWhen);
  stopWhen.current = options.stopWhen;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const failureText = useFailureText();
  const failureRef = useRef(failureText);
  failureRef.current = failureText;

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the reload trigger
  useEffect(() => {
    if (path === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stop = false;
    const load = async () => {
      try {
        const result = await api<T>('GET', path);
        if (!live) return;
        setData(result);
        setError(null);
        stop = stopWhen.current?.(result) ?? false;
      } catch (e) {
        if (live) setError(failureRef.current(e));
      } finally {
        if (live) {
          setLoading(false);
          if (pollMs && !stop) timer = setTimeout(() => void load(), pollMs);
        }
      }
    };
    setLoading(true);
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [path, pollMs, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
