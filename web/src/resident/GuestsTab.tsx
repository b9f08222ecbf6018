/** Guests: my guest codes (current first, past ones folded away) and the form to create one. */
import { useEffect, useRef, useState } from 'react';
import type { GuestCode, Settings } from '../api.ts';
import { GuestCodeForm } from './GuestCodeForm.tsx';
import { GuestCodeItem } from './GuestCodeItem.tsx';
import { isLive } from './guestWords.ts';

export interface GuestsTabProps {
  guestCodes: GuestCode[] | null;
  settings: Settings | null;
  error: string | null;
  onChanged: (guest: GuestCode) => void;
}

export function GuestsTab({ guestCodes, settings, error, onChanged }: GuestsTabProps) {
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const wasCreating = useRef(false);
  const current = guestCodes?.filter(isLive) ?? [];
  const past = guestCodes?.filter((g) => !isLive(g)) ?? [];
  const canCreate = (settings?.guestTypes.length ?? 0) > 0;

  useEffect(() => {
    // The form is gone (created or cancelled): focus returns to the button that opened it, under which the
    // new code appears, instead of falling to the page.
    if (!creating && wasCreating.current) newButton.current?.focus();
    wasCreating.current = creating;
  }, [creating]);

  return (
    <>
      <h1>Guests</h1>
      <p className="muted intro">
        Codes for visitors, always chosen at random. Share the link — your guest needs no app.
      </p>
      {canCreate && !creating && (
        <button
          ref={newButton}
          type="button"
          className="primary wide"
          onClick={() => {
            setCreating(true);
            setNotice(null);
          }}
        >
          New guest code
        </button>
      )}
      {creating && settings && (
        <GuestCodeForm
          settings={settings}
          onCancel={() => setCreating(false)}
          onCreated={(guest) => {
            onChanged(guest);
            setCreating(false);
            setNotice(`Code created for ${guest.name}. Copy or send the link to share it.`);
          }}
        />
      )}
      <p role="status" className="notice">
        {notice ?? ''}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!guestCodes && !error && <p className="muted">Loading your guest codes…</p>}
      {guestCodes && (
        <section aria-label="Current guest codes">
          {current.length === 0 ? (
            <p className="muted">No guest codes yet.</p>
          ) : (
            current.map((g) => <GuestCodeItem key={g.id} guest={g} onRevoked={onChanged} />)
          )}
        </section>
      )}
      {past.length > 0 && (
        <details className="past-codes">
          <summary>Past codes ({past.length})</summary>
          {past.map((g) => (
            <GuestCodeItem key={g.id} guest={g} onRevoked={onChanged} />
          ))}
        </details>
      )}
    </>
  );
}
