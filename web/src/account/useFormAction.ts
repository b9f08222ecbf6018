import { type FormEvent, useState } from 'react';
import { useFocusOnStep } from '../shared/useFocusOnStep.ts';
import { accountErrorText } from './accountWords.ts';

/**
 * The busy / error / submit cycle every account form shares: the action runs once per submit, its refusal
 * becomes one plain sentence (by error code) that gets the focus (put `formRef` on the form), and the button
 * knows to wait.
 */
export function useFormAction(action: () => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { ref: formRef, focusError } = useFocusOnStep<HTMLFormElement>('form');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(accountErrorText(e));
      focusError();
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit, formRef };
}
