/**
 * The gear on an access card: a menu button (arrow keys, Home/End, Escape) with Generate a Code and,
 * where the community allows custom codes for this card, Pick a Code.
 */
import { type KeyboardEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { GearIcon } from '../shared/icons.tsx';

export interface CodeSettingsMenuProps {
  /** id of the card's title, so the button reads "Access code settings, Home". */
  describedBy: string;
  canPick: boolean;
  onChoose: (action: 'generate' | 'pick') => void;
  buttonRef: RefObject<HTMLButtonElement | null>;
}

export function CodeSettingsMenu({ describedBy, canPick, onChoose, buttonRef }: CodeSettingsMenuProps) {
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    menuItems(menuRef.current)[0]?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!wrapRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const list = menuItems(menuRef.current);
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(list.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') setOpen(false);
  };

  const choose = (action: 'generate' | 'pick') => {
    setOpen(false);
    onChoose(action);
  };

  return (
    <div className="menu-wrap" ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button gear"
        aria-label="Access code settings"
        aria-describedby={describedBy}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <GearIcon />
      </button>
      {open && (
        <div
          className="menu"
          role="menu"
          id={menuId}
          aria-label="Access code settings"
          ref={menuRef}
          onKeyDown={onMenuKey}
        >
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            aria-labelledby={`${menuId}-g`}
            aria-describedby={`${menuId}-gh`}
            onClick={() => choose('generate')}
          >
            <span id={`${menuId}-g`}>Generate a Code</span>
            <span id={`${menuId}-gh`} className="menu-hint">
              A new random code
            </span>
          </button>
          {canPick && (
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-labelledby={`${menuId}-p`}
              aria-describedby={`${menuId}-ph`}
              onClick={() => choose('pick')}
            >
              <span id={`${menuId}-p`}>Pick a Code</span>
              <span id={`${menuId}-ph`} className="menu-hint">
                Choose your own digits
              </span>
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return [...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
}
