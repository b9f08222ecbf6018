/** A small coloured status label: ok (green), wait (amber), bad (red) or off (grey). */
export type ChipTone = 'ok' | 'wait' | 'bad' | 'off';

export function StatusChip({ label, tone }: { label: string; tone: ChipTone }) {
  return <span className={`chip ${tone}`}>{label}</span>;
}
