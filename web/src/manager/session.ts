import { createContext, useContext } from 'react';
import { ApiError } from '../api.ts';

/** Called when the server says the session is gone (401): the app goes back to sign-in. */
export const SessionEndedContext = createContext<() => void>(() => undefined);

/** Turns a failed call into a sentence for the screen, and ends the session on 401. */
export function useFailureText(): (error: unknown) => string {
  const onSessionEnded = useContext(SessionEndedContext);
  return (error) => {
    if (error instanceof ApiError) {
      if (error.status === 401) onSessionEnded();
      return error.message;
    }
    return 'Could not reach Keyway. Check your connection and try again.';
  };
}
