/** Wire shapes of the resident import (POST /imports/residents). */
import { z } from 'zod';

export const importQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .describe('true (the default): answer with the plan and write nothing; false: apply every line, or nothing'),
  invite: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      'true: email each created resident an invitation to choose their password (72 h link); false (the default): no mail, no password',
    ),
});

export const importCsvBody = z
  .string()
  .describe(
    'CSV (RFC 4180, UTF-8) with a header line. Columns: unit, first_name, last_name (or name), email, phone, lease_start, lease_end; common rent-roll spellings ("Unit Number", "Resident First Name", "Email Address", "Move-In Date", "Lease End Date", …) are accepted, other columns ignored. Dates YYYY-MM-DD or MM/DD/YYYY.',
  );

export const importSummarySchema = z.object({
  create: z.number().int(),
  update: z.number().int(),
  moveOut: z.number().int(),
  unchanged: z.number().int(),
  unitsCreated: z.number().int().describe('Units named in the file that the community did not have'),
});

export const importRowSchema = z.object({
  line: z.number().int(),
  action: z.enum(['create', 'update', 'move_out', 'unchanged']),
  name: z.string(),
  email: z.string(),
  unit: z.string(),
  leaseStart: z.string(),
  leaseEnd: z.string().nullable(),
  changes: z.array(z.enum(['name', 'phone', 'unit', 'lease_start', 'lease_end', 'new_lease'])),
});

export const importLineErrorSchema = z.object({
  line: z.number().int().describe('The CSV line the record starts on; the header is line 1'),
  code: z
    .string()
    .describe(
      'missing_column, malformed_csv, too_many_fields, missing_value, invalid_date, invalid_email, invalid_phone, lease_end_before_start, duplicate_email, email_in_use, lease_ended',
    ),
  message: z.string(),
});

export const importResponse = z.object({
  summary: importSummarySchema,
  rows: z.array(importRowSchema),
  errors: z.array(importLineErrorSchema),
  applied: z.boolean().describe('True when the changes were written (dryRun=false and no line had an error)'),
});
