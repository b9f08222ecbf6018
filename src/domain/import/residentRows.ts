/**
 * A resident import file, read and normalised (no database): the header mapped to Keyway's columns whatever
 * spelling the property-management system used, each record turned into a clean row, and every problem
 * reported by the line it is on. What the rows mean against the community is the import service's job.
 */
import { KeywayError } from '../errors.ts';
import { type CsvRecord, parseCsv } from './csv.ts';
import { cleanText, parseDate, parseEmail, parsePhone } from './fields.ts';

export type ImportColumn =
  | 'unit'
  | 'first_name'
  | 'last_name'
  | 'name'
  | 'email'
  | 'phone'
  | 'lease_start'
  | 'lease_end';

/** Stable codes of a line's problems (clients and tests rely on them; messages are for people). */
export type ImportErrorCode =
  | 'missing_column'
  | 'malformed_csv'
  | 'too_many_fields'
  | 'missing_value'
  | 'invalid_date'
  | 'invalid_email'
  | 'invalid_phone'
  | 'lease_end_before_start'
  | 'duplicate_email'
  | 'email_in_use'
  | 'lease_ended';

export interface ImportLineError {
  line: number;
  code: ImportErrorCode;
  message: string;
}

export interface ImportRow {
  line: number;
  unit: string;
  name: string;
  email: string;
  phone: string | null;
  /** YYYY-MM-DD in the community's time zone. */
  leaseStart: string;
  leaseEnd: string | null;
}

/** Header spellings, compared without case, spaces, underscores or punctuation. */
const ALIASES: Record<ImportColumn, string[]> = {
  unit: ['unit', 'unitnumber', 'unitno', 'unitname', 'apartment', 'apt', 'aptnumber', 'apartmentnumber', 'suite'],
  first_name: ['firstname', 'residentfirstname', 'tenantfirstname', 'givenname', 'first'],
  last_name: ['lastname', 'residentlastname', 'tenantlastname', 'surname', 'familyname', 'last'],
  name: ['name', 'residentname', 'tenantname', 'fullname', 'resident', 'tenant'],
  email: ['email', 'emailaddress', 'residentemail', 'tenantemail', 'mail', 'emailaddr'],
  phone: [
    'phone',
    'phonenumber',
    'mobile',
    'mobilephone',
    'mobilenumber',
    'cell',
    'cellphone',
    'residentphone',
    'tenantphone',
    'telephone',
  ],
  lease_start: ['leasestart', 'leasestartdate', 'leasefrom', 'movein', 'moveindate', 'startdate', 'leasebegin'],
  lease_end: [
    'leaseend',
    'leaseenddate',
    'leaseto',
    'moveout',
    'moveoutdate',
    'enddate',
    'leaseexpiration',
    'leaseexpirationdate',
  ],
};

const BY_KEY = new Map<string, ImportColumn>(
  (Object.entries(ALIASES) as [ImportColumn, string[]][]).flatMap(([column, keys]) => keys.map((k) => [k, column])),
);

export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Which column of the file feeds which field; the first column of a kind wins, unknown ones are ignored. */
export function mapHeader(headers: readonly string[]): Partial<Record<ImportColumn, number>> {
  const map: Partial<Record<ImportColumn, number>> = {};
  headers.forEach((header, index) => {
    const column = BY_KEY.get(headerKey(header));
    if (column && map[column] === undefined) map[column] = index;
  });
  return map;
}

export interface ParsedImport {
  rows: ImportRow[];
  errors: ImportLineError[];
}

/**
 * Reads the file. An empty file, or a first line with no column Keyway knows, is not a resident import at all
 * (`invalid_request`); everything else is reported per line so the manager can fix the file in one pass.
 */
export function parseResidentCsv(text: string): ParsedImport {
  const csv = parseCsv(text);
  const records = csv.records;
  const header = records[0];
  if (!header) {
    if (!csv.ok) throw new KeywayError('invalid_request', `This file cannot be read as CSV: ${csv.message}`);
    throw new KeywayError('invalid_request', 'The file is empty; it needs a header line and one line per resident.');
  }
  const columns = mapHeader(header.fields);
  if (Object.keys(columns).length === 0) {
    throw new KeywayError(
      'invalid_request',
      'The first line names no column Keyway knows; it needs unit, first_name, last_name, email, phone, lease_start, lease_end.',
    );
  }
  const errors: ImportLineError[] = [];
  const missing: string[] = [];
  if (columns.unit === undefined) missing.push('unit');
  if (columns.email === undefined) missing.push('email');
  if (columns.lease_start === undefined) missing.push('lease_start');
  if (columns.first_name === undefined && columns.name === undefined) missing.push('first_name');
  if (missing.length > 0) {
    errors.push({
      line: header.line,
      code: 'missing_column',
      message: `The header has no ${missing.join(', ')} column.`,
    });
    return { rows: [], errors };
  }
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records.slice(1)) {
    const read = readRow(record, header.fields.length, columns);
    if (read === null) continue;
    if ('errors' in read) {
      errors.push(...read.errors);
      continue;
    }
    const first = seen.get(read.email);
    if (first !== undefined) {
      errors.push({
        line: record.line,
        code: 'duplicate_email',
        message: `${read.email} is already on line ${first}; one line per resident.`,
      });
      continue;
    }
    seen.set(read.email, record.line);
    rows.push(read);
  }
  if (!csv.ok) errors.push({ line: csv.line, code: 'malformed_csv', message: csv.message });
  return { rows, errors };
}

function readRow(
  record: CsvRecord,
  width: number,
  columns: Partial<Record<ImportColumn, number>>,
): ImportRow | { errors: ImportLineError[] } | null {
  const { line, fields } = record;
  if (fields.every((f) => f.trim() === '')) return null;
  const errors: ImportLineError[] = [];
  const fail = (code: ImportErrorCode, message: string) => errors.push({ line, code, message });
  if (fields.length > width && fields.slice(width).some((f) => f.trim() !== '')) {
    fail('too_many_fields', `This line has ${fields.length} fields but the header has ${width}.`);
    return { errors };
  }
  const cell = (column: ImportColumn) => {
    const index = columns[column];
    return index === undefined ? '' : (fields[index] ?? '');
  };

  const unit = cleanText(cell('unit'));
  if (unit === '') fail('missing_value', 'The unit is empty.');
  const name =
    columns.first_name !== undefined
      ? cleanText(`${cell('first_name')} ${cell('last_name')}`)
      : cleanText(cell('name'));
  if (name === '') fail('missing_value', 'The name is empty.');

  let email = '';
  if (cell('email').trim() === '') fail('missing_value', 'The email is empty.');
  else {
    const parsed = parseEmail(cell('email'));
    if (parsed.ok) email = parsed.value;
    else fail('invalid_email', parsed.message);
  }

  const phone = parsePhone(cell('phone'));
  if (!phone.ok) fail('invalid_phone', phone.message);

  let leaseStart = '';
  if (cell('lease_start').trim() === '') fail('missing_value', 'The lease start is empty.');
  else {
    const parsed = parseDate(cell('lease_start'));
    if (parsed.ok) leaseStart = parsed.value;
    else fail('invalid_date', `Lease start: ${parsed.message}`);
  }
  let leaseEnd: string | null = null;
  if (cell('lease_end').trim() !== '') {
    const parsed = parseDate(cell('lease_end'));
    if (parsed.ok) leaseEnd = parsed.value;
    else fail('invalid_date', `Lease end: ${parsed.message}`);
  }
  if (leaseStart && leaseEnd && leaseEnd < leaseStart) {
    fail('lease_end_before_start', `The lease ends (${leaseEnd}) before it starts (${leaseStart}).`);
  }
  if (errors.length > 0) return { errors };
  return { line, unit, name, email, phone: phone.ok ? phone.value : null, leaseStart, leaseEnd };
}
