/**
 * One access card (Home or Community): the code in large digits, a change on its way, each door's
 * status, and the gear with Generate a Code / Pick a Code.
 */
import { useId, useRef, useState } from 'react';
import type { Card } from '../api.ts';
import { Sheet } from '../shared/Sheet.tsx';
import { CodeSettingsMenu } from './CodeSettingsMenu.tsx';
import { DoorList } from './DoorList.tsx';
import { GenerateCodeFlow } from './GenerateCodeFlow.tsx';
import { PickCodeFlow } from './PickCodeFlow.tsx';

const TITLES: Record<Card['scope'], { title: string; subtitle: string }> = {
  home: { title: 'Home', subtitle: 'Your front door' },
  community: { title: 'Community', subtitle: 'Gates, lobby and amenities' },
};

export function AccessCardView({ card }: { card: Card }) {
  const titleId = useId();
  const gear = useRef<HTMLButtonElement>(null);
  const [flow, setFlow] = useState<'generate' | 'pick' | null>(null);
  const { title, subtitle } = TITLES[card.scope];
  const canPick = card.allowed.pickLengths.length > 0;

  const closeFlow = () => {
    setFlow(null);
    requestAnimationFrame(() => gear.current?.focus());
  };

  return (
    <section className="card access-card" aria-labelledby={titleId}>
      <div className="card-head">
        <div>
          <h2 id={titleId}>{title}</h2>
          <p className="muted small">
            {subtitle}
            {card.origin === 'custom' ? ' · your own code' : ''}
          </p>
        </div>
        <CodeSettingsMenu describedBy={titleId} canPick={canPick} onChoose={setFlow} buttonRef={gear} />
      </div>
      <p className="muted small label-above">Your code</p>
      <p className="code">{card.code}</p>
      {card.pendingCode && (
        <p className="pending-line">
          New code <strong className="pending-code">{card.pendingCode}</strong> — updating
        </p>
      )}
      <DoorList doors={card.doors} label={`${title} doors`} />
      {flow === 'generate' && (
        <Sheet title="Generate a Code" onClose={closeFlow}>
          <GenerateCodeFlow card={card} onDone={closeFlow} />
        </Sheet>
      )}
      {flow === 'pick' && (
        <Sheet title="Pick a Code" onClose={closeFlow}>
          <PickCodeFlow card={card} onDone={closeFlow} />
        </Sheet>
      )}
    </section>
  );
}
