import { useId } from 'react';
import type { LockHealth } from '../api.ts';

interface Row {
  label: string;
  /** Text after the label, e.g. "87%" — also what the text alternative reads. */
  value: string;
  /** Bars drawn under the label, 0..1 of the track, darkest last. */
  bars: { fraction: number; tone: string }[];
}

const ROW = 44;

/**
 * A horizontal bar chart as inline SVG: each row is a line of text (label and value) over a bar.
 * Widths are percentages, so text never scales with the screen. The figure's title and a full text
 * alternative are given to assistive technology through <title> and <desc>.
 */
function BarChart({
  title,
  note,
  rows,
  legend,
}: {
  title: string;
  note: string;
  rows: Row[];
  legend?: { label: string; tone: string }[];
}) {
  const id = useId();
  const description = rows.map((r) => `${r.label}: ${r.value}`).join('; ');
  return (
    <figure className="card mgr-chart">
      <figcaption>
        <strong id={`${id}-title`}>{title}</strong>
        <span className="mgr-hint">{note}</span>
      </figcaption>
      {legend && (
        <p className="mgr-legend" aria-hidden="true">
          {legend.map((l) => (
            <span key={l.label}>
              <span className={`mgr-swatch ${l.tone}`} /> {l.label}
            </span>
          ))}
        </p>
      )}
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} width="100%" height={rows.length * ROW} className="mgr-bars">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {rows.map((r, i) => {
          const y = i * ROW;
          return (
            <g key={r.label}>
              <text x="0" y={y + 15} className="mgr-bar-label">
                {r.label}
                <tspan className="mgr-bar-value" dx="8">
                  {r.value}
                </tspan>
              </text>
              <rect x="0" y={y + 22} width="100%" height="12" rx="3" className="mgr-bar-track" />
              {r.bars.map((b) => (
                <rect
                  key={b.tone}
                  x="0"
                  y={y + 22}
                  width={`${Math.max(0, Math.min(1, b.fraction)) * 100}%`}
                  height="12"
                  rx="3"
                  className={`mgr-bar ${b.tone}`}
                />
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function BatteryChart({ locks }: { locks: LockHealth[] }) {
  return (
    <BarChart
      title="Battery per lock"
      note="Last level each lock reported. Replace batteries below 20%."
      rows={locks.map((l) => ({
        label: l.name,
        value: l.battery === null ? 'not reported' : `${l.battery}%`,
        bars:
          l.battery === null
            ? []
            : [{ fraction: l.battery / 100, tone: l.battery < 20 ? 'bad' : l.battery < 40 ? 'wait' : 'ok' }],
      }))}
    />
  );
}

function ms(value: number): string {
  return value >= 10_000
    ? `${(value / 1000).toFixed(0)} s`
    : value >= 1000
      ? `${(value / 1000).toFixed(1)} s`
      : `${value} ms`;
}

export function LatencyChart({ locks }: { locks: LockHealth[] }) {
  const max = Math.max(1, ...locks.map((l) => l.syncLatencyMs?.p95 ?? 0));
  return (
    <BarChart
      title="Sync latency per lock"
      note="From Keyway sending a change to the lock confirming it, over each lock’s last 100 changes. Bluetooth locks are updated by phones and are not measured."
      legend={[
        { label: 'median (p50)', tone: 'brand' },
        { label: 'slowest 5% (p95)', tone: 'light' },
      ]}
      rows={locks.map((l) => ({
        label: l.name,
        value: l.syncLatencyMs
          ? `median ${ms(l.syncLatencyMs.p50)}, p95 ${ms(l.syncLatencyMs.p95)}`
          : l.connectivity === 'bluetooth'
            ? 'not measured (phones)'
            : 'no changes yet',
        bars: l.syncLatencyMs
          ? [
              { fraction: l.syncLatencyMs.p95 / max, tone: 'light' },
              { fraction: l.syncLatencyMs.p50 / max, tone: 'brand' },
            ]
          : [],
      }))}
    />
  );
}
