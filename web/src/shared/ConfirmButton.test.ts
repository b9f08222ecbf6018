// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmButton, type ConfirmButtonProps } from './ConfirmButton.tsx';
import { reactTestRoot } from './reactTestRoot.ts';

const dom = reactTestRoot();

const buttons = () => [...dom.host.querySelectorAll('button')].map((b) => b.textContent);
const button = (text: string) => {
  const found = [...dom.host.querySelectorAll('button')].find((b) => b.textContent === text);
  if (!found) throw new Error(`no button “${text}” among ${buttons().join(', ')}`);
  return found;
};
const click = (text: string) => act(() => button(text).click());

function render(onConfirm: () => void, message?: string) {
  act(() =>
    dom.root.render(
      createElement(
        ConfirmButton,
        { confirmLabel: 'Confirm revoke', onConfirm, message, label: 'Revoke key A' } as ConfirmButtonProps,
        'Revoke',
      ),
    ),
  );
}

describe('ConfirmButton', () => {
  it('asks inline on the first tap and acts only on the second', () => {
    const onConfirm = vi.fn();
    const confirmSpy = vi.fn(() => true);
    window.confirm = confirmSpy;
    render(onConfirm, 'Software using it stops working.');
    expect(buttons()).toEqual(['Revoke']);

    click('Revoke');
    expect(buttons()).toEqual(['Confirm revoke', 'Cancel']);
    expect(dom.host.textContent).toContain('Software using it stops working.');
    expect(document.activeElement).toBe(button('Confirm revoke'));
    expect(onConfirm).not.toHaveBeenCalled();

    click('Confirm revoke');
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(buttons()).toEqual(['Revoke']);
    expect(confirmSpy).not.toHaveBeenCalled();
  });

  it('Cancel goes back without acting and returns focus to the button', () => {
    const onConfirm = vi.fn();
    render(onConfirm);
    click('Revoke');
    click('Cancel');
    expect(onConfirm).not.toHaveBeenCalled();
    expect(buttons()).toEqual(['Revoke']);
    expect(document.activeElement).toBe(button('Revoke'));
  });

  it('Escape cancels the question', () => {
    const onConfirm = vi.fn();
    render(onConfirm);
    click('Revoke');
    act(() => {
      button('Confirm revoke').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(buttons()).toEqual(['Revoke']);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('names the first button for screen readers', () => {
    render(vi.fn());
    expect(button('Revoke').getAttribute('aria-label')).toBe('Revoke key A');
  });
});
