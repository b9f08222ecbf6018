import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectKeywayError } from '../../../test/support/expectKeywayError.ts';
import { headerKey, mapHeader, parseResidentCsv } from './residentRows.ts';

const HEADER = 'unit,first_name,last_name,email,phone,lease_start,lease_end';

describe('header', () => {
  it.each([
    ['Unit', 'unit'],
    ['Unit Number', 'unit'],
    ['unit_number', 'unit'],
    ['Resident First Name', 'first_name'],
    ['First Name', 'first_name'],
    ['FIRST_NAME', 'first_name'],
    ['Resident Last Name', 'last_name'],
    ['Last Name', 'last_name'],
    ['Email Address', 'email'],
    ['E-mail', 'email'],
    ['Phone Number', 'phone'],
    ['Lease Start', 'lease_start'],
    ['Lease Start Date', 'lease_start'],
    ['Move In', 'lease_start'],
    ['Move-In Date', 'lease_start'],
    ['Lease End', 'lease_end'],
    ['Lease End Date', 'lease_end'],
    ['Move Out', 'lease_end'],
    ['  move_out_date ', 'lease_end'],
    ['Resident Name', 'name'],
  ])('%j is %s', (header, column) => {
    expect(Object.keys(mapHeader([header]))).toEqual([column]);
  });

  it('ignores columns it does not know; the first of two spellings wins', () => {
    expect(mapHeader(['Property', 'Unit', 'Status', 'Lease End', 'Move Out'])).toEqual({ unit: 1, lease_end: 3 });
    expect(headerKey('Move-In Date')).toBe('moveindate');
  });
});

describe('parseResidentCsv', () => {
  it('reads the rent-roll sample: spellings, mixed dates, phones, an upper-case email, a quoted name', () => {
    const text = readFileSync(new URL('../../../test/fixtures/rent-roll-sample.csv', import.meta.url), 'utf8');
    const { rows, errors } = parseResidentCsv(text);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        unit: '2B',
        name: 'Sam Stone',
        email: 'sam.stone@example.test',
        phone: '+13035550100',
        leaseStart: '2026-01-01',
        leaseEnd: '2026-12-31',
      },
      {
        line: 3,
        unit: '2C',
        name: 'Ana Ortiz',
        email: 'ana.ortiz@example.test',
        phone: '+13035550101',
        leaseStart: '2026-02-15',
        leaseEnd: '2027-02-14',
      },
      {
        line: 4,
        unit: '3A',
        name: 'Lee Park',
        email: 'lee.park@example.test',
        phone: '+13035550102',
        leaseStart: '2026-12-01',
        leaseEnd: '2027-11-30',
      },
      {
        line: 5,
        unit: '3B',
        name: 'Kim Nguyen',
        email: 'kim.nguyen@example.test',
        phone: null,
        leaseStart: '2025-06-01',
        leaseEnd: '2026-05-31',
      },
      {
        line: 6,
        unit: '4A',
        name: "O'Brien, Jr. Pat",
        email: 'pat.obrien@example.test',
        phone: '+13035550104',
        leaseStart: '2026-03-01',
        leaseEnd: '2027-02-28',
      },
    ]);
  });

  it('reports each bad line by number and code, and keeps the good ones', () => {
    const text = [
      HEADER,
      '101,Ann,Lee,ann@example.test,,2026-01-01,',
      '102,Bo,Ray,not-an-email,,2026-01-01,',
      '"103",Cy,Day,cy@example.test,,02/30/2026,',
      '104,Di,Fox,di@example.test,,2026-05-01,2026-04-01',
      '105,Ed,Gu,ANN@example.test,,2026-01-01,',
      '106,,,fay@example.test,,2026-01-01,',
      '107,Gil,Ho,gil@example.test,12,2026-01-01,',
      '108,Hal,Ivy,hal@example.test,,2026-01-01,,surplus',
      '',
    ].join('\r\n');
    const { rows, errors } = parseResidentCsv(text);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'invalid_email'],
      [4, 'invalid_date'],
      [5, 'lease_end_before_start'],
      [6, 'duplicate_email'],
      [7, 'missing_value'],
      [8, 'invalid_phone'],
      [9, 'too_many_fields'],
    ]);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(5);
  });

  it('a header without a required column is an error on line 1', () => {
    const { rows, errors } = parseResidentCsv('Unit,First Name,Last Name,Lease Start\n101,A,B,2026-01-01\n');
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ line: 1, code: 'missing_column', message: expect.stringContaining('email') }]);
  });

  it('accepts one name column instead of first and last, and no lease end or phone column', () => {
    const { rows, errors } = parseResidentCsv('Apt,Resident Name,E-mail,Move In\n7,  Jo   Ng ,JO@x.test,3/4/2026\n');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, unit: '7', name: 'Jo Ng', email: 'jo@x.test', phone: null, leaseStart: '2026-03-04', leaseEnd: null },
    ]);
  });

  it('a malformed line after good ones is reported where it starts', () => {
    const { rows, errors } = parseResidentCsv(
      `${HEADER}\n101,A,B,a@x.test,,2026-01-01,\n102,"C,D,c@x.test,,2026-01-01,\n`,
    );
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(errors.map((e) => [e.line, e.code])).toEqual([[3, 'malformed_csv']]);
  });

  it.each([
    ['empty', ''],
    ['only blank lines', '\n\r\n'],
    ['not CSV at all', '{"residents": []}'],
    ['a header Keyway does not know', 'foo,bar\n1,2\n'],
  ])('%s → invalid_request', (_name, text) => {
    expectKeywayError(() => parseResidentCsv(text), 'invalid_request');
  });
});
