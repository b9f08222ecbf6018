/**
 * One guest code: who, what kind, when it works, its doors, and the actions — copy or send the share
 * link (the guest needs no app), see its use, revoke it (after a confirmation).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { type Activity, type ActivityListResponse, api, type GuestCode, type GuestCodeResponse } from '../api.ts';
import { credentialStatus, nextStartOf } from '../shared/credentialStatus.ts';
import { StatusChip } from '../shared/StatusChip.tsx';
import { DoorList } from './DoorList.tsx';
import { GUEST_TYPE_INFO, isLive, validityWords } from './guestWords.ts';
import { MaskedCode } from './MaskedCode.tsx';
import { useResident } from './residentContext.ts';

export interface GuestCodeItemProps {
  guest: GuestCode;
  onRevoked: (guest: GuestCode) => void;
}

export function GuestCodeItem({ guest, onRevoked }: GuestCodeItemProps) {
  const { timeZone, sessionEndedBy } = useResident();
  const titleId = useId();
  const [panel, setPanel] = useState<'share' | 'send' | 'revoke' | 'usage' | null>(null);
  const [copied, setCopied] = useState<'copied' | 'manual' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const linkInput = useRef<HTMLInputElement>(null);
  const live = isLive(guest);
  const now = new Date();
  const status = credentialStatus({ ...guest, nextStart: nextStartOf(guest, timeZone, now) }, timeZone, now);
  const shareText = `${guest.name}, here is your door code: ${guest.shareUrl}`;

  const copy = async () => {
    setPanel('share');
    try {
      await navigator.clipboard.writeText(guest.shareUrl);
      setCopied('copied');
    } catch {
      setCopied('manual');
      requestAnimationFrame(() => linkInput.current?.select());
    }
  };

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api<GuestCodeResponse>('DELETE', `/me/guest-codes/${guest.id}`);
      setPanel(null);
      onRevoked(result.guestCode);
    } catch (e) {
      if (!sessionEndedBy(e)) setError(e instanceof Error ? e.message : 'Could not revoke the code.');
    } finally {
      setBusy(false);
    }
  };

  const toggle = (name: 'send' | 'revoke' | 'usage') => setPanel((p) => (p === name ? null : name));
  const doorsMatter = live || guest.doors.some((d) => d.status === 'removing' || d.status === 'failed');

  return (
    <article className={`card guest ${live ? '' : 'past'}`} aria-labelledby={titleId}>
      <div className="card-head">
        <div>
          <h2 id={titleId}>{guest.name}</h2>
          <p className="muted small">
            {GUEST_TYPE_INFO[guest.type].label} · {validityWords(guest, timeZone)}
          </p>
        </div>
        <StatusChip label={status.label} tone={status.tone} />
      </div>
      {live && <MaskedCode code={guest.code} small label={`code for ${guest.name}`} />}
      {doorsMatter && <DoorList doors={guest.doors} label={`Doors for ${guest.name}`} />}
      <div className="actions wrap">
        {live && (
          <>
            <button type="button" onClick={copy}>
              Copy link
            </button>
            <button type="button" aria-expanded={panel === 'send'} onClick={() => toggle('send')}>
              Send
            </button>
          </>
        )}
        <button type="button" aria-expanded={panel === 'usage'} onClick={() => toggle('usage')}>
          Usage
        </button>
        {live && (
          <button
            type="button"
            className="res-revoke"
            aria-expanded={panel === 'revoke'}
            onClick={() => toggle('revoke')}
          >
            Revoke
          </button>
        )}
      </div>
      {panel === 'share' && (
        <div className="panel">
          {copied && (
            <p role="status" className="small">
              {copied === 'copied'
                ? 'Link copied. Paste it in a message to your guest.'
                : 'Copy this link and send it to your guest.'}
            </p>
          )}
          <label>
            Share link
            <input ref={linkInput} type="text" readOnly value={guest.shareUrl} onFocus={(e) => e.target.select()} />
          </label>
        </div>
      )}
      {panel === 'send' && (
        <div className="panel send-links">
          <a className="button-link" href={`sms:?&body=${encodeURIComponent(shareText)}`}>
            Send by text message
          </a>
          <a
            className="button-link"
            href={`mailto:?subject=${encodeURIComponent('Your door code')}&body=${encodeURIComponent(shareText)}`}
          >
            Send by email
          </a>
        </div>
      )}
      {panel === 'revoke' && (
        <fieldset className="panel confirm plain" aria-label={`Revoke the code for ${guest.name}`}>
          <p>Revoke this code? It stops working on every door, and the link will say it was cancelled.</p>
          <div className="actions">
            <button type="button" className="res-danger-solid" onClick={revoke} disabled={busy}>
              {busy ? 'Revoking…' : 'Yes, revoke'}
            </button>
            <button type="button" onClick={() => setPanel(null)}>
              Keep it
            </button>
          </div>
        </fieldset>
      )}
      {panel === 'usage' && <GuestUsage name={guest.name} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </article>
  );
}

/** When this guest's code opened a door: my activity, filtered to the guest's name. */
function GuestUsage({ name }: { name: string }) {
  const { sessionEndedBy } = useResident();
  const [entries, setEntries] = useState<Activity[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api<ActivityListResponse>('GET', '/me/activity?type=lock.opened,guest_code.used&limit=200')
      .then((result) => {
        if (!cancelled) setEntries(result.activity.filter((a) => a.holderName === name));
      })
      .catch((e: unknown) => {
        if (!cancelled && !sessionEndedBy(e)) setError('Could not load the usage.');
      });
    return () => {
      cancelled = true;
    };
  }, [name, sessionEndedBy]);
  return (
    <div className="panel">
      <h3>Usage</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!entries && !error && <p className="muted small">Loading…</p>}
      {entries?.length === 0 && <p className="muted small">Not used yet.</p>}
      {entries && entries.length > 0 && (
        <ul className="usage">
          {entries.map((a) => (
            <li key={a.id}>{a.text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
