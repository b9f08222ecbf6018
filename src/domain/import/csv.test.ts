import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

const ok = (text: string) => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(result.message);
  return result.records.map((r) => [r.line, ...r.fields]);
};

describe('parseCsv (RFC 4180)', () => {
  it.each([
    [
      'plain LF',
      'a,b\n1,2\n',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    [
      'CRLF',
      'a,b\r\n1,2\r\n',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    [
      'lone CR',
      'a,b\r1,2',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    [
      'no final line end',
      'a,b\n1,2',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    [
      'a byte-order mark',
      '\uFEFFa,b\n1,2',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    [
      'quoted comma',
      'a\n"x, y"',
      [
        [1, 'a'],
        [2, 'x, y'],
      ],
    ],
    [
      'doubled quotes',
      'a\n"say ""hi"""',
      [
        [1, 'a'],
        [2, 'say "hi"'],
      ],
    ],
    [
      'quoted line break keeps later line numbers right',
      'a,b\n"x\ny",1\nz,2',
      [
        [1, 'a', 'b'],
        [2, 'x\ny', '1'],
        [4, 'z', '2'],
      ],
    ],
    [
      'empty fields',
      'a,b,c\n,,\n1,,3',
      [
        [1, 'a', 'b', 'c'],
        [2, '', '', ''],
        [3, '1', '', '3'],
      ],
    ],
    [
      'trailing comma',
      'a,b\n1,',
      [
        [1, 'a', 'b'],
        [2, '1', ''],
      ],
    ],
    [
      'blank lines skipped, numbers kept',
      'a\n\n1\n\r\n\n',
      [
        [1, 'a'],
        [3, '1'],
      ],
    ],
    [
      'empty quoted field',
      'a,b\n"",2',
      [
        [1, 'a', 'b'],
        [2, '', '2'],
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(ok(text)).toEqual(expected);
  });

  it.each([
    ['an unclosed quote', 'a\n"open\nmore', 2],
    ['text after a closing quote', 'a\n"x"y', 2],
    ['a quote inside an unquoted field', 'a\nx"y', 2],
  ])('refuses %s with its line', (_name, text, line) => {
    const result = parseCsv(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.line).toBe(line);
  });

  it('the empty file has no records', () => {
    expect(ok('')).toEqual([]);
    expect(ok('\n\n')).toEqual([]);
  });
});

describe('parseCsv round trip (property, seeded)', () => {
  /** A small deterministic generator (mulberry32), so a failure reproduces. */
  function random(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const ALPHABET = ['a', 'B', '7', ' ', ',', '"', '\n', '\r\n', 'é', "'", '-'];
  const encode = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

  it('any table written the RFC 4180 way reads back the same, with each record on its first line', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const width = 1 + Math.floor(next() * 5);
      const table = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        Array.from({ length: width }, () =>
          Array.from({ length: Math.floor(next() * 6) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join(''),
        ),
      ).filter((record) => !(record.length === 1 && record[0] === ''));
      const eol = next() < 0.5 ? '\n' : '\r\n';
      const text = table.map((record) => record.map(encode).join(',')).join(eol) + (next() < 0.5 ? eol : '');
      const result = parseCsv(text);
      expect(result.ok, `seed ${seed}`).toBe(true);
      expect(
        result.records.map((r) => r.fields),
        `seed ${seed}`,
      ).toEqual(table);
      let line = 1;
      table.forEach((record, i) => {
        expect(result.records[i]?.line, `seed ${seed}`).toBe(line);
        line += 1 + record.join(',').split(/\r\n|\n/).length - 1;
      });
    }
  });
});
