/** An alert as the API shows it: these fields only. */
import type { z } from 'zod';
import type { AlertView } from '../../services/alerts.ts';
import type { alertSchema } from '../wire/alerts.ts';

export const presentAlert = (a: AlertView): z.infer<typeof alertSchema> => ({
  id: a.id,
  type: a.type as 'lock.keypad_brute_force',
  at: a.at.toISOString(),
  text: a.text,
  doorName: a.doorName,
  lockId: a.lockId,
  wrongCodes: a.wrongCodes,
  windowMinutes: a.windowMinutes,
  lockoutMinutes: a.lockoutMinutes,
});
