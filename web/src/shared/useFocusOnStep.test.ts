// @vitest-environment happy-dom
import { act, createElement, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { reactTestRoot } from './reactTestRoot.ts';
import { failureTarget, stepTarget, useFocusOnStep } from './useFocusOnStep.ts';

const dom = reactTestRoot();

const html = (markup: string) => {
  dom.host.innerHTML = markup;
  return dom.host;
};

describe('stepTarget', () => {
  it('is the first shown field, skipping hidden and disabled ones', () => {
    const step = html(
      '<h2>Step</h2><div hidden><input id="a"></div><input type="hidden"><input id="b" disabled><select id="c"></select>',
    );
    expect(stepTarget(step).id).toBe('c');
  });

  it('enters a radio group at its checked radio', () => {
    const step = html(
      '<form><input type="radio" name="t" id="r1"><input type="radio" name="t" id="r2" checked></form><input id="x">',
    );
    expect(stepTarget(step).id).toBe('r2');
  });

  it('without a field, is the heading, made focusable', () => {
    const step = html('<p>Read this</p><h3 id="h">Done</h3><button>Close</button>');
    const target = stepTarget(step);
    expect(target.id).toBe('h');
    expect(target.getAttribute('tabindex')).toBe('-1');
  });

  it('a step can name its first stop', () => {
    const step = html('<p>Pick</p><button id="four" data-step-field>4 digits</button><input id="later">');
    expect(stepTarget(step).id).toBe('four');
  });
});

describe('failureTarget', () => {
  it('is the first field marked invalid', () => {
    const form = html('<input id="a"><input id="b" aria-invalid="true"><p role="alert">Enter a name.</p>');
    expect(failureTarget(form)?.id).toBe('b');
  });

  it('else the error message with words in it, made focusable', () => {
    const form = html('<p role="alert" id="empty"></p><input id="a"><p role="alert" id="msg">Wrong password.</p>');
    const target = failureTarget(form);
    expect(target?.id).toBe('msg');
    expect(target?.getAttribute('tabindex')).toBe('-1');
  });

  it('is nothing when nothing failed', () => {
    expect(failureTarget(html('<input><p role="alert"></p>'))).toBeNull();
  });
});

/** A two-step flow whose step and failure the tests drive from outside. */
let next: () => void = () => undefined;
let fail: () => void = () => undefined;

function Flow() {
  const [step, setStep] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const { ref, focusError } = useFocusOnStep<HTMLDivElement>(step);
  next = () => setStep((s) => s + 1);
  fail = () => {
    setError('Enter your name.');
    focusError();
  };
  return createElement(
    'div',
    { ref },
    step === 1
      ? createElement('button', { id: 'go', type: 'button' }, 'Continue')
      : createElement('input', { id: `name${step}`, 'aria-invalid': error ? true : undefined }),
    createElement('p', { role: 'alert', id: 'error' }, error ?? ''),
  );
}

describe('useFocusOnStep', () => {
  it('leaves focus alone on mount, then moves it to each new step', () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    act(() => dom.root.render(createElement(Flow)));
    expect(document.activeElement).toBe(outside);
    act(() => next());
    expect(document.activeElement?.id).toBe('name2');
    outside.focus();
    act(() => next());
    expect(document.activeElement?.id).toBe('name3');
    outside.remove();
  });

  it('after a failed submit, focus goes to the field the error marked invalid (on every failure)', () => {
    act(() => dom.root.render(createElement(Flow)));
    act(() => next());
    (document.activeElement as HTMLElement).blur();
    act(() => fail());
    expect(document.activeElement?.id).toBe('name2');
    (document.activeElement as HTMLElement).blur();
    act(() => fail()); // the same message again still moves focus
    expect(document.activeElement?.id).toBe('name2');
  });
});
