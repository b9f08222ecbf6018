/**
 * An RFC 4180 CSV reader: comma-separated fields, quoted fields that may hold commas, line breaks and doubled
 * quotes, CRLF or LF line ends, an optional UTF-8 byte-order mark, blank lines skipped. Each record keeps the
 * line it starts on (1-based), so errors can point at the line a person sees in their spreadsheet or editor.
 */

export interface CsvRecord {
  /** The line the record starts on (the header is line 1 when the file starts with it). */
  line: number;
  fields: string[];
}

export type CsvResult =
  | { ok: true; records: CsvRecord[] }
  | { ok: false; line: number; message: string; records: CsvRecord[] };

export function parseCsv(input: string): CsvResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text[i] === '"') {
        // Quoted field: runs to the closing quote; "" is one quote.
        i++;
        for (;;) {
          if (i >= n) return { ok: false, line: startLine, message: 'A quoted field is never closed.', records };
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        // After the closing quote only a separator or a line end may follow.
        const next = text[i];
        if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
          return { ok: false, line, message: 'Text follows a closing quote; quote the whole field.', records };
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') {
            return {
              ok: false,
              line,
              message: 'A quote appears inside an unquoted field; quote the whole field.',
              records,
            };
          }
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      field = '';
      if (i >= n) {
        endOfRecord = true;
      } else if (text[i] === ',') {
        i++;
        if (i >= n) fields.push('');
        if (i >= n) endOfRecord = true;
      } else {
        // \r\n, \n or a lone \r ends the record.
        if (text[i] === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        endOfRecord = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ line: startLine, fields });
  }
  return { ok: true, records };
}
