/**
 * Where focus goes in a multi-step flow or a form (issue 13, item 11). A new step leaves focus on an element that
 * no longer exists (the body, for a screen reader: nowhere), so each step change moves it to the step's first
 * field, or to its heading when the step has no field; a failed submit moves it to the first invalid field, or to
 * the error message when the refusal is not about one field. One hook, so every flow behaves the same.
 */
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

/** What counts as a step's field: a form control, or an element a step marks as its first stop. */
const FIELD =
  '[data-step-field], input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';
const HEADING = '[data-step-heading], h1, h2, h3, h4, [role="status"]';
const ERROR = '[data-step-error], [role="alert"]';

/** The step's first field, else its heading (made focusable), else the step itself. */
export function stepTarget(step: HTMLElement): HTMLElement {
  const field = [...step.querySelectorAll<HTMLElement>(FIELD)].find(shown);
  if (field) return preferChecked(field);
  return focusable(step.querySelector<HTMLElement>(HEADING) ?? step);
}

/** After a failed submit: the first field marked invalid, else the error message (made focusable). */
export function failureTarget(form: HTMLElement): HTMLElement | null {
  const invalid = [...form.querySelectorAll<HTMLElement>('[aria-invalid="true"]')].find(shown);
  if (invalid) return invalid;
  const error = [...form.querySelectorAll<HTMLElement>(ERROR)].find((e) => shown(e) && e.textContent?.trim());
  return error ? focusable(error) : null;
}

export interface FocusOnStep<T extends HTMLElement> {
  /** The element that holds the current step (or the form). */
  ref: RefObject<T | null>;
  /** Call on a failed submit: once the error has rendered, focus goes to it (see failureTarget). */
  focusError: () => void;
}

/**
 * Moves focus into the step whenever `step` changes (and on mount with `onMount`, for a step that appears on its
 * own, like a form opened by a button). `step` is any value that names the step: a string, a number.
 */
export function useFocusOnStep<T extends HTMLElement = HTMLElement>(
  step: unknown,
  options: { onMount?: boolean } = {},
): FocusOnStep<T> {
  const ref = useRef<T>(null);
  const mounted = useRef(options.onMount ?? false);
  const [failures, setFailures] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step changes, which is what it is for
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    if (ref.current) stepTarget(ref.current).focus();
  }, [step]);

  useEffect(() => {
    if (failures === 0 || !ref.current) return;
    failureTarget(ref.current)?.focus();
  }, [failures]);

  const focusError = useCallback(() => setFailures((n) => n + 1), []);
  return { ref, focusError };
}

/** A radio group is entered at its checked radio, as the keyboard would. */
function preferChecked(field: HTMLElement): HTMLElement {
  if (!(field instanceof HTMLInputElement) || field.type !== 'radio' || field.checked || !field.name) return field;
  const group = field.form ?? field.ownerDocument;
  return group.querySelector<HTMLElement>(`input[type="radio"][name="${CSS.escape(field.name)}"]:checked`) ?? field;
}

function focusable(element: HTMLElement): HTMLElement {
  if (element.tabIndex < 0 && !element.hasAttribute('tabindex')) element.tabIndex = -1;
  return element;
}

function shown(element: HTMLElement): boolean {
  return !element.closest('[hidden], [inert]') && element.getAttribute('aria-hidden') !== 'true';
}
