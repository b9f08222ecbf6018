/**
 * What one import row means for the person it names (pure): create them, update their lease or details, move
 * them out, or leave them as they are. Dates are calendar days in the community's time zone.
 */
import { Temporal } from 'temporal-polyfill';
import type { ImportLineError, ImportRow } from './residentRows.ts';

export interface ExistingResident {
  personId: string;
  name: string;
  phone: string | null;
  /** The person's latest lease in the community, if any. */
  residency: {
    id: string;
    unit: string;
    moveIn: string;
    moveOut: string | null;
    /** Where the lease stands (its dates, the time zone and the move-out time decide; the lease sweep keeps it). */
    accessState: 'upcoming' | 'current' | 'ended';
  } | null;
}

/** Whoever the email belongs to, as far as the import may know. */
export type EmailOwner =
  | { kind: 'nobody' }
  | { kind: 'resident'; resident: ExistingResident }
  /** Someone of another community, or a manager, staff member or operator. */
  | { kind: 'other' };

/** `new_lease`: the resident's last lease is over and the file gives them a new one (a returning resident). */
export type RowChange = 'name' | 'phone' | 'unit' | 'lease_start' | 'lease_end' | 'new_lease';

export type RowPlan =
  | { action: 'create'; row: ImportRow }
  | { action: 'update'; row: ImportRow; resident: ExistingResident; changes: RowChange[] }
  | { action: 'move_out'; row: ImportRow & { leaseEnd: string }; resident: ExistingResident; changes: RowChange[] }
  | { action: 'unchanged'; row: ImportRow; resident: ExistingResident };

export function planRow(row: ImportRow, owner: EmailOwner, today: string): RowPlan | ImportLineError {
  if (owner.kind === 'other') {
    return {
      line: row.line,
      code: 'email_in_use',
      message: `${row.email} belongs to an account that is not a resident of this community.`,
    };
  }
  const ended = row.leaseEnd !== null && row.leaseEnd < today;
  if (owner.kind === 'nobody') {
    if (ended) {
      return {
        line: row.line,
        code: 'lease_ended',
        message: `This lease ended on ${row.leaseEnd} and ${row.email} is not a resident here: there is nobody to move in or out. Remove the line or correct the dates.`,
      };
    }
    return { action: 'create', row };
  }
  const resident = owner.resident;
  const lease = resident.residency;
  const changes: RowChange[] = [];
  if (row.name !== resident.name) changes.push('name');
  if (row.phone !== null && row.phone !== resident.phone) changes.push('phone');
  if (lease?.accessState === 'ended') {
    // An ended lease is history: it is not rewritten. A lease in the file that starts after it is a new one.
    const returning = !ended && (lease.moveOut === null || row.leaseStart > lease.moveOut);
    if (returning) changes.push(lease.unit === row.unit ? 'new_lease' : 'unit');
  } else if (!lease || lease.unit !== row.unit) {
    changes.push('unit');
  } else {
    if (lease.moveIn !== row.leaseStart) changes.push('lease_start');
    if (lease.moveOut !== row.leaseEnd) changes.push('lease_end');
    if (ended && row.leaseEnd !== null) {
      return { action: 'move_out', row: { ...row, leaseEnd: row.leaseEnd }, resident, changes };
    }
  }
  if (changes.includes('unit') && ended) {
    return {
      line: row.line,
      code: 'lease_ended',
      message: `This lease in unit ${row.unit} ended on ${row.leaseEnd}; ${row.email} lives elsewhere here. Remove the line or correct the dates.`,
    };
  }
  if (changes.length === 0) return { action: 'unchanged', row, resident };
  return { action: 'update', row, resident, changes };
}

/** The last day in the old unit when a lease in another unit starts on `newStart` (never before the old start). */
export function lastDayBefore(oldMoveIn: string, oldMoveOut: string | null, newStart: string): string {
  const dayBefore = Temporal.PlainDate.from(newStart).subtract({ days: 1 }).toString();
  const end = oldMoveOut !== null && oldMoveOut < dayBefore ? oldMoveOut : dayBefore;
  return end < oldMoveIn ? oldMoveIn : end;
}
