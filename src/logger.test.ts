import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function captured() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { sink, lines };
}

describe('createLogger', () => {
  it('writes JSON lines to a given destination and redacts secrets by path', () => {
    const { sink, lines } = captured();
    createLogger('info', sink).info({ user: { password: 'hunter22', name: 'Alex' } }, 'signed in');
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ msg: 'signed in', user: { password: '[redacted]', name: 'Alex' } });
  });
});
