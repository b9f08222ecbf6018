import { z } from 'zod';
import type { ResidentView } from '../../services/listResidents.ts';

export const residentSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    email: z.string(),
    unit: z.string(),
    status: z.enum(['current', 'future', 'past']),
    moveIn: z.string().describe('YYYY-MM-DD in the community time zone'),
    moveOut: z.string().nullable().describe('YYYY-MM-DD; the resident keeps access through this day'),
  })
  .meta({ id: 'Resident' });

export function presentResident(r: ResidentView): z.infer<typeof residentSchema> {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    unit: r.unit,
    status: r.status,
    moveIn: r.moveIn,
    moveOut: r.moveOut,
  };
}
