import { useEffect, useRef, useState } from 'react';
import type { LockDetailResponse, LockRemovalResponse } from '../../../../src/http/wireTypes.ts';
import { ApiError, api } from '../../api.ts';
import { ConfirmButton } from '../../shared/ConfirmButton.tsx';
import { useFailureText } from '../session.ts';

/**
 * A lock being removed: its codes leave it first (progress shown), then it is gone. A lock that is gone or
 * unreachable can be removed at once after the manager confirms.
 */
export function LockRemoval({
  lockId,
  doorName,
  onRemoved,
}: {
  lockId: string;
  doorName: string;
  onRemoved: () => void;
}) {
  const [progress, setProgress] = useState<LockRemovalResponse['progress'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const failureText = useFailureText();

  const onRemovedRef = useRef(onRemoved);
  onRemovedRef.current = onRemoved;
  const failureRef = useRef(failureText);
  failureRef.current = failureText;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = () => live && onRemovedRef.current();
    const fail = (e: unknown) => {
      if (!live) return;
      if (e instanceof ApiError && e.status === 404) return done();
      setProblem(failureRef.current(e));
    };
    const poll = async () => {
      try {
        const detail = await api<LockDetailResponse>('GET', `/locks/${lockId}`);
        if (!live) return;
        if (detail.progress) setProgress(detail.progress);
        timer = setTimeout(() => void poll(), 1000);
      } catch (e) {
        fail(e);
      }
    };
    // Asking again is safe (a lock already being removed carries on), so a reload simply resumes here.
    api<LockRemovalResponse>('DELETE', `/locks/${lockId}`).then((result) => {
      if (!live) return;
      if (result.removed) return done();
      setProgress(result.progress);
      timer = setTimeout(() => void poll(), 1000);
    }, fail);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [lockId]);

  const force = async () => {
    try {
      await api('DELETE', `/locks/${lockId}?force=true`);
      onRemoved();
    } catch (e) {
      setProblem(failureText(e));
    }
  };

  return (
    <div role="status" className="mgr-removal">
      <span className="chip wait">Removing</span>{' '}
      {progress
        ? `${progress.removed} of ${progress.total} codes taken off the lock`
        : 'Taking the codes off the lock…'}
      <br />
      <ConfirmButton
        confirmLabel="Confirm: remove now"
        message={`Codes still on the lock on ${doorName} stay there until someone clears it at the door.`}
        onConfirm={force}
      >
        The lock is gone — remove now
      </ConfirmButton>
      {problem && <span className="error"> {problem}</span>}
    </div>
  );
}
