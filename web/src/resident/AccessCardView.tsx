/**
 * One access card (Home or Community): the code in large digits, a change on its way, each door's
 * status, and the gear with Generate a Code / Pick a Code.
 */
import { useId, useRef, useState } from 'react';
import type { Card } from '../api.ts';
import { Sheet } from '../shared/Sheet.tsx';
import { maskCode, useShowCodes } from '../shared/showCodes.ts';
import { CodeSettingsMenu } from './CodeSettingsMenu.tsx';
import { DoorList } from './DoorList.tsx';
import { firstRunWords } from './firstRun.ts';
import { GenerateCodeFlow } from './GenerateCodeFlow.tsx';
import { MaskedCode } from './MaskedCode.tsx';
import { PickCodeFlow } from './PickCodeFlow.tsx';

const TITLES: Record<Card['scope'], { title: string; subtitle: string }> = {
  home: { title: 'Home', subtitle: 'Your front door' },
  community: { title: 'Community', subtitle: 'Gates, lobby and amenities' },
};

export function AccessCardView({ card }: { card: Card }) {
  const titleId = useId();
  const gear = useRef<HTMLButtonElement>(null);
  const [flow, setFlow] = useState<'generate' | 'pick' | null>(null);
  // Whether some door held the card's code when a change started: if none did, no old code works meanwhile.
  const [hadCodeOnDoors, setHadCodeOnDoors] = useState(true);
  const notOnDoors = firstRunWords(card);
  const [revealed, setRevealed] = useState(false);
  const showCodes = useShowCodes() || revealed;
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
        <CodeSettingsMenu
          describedBy={titleId}
          canPick={canPick}
          onChoose={(next) => {
            setHadCodeOnDoors(notOnDoors === null);
            setFlow(next);
          }}
          buttonRef={gear}
        />
      </div>
      {notOnDoors && (
        <p role="status" className="first-run">
          {notOnDoors}
        </p>
      )}
      <p className="muted small label-above">{notOnDoors ? 'Your code, once it is on the door' : 'Your code'}</p>
      <MaskedCode code={card.code} label={`your ${title} code`} revealed={revealed} onRevealedChange={setRevealed} />
      {card.pendingCode && (
        <p className="pending-line">
          New code <strong className="pending-code">{showCodes ? card.pendingCode : maskCode(card.pendingCode)}</strong>{' '}
          — updating
        </p>
      )}
      <DoorList doors={card.doors} label={`${title} doors`} />
      {flow === 'generate' && (
        <Sheet title="Generate a Code" onClose={closeFlow}>
          <GenerateCodeFlow card={card} onDone={closeFlow} hadCodeOnDoors={hadCodeOnDoors} />
        </Sheet>
      )}
      {flow === 'pick' && (
        <Sheet title="Pick a Code" onClose={closeFlow}>
          <PickCodeFlow card={card} onDone={closeFlow} hadCodeOnDoors={hadCodeOnDoors} />
        </Sheet>
      )}
    </section>
  );
}
