/** What every resident screen may need without passing it down by hand: settings, the simulation, error handling. */
import { createContext, useContext } from 'react';
import type { Card, Settings, SimLock, User } from '../api.ts';
import type { Courier } from './bluetoothCourier.ts';

export interface ResidentContextValue {
  user: User;
  settings: Settings | null;
  /** The community's time zone (settings.timeZone), or the browser's until settings arrive. */
  timeZone: string;
  /** The simulated lock behind an access point; undefined when there is no simulation (real devices). */
  simLockFor: (accessPointId: string) => SimLock | undefined;
  /** Demo: the resident's phone comes near a Bluetooth lock and delivers what is pending (offline: what it carries). */
  deliver: (lockId: string) => Promise<void>;
  /** What the phone carries for its Bluetooth doors, and which receipts wait for a connection. */
  courier: Pick<Courier, 'carries' | 'awaitsUpload'>;
  /** Replace one card with a fresher copy (e.g. from a 202 response). */
  applyCard: (card: Card) => void;
  /** Ends the session on 401; returns true when it did. */
  sessionEndedBy: (error: unknown) => boolean;
}

export const ResidentContext = createContext<ResidentContextValue | null>(null);

export function useResident(): ResidentContextValue {
  const value = useContext(ResidentContext);
  if (!value) throw new Error('useResident outside ResidentApp');
  return value;
}
