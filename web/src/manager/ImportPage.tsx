import { type DragEvent, useContext, useId, useRef, useState } from 'react';
import type { ErrorResponse, ImportLineError, ImportResponse, ImportRow } from '../../../src/http/wireTypes.ts';
import { ApiError } from '../api.ts';
import { SessionEndedContext } from './session.ts';
import './ImportPage.css';

const MAX_BYTES = 10 * 1024 * 1024;

const ACTION_WORDS: Record<ImportRow['action'], string> = {
  create: 'New resident',
  update: 'Update',
  move_out: 'Move out',
  unchanged: 'No change',
};

const CHANGE_WORDS: Record<ImportRow['changes'][number], string> = {
  name: 'name',
  phone: 'phone',
  unit: 'unit (a move)',
  lease_start: 'lease start',
  lease_end: 'lease end',
  new_lease: 'new lease',
};

/** Sends the file to the import endpoint (CSV body, not JSON); errors come back as the API's ApiError. */
async function postImport(csv: string, dryRun: boolean, invite = false): Promise<ImportResponse> {
  const response = await fetch(`/api/v1/imports/residents?dryRun=${dryRun}&invite=${invite}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv' },
    body: csv,
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (json as Partial<ErrorResponse> | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'internal_error', error?.message ?? 'Something went wrong.');
  }
  return json as ImportResponse;
}

type Line = { line: number; row?: ImportRow; errors: ImportLineError[] };

function linesOf(result: ImportResponse): Line[] {
  const byLine = new Map<number, Line>();
  for (const row of result.rows) byLine.set(row.line, { line: row.line, row, errors: [] });
  for (const error of result.errors) {
    const entry = byLine.get(error.line) ?? { line: error.line, errors: [] };
    entry.errors.push(error);
    byLine.set(error.line, entry);
  }
  return [...byLine.values()].sort((a, b) => a.line - b.line);
}

function summaryText(s: ImportResponse['summary'], done: boolean): string {
  const parts = [
    `${s.create} ${done ? 'created' : 'to create'}`,
    `${s.update} ${done ? 'updated' : 'to update'}`,
    `${s.moveOut} ${done ? 'moved out' : 'to move out'}`,
    `${s.unchanged} unchanged`,
  ];
  if (s.unitsCreated > 0) parts.push(`${s.unitsCreated} new unit${s.unitsCreated === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/**
 * Resident import from a property-management export: choose or drop a CSV file, see what it would do (a dry
 * run, with every problem by line), then apply it — all of it, in one go, or nothing while any line is wrong.
 */
export function ImportPage({ canEdit }: { canEdit: boolean }) {
  const onSessionEnded = useContext(SessionEndedContext);
  const inputId = useId();
  const applyHintId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportResponse | null>(null);
  const [applied, setApplied] = useState<ImportResponse | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [invite, setInvite] = useState(false);
  const inviteId = useId();

  if (!canEdit) return <p className="muted">Only managers can import residents.</p>;

  const failed = (error: unknown) => {
    if (error instanceof ApiError) {
      if (error.status === 401) onSessionEnded();
      setFailure(error.message);
    } else setFailure('Could not reach Keyway. Check your connection and try again.');
  };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setPreview(null);
    setApplied(null);
    setFailure(null);
    setCsv(null);
    if (file.size > MAX_BYTES) {
      setFailure('This file is larger than 10 MB. Split it into smaller files.');
      return;
    }
    setBusy('preview');
    try {
      const text = await file.text();
      setCsv(text);
      setPreview(await postImport(text, true));
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  const apply = async () => {
    if (csv === null) return;
    setBusy('apply');
    setFailure(null);
    try {
      const result = await postImport(csv, false, invite);
      if (result.applied) {
        setApplied(result);
        setPreview(null);
      } else setPreview(result); // something changed since the preview: show the new problems
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    void choose(event.dataTransfer.files[0]);
  };

  const errors = preview?.errors ?? [];
  const nothingToDo =
    preview !== null && preview.summary.create + preview.summary.update + preview.summary.moveOut === 0;
  const canApply = preview !== null && errors.length === 0 && !nothingToDo && busy === null;

  return (
    <div className="mgr-import">
      <section className="card">
        <h2>1. Choose the file</h2>
        <p className="mgr-hint">
          A CSV export of your rent roll with a header line: unit, first and last name, email, phone, lease start and
          lease end (spellings such as “Unit Number”, “Email Address” or “Move-In Date” are fine; other columns are
          ignored). Dates as YYYY-MM-DD or MM/DD/YYYY. Nothing changes until you apply.
        </p>
        <label
          htmlFor={inputId}
          className={`mgr-dropzone${dragging ? ' mgr-dropzone-active' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <span className="mgr-dropzone-title">Drop a CSV file here, or choose one</span>
          <span className="muted small">{fileName ? `Selected: ${fileName}` : 'No file selected'}</span>
          <input
            id={inputId}
            ref={inputRef}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              void choose(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
        {busy === 'preview' && (
          <p className="mgr-status" role="status">
            Checking the file…
          </p>
        )}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
      </section>

      {preview && (
        <section className="card" aria-labelledby={`${inputId}-preview`}>
          <h2 id={`${inputId}-preview`}>2. Check what will happen</h2>
          <p className="mgr-summary" role="status">
            {summaryText(preview.summary, false)}
          </p>
          {errors.length > 0 && (
            <div className="mgr-import-errors" role="alert">
              <p>
                <strong>
                  {errors.length} line{errors.length === 1 ? '' : 's'} need{errors.length === 1 ? 's' : ''} fixing
                </strong>{' '}
                before anything can be imported. Correct the file and choose it again.
              </p>
              <ul>
                {errors.map((e) => (
                  <li key={`${e.line}-${e.code}`}>
                    Line {e.line}: {e.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <PreviewTable lines={linesOf(preview)} />
          {preview.summary.create > 0 && (
            <p className="mgr-toggle">
              <input id={inviteId} type="checkbox" checked={invite} onChange={(e) => setInvite(e.target.checked)} />{' '}
              <label htmlFor={inviteId}>
                Email an invitation to each new resident ({preview.summary.create}), so they can choose a password
              </label>
            </p>
          )}
          <div className="mgr-actions">
            <button type="button" disabled={!canApply} aria-describedby={applyHintId} onClick={() => void apply()}>
              {busy === 'apply' ? 'Importing…' : 'Apply import'}
            </button>
            <span id={applyHintId} className="muted small">
              {errors.length > 0
                ? 'Fix the lines above first: an import applies every line or none.'
                : nothingToDo
                  ? 'Everything in this file is already up to date.'
                  : 'Applies every line at once.'}
            </span>
          </div>
        </section>
      )}

      {applied && (
        <section className="card" aria-labelledby={`${inputId}-done`}>
          <h2 id={`${inputId}-done`}>Imported</h2>
          <p className="mgr-done" role="status">
            {summaryText(applied.summary, true)}
          </p>
          {applied.summary.create > 0 && (
            <p className="muted small">
              {invite
                ? 'Each new resident has been emailed an invitation (valid 72 hours) to choose a password.'
                : 'New residents have no password yet and were not emailed; they can use “Forgot password” to set one.'}
            </p>
          )}
          <button type="button" onClick={() => inputRef.current?.click()}>
            Import another file
          </button>
        </section>
      )}
    </div>
  );
}

function PreviewTable({ lines }: { lines: Line[] }) {
  if (lines.length === 0) return <p className="muted">The file has no resident lines.</p>;
  return (
    <table className="mgr-table mgr-import-table">
      <caption className="mgr-caption">
        {lines.length} line{lines.length === 1 ? '' : 's'} (line numbers as in the file; the header is line 1)
      </caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">What happens</th>
          <th scope="col">Resident</th>
          <th scope="col">Unit</th>
          <th scope="col">Lease</th>
        </tr>
      </thead>
      <tbody>
        {lines.map(({ line, row, errors }) => (
          <tr key={line} className={errors.length > 0 ? 'mgr-import-bad' : `mgr-import-${row?.action ?? 'none'}`}>
            <th scope="row" data-label="Line">
              {line}
            </th>
            <td data-label="What happens">
              {errors.length > 0 ? (
                <span className="mgr-import-error-text">Error: {errors.map((e) => e.message).join(' ')}</span>
              ) : row ? (
                <>
                  {ACTION_WORDS[row.action]}
                  {row.changes.length > 0 && (
                    <span className="muted small"> ({row.changes.map((c) => CHANGE_WORDS[c]).join(', ')})</span>
                  )}
                </>
              ) : null}
            </td>
            <td data-label="Resident">
              {row ? (
                <>
                  {row.name}
                  <br />
                  <span className="muted small">{row.email}</span>
                </>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td data-label="Unit">{row?.unit ?? '—'}</td>
            <td data-label="Lease">{row ? `${row.leaseStart} → ${row.leaseEnd ?? 'open-ended'}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
