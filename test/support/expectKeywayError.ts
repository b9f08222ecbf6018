/**
 * The one assertion for refusals (after zwave-js `assertZWaveError`): the action must fail with a
 * `KeywayError` carrying `code`; the error comes back for further checks (details, message shape).
 * Tests assert the code, never the message text (DESIGN.md §5).
 *
 * Give it a promise or an async function and it returns a promise; give it a synchronous function and it
 * answers at once (no await needed, cheap enough for exhaustive loops over every PIN). `context` (a PIN, a
 * table row) starts the failure message.
 */
import { expect } from 'vitest';
import { isKeywayError, type KeywayError, type KeywayErrorCode } from '../../src/domain/errors.ts';

export function expectKeywayError(
  action: Promise<unknown> | (() => Promise<unknown>),
  code: KeywayErrorCode,
  context?: string,
): Promise<KeywayError>;
export function expectKeywayError(action: () => unknown, code: KeywayErrorCode, context?: string): KeywayError;
export function expectKeywayError(
  action: Promise<unknown> | (() => unknown),
  code: KeywayErrorCode,
  context?: string,
): KeywayError | Promise<KeywayError> {
  const expected = `${context ? `${context}: ` : ''}expected a KeywayError '${code}'`;
  if (typeof action !== 'function') return settled(action, code, expected);
  let result: unknown;
  try {
    result = action();
  } catch (error) {
    return checked(error, code, expected);
  }
  if (isPromiseLike(result)) return settled(result, code, expected);
  return expect.fail(`${expected}, but it returned ${show(result)}`);
}

async function settled(promise: PromiseLike<unknown>, code: KeywayErrorCode, expected: string): Promise<KeywayError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    return checked(error, code, expected);
  }
  return expect.fail(`${expected}, but it resolved to ${show(result)}`);
}

/** Plain comparisons first: `expect` only runs (for its diff) when something is wrong. */
function checked(error: unknown, code: KeywayErrorCode, expected: string): KeywayError {
  if (!isKeywayError(error)) return expect.fail(`${expected}, but it threw ${show(error)}`);
  if (error.code !== code) expect(error.code, `${expected} (message: ${error.message})`).toBe(code);
  return error;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
