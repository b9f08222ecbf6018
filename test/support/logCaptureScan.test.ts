import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PinCipher } from '../../src/security/pinCipher.ts';
import { newToken } from '../../src/security/tokens.ts';
import { captureDir, captureLogger, flushCapture } from './logCapture.ts';
import { emptyKnown, type KnownSecrets, LogScanner, learn, scanCaptureDir, summaryOf } from './logCaptureScan.ts';

const SHARE_TOKEN = 'Qm9vbGVhbi1zaGFyZS10b2tlbi0xMjM0';
const API_KEY = 'kwk_Zm9vYmFyLWJhei1xdXV4LXNlY3JldC10b2tlbi0wMDAx';

function known(): KnownSecrets {
  const k = emptyKnown();
  learn(k, 'sealed', '4821');
  learn(k, 'sealed', '739104');
  learn(
    k,
    'sealed',
    JSON.stringify([
      { slot: 1, code: '5550' },
      { slot: 2, code: null },
    ]),
  );
  learn(k, 'secret', SHARE_TOKEN);
  learn(k, 'secret', API_KEY);
  return k;
}

const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: 1781535600000, ...fields });
const kinds = (text: string) => new LogScanner(known()).scanLine(text).map((f) => `${f.kind}@${f.field}`);

describe('the log scan', () => {
  it('learns PINs, inventories and secrets from what was sealed or issued', () => {
    const k = known();
    expect([...k.pins].sort()).toEqual(['4821', '5550', '739104']);
    expect(k.secrets).toContain(SHARE_TOKEN);
    expect(k.secrets).toContain(API_KEY);
  });

  it('finds a PIN as a string value, inside a message, in a key, and in a line that is not JSON', () => {
    expect(kinds(line({ msg: 'code set', pin: '4821' }))).toEqual(['pin@pin']);
    expect(kinds(line({ msg: 'slot 3 now holds 739104 on Main Gate' }))).toEqual(['pin@msg']);
    expect(kinds(line({ msg: 'x', slots: { '5550': 'busy' } }))).toEqual(['pin@slots.5550 (key)']);
    expect(kinds(line({ msg: 'x', body: { codes: ['1', 'pin=4821;'] } }))).toEqual(['pin@body.codes[1]']);
    expect(kinds('code 4821 was set')).toEqual(['pin@line']);
    expect(kinds(line({ msg: 'set code4821 on slot 2' }))).toEqual(['pin@msg']);
  });

  it('does not count a PIN inside a longer number, a number value, an id, a time or a stack frame', () => {
    expect(kinds(line({ msg: 'took 148210 ms', port: 4821 }))).toEqual([]);
    expect(kinds(line({ msg: 'seq 47391045 applied', reqId: 'req-17391040' }))).toEqual([]);
    expect(kinds(line({ msg: 'lock 0b6f4821-4821-4a1b-8c2d-4821aa55e0f1 confirmed' }))).toEqual([]);
    expect(kinds(line({ msg: 'window', from: '4821-06-15T15:00:00.000Z' }))).toEqual([]);
    expect(kinds(line({ err: { stack: 'Error: x\n    at run (/work/main/src/a.ts:4821:7)' } }))).toEqual([]);
    expect(kinds(line({ reqId: 'req-4821', req: { host: '127.0.0.1:4821' }, msg: 'x' }))).toEqual([]);
    expect(kinds(line({ msg: 'fp aZ9x4821Qv_0kLmN2pR7', sha: '9f4821ab0c4821de77e1a2b3c4d5e6f7' }))).toEqual([]);
    // A short random hex id (8 characters) is an id too, found in CI: `probe-0bd4408e` with a PIN 4408.
    expect(kinds(line({ clientId: 'probe-0b4821ee', user: 'hub-4821a0b1', msg: 'mqtt client error' }))).toEqual([]);
    // A malformed id from the bad-input corpus is an id as well, found in CI with a PIN 8000.
    expect(kinds(line({ req: { url: '/api/v1/messages/00000000-0000-4821-8000-00000000000g/retry' } }))).toEqual([]);
    expect(kinds(line({ msg: 'database keyway_test_4821_0a03b2c1 dropped' }))).toEqual([]);
    // Years and round numbers are numbers in logs (a mail's date, `limit=1000`), never counted as PINs.
    const round = new LogScanner({ pins: new Set(['2026', '1000', '4821']), secrets: new Set() });
    expect(round.scanLine(line({ url: '/seam/events/list?limit=1000', body: 'on November 28, 2026' }))).toEqual([]);
    expect(round.scanLine(line({ body: 'code 4821, November 28, 2026' })).map((f) => f.kind)).toEqual(['pin']);
    // …but a PIN glued to a word that is not hex still counts.
    expect(kinds(line({ msg: 'set code4821 on slot 2', clientId: 'probe-0b4821ee' }))).toEqual(['pin@msg']);
  });

  it('finds a secret anywhere, even inside a longer token or URL, and an unmasked share link', () => {
    expect(kinds(line({ msg: 'signed in', header: `Bearer ${API_KEY}` }))).toEqual(['secret@header']);
    expect(kinds(`plain text kwk_${API_KEY.slice(4)}xyz`)).toEqual(['secret@line']);
    expect(kinds(line({ req: { url: `/api/v1/x?t=${SHARE_TOKEN}` } }))).toEqual(['secret@req.url']);
    const link = `/g/0b6f1111-2222-4a1b-8c2d-333344445555.${SHARE_TOKEN}`;
    expect(kinds(line({ req: { url: link } })).sort()).toEqual(['secret@req.url', 'share_link@req.url']);
    // A link the scan never saw issued (another process's) is still caught by its shape.
    expect(kinds(line({ req: { url: '/g/0b6f1111-2222-4a1b-8c2d-333344445555.AAAAbbbbCCCCdddd' } }))).toEqual([
      'share_link@req.url',
    ]);
  });

  it('passes masked links, a secret cut short, and lines without secrets', () => {
    expect(kinds(line({ req: { url: '/g/0b6f1111-2222-4a1b-8c2d-333344445555.[redacted]' } }))).toEqual([]);
    expect(kinds(line({ msg: `prefix only ${SHARE_TOKEN.slice(0, 12)}` }))).toEqual([]);
    expect(kinds(line({ msg: 'request completed', res: { statusCode: 200 }, responseTime: 4.2 }))).toEqual([]);
  });

  it('reports file and line of each leak with the secret masked, and counts what it scanned', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyway-scan-'));
    try {
      await writeFile(
        join(dir, '1.secrets.ndjson'),
        `${JSON.stringify({ kind: 'sealed', value: '4821' })}\n${JSON.stringify({ kind: 'secret', value: SHARE_TOKEN })}\n`,
      );
      await writeFile(join(dir, '1.ndjson'), `${line({ msg: 'fine' })}\n${line({ msg: 'bad', pin: '4821' })}\n`);
      await writeFile(join(dir, '2.ndjson'), `${line({ msg: `t ${SHARE_TOKEN}` })}\n`);
      const report = await scanCaptureDir(dir);
      expect(report).toMatchObject({ files: 2, lines: 3, pins: 1, secrets: 1 });
      expect(report.leaks.map((l) => `${l.file.slice(dir.length + 1)}:${l.line}:${l.kind}`)).toEqual([
        '1.ndjson:2:pin',
        '2.ndjson:1:secret',
      ]);
      expect(JSON.stringify(report.leaks)).not.toContain('4821');
      expect(JSON.stringify(report.leaks)).not.toContain(SHARE_TOKEN);
      expect(summaryOf(report)).toBe(
        'log scan: 3 lines in 2 files scanned, 1 PINs known, 1 secrets known, 2 leaks found',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the capture of this run', () => {
  // If the global setup stopped handing the directory to workers, every run would scan nothing and pass.
  it('is on: loggers write to this process file, and sealed PINs and issued tokens are recorded', () => {
    const dir = captureDir();
    expect(dir).toBeTruthy();
    const marker = `capture check ${process.pid} ${Date.now()}`;
    captureLogger().info(marker);
    flushCapture();
    expect(readFileSync(join(dir as string, `${process.pid}.ndjson`), 'utf8')).toContain(marker);

    const pin = String(100_000 + Math.floor(Math.random() * 900_000));
    new PinCipher(Buffer.alloc(32, 7)).encrypt(pin, 'row');
    const token = newToken('kwt');
    const recorded = readFileSync(join(dir as string, `${process.pid}.secrets.ndjson`), 'utf8');
    expect(recorded).toContain(`"value":"${pin}"`);
    expect(recorded).toContain(token.slice('kwt_'.length));
  });
});
