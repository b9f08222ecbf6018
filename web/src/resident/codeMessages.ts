/**
 * Plain words for PIN rule breaks and code-change refusals. The same rules as the server
 * (src/domain/pin/customPinPolicy.ts) run here first so people see a problem as they type;
 * the server stays the authority and its error codes map to the same sentences.
 */

import { isKeywayError } from '../../../src/domain/errors.ts';
import { checkCustomPin } from '../../../src/domain/pin/customPinPolicy.ts';
import { ApiError } from '../api.ts';

export function pinRuleMessage(code: string, length: number): string | null {
  switch (code) {
    case 'pin_not_digits':
      return 'Use only the digits 0 to 9';
    case 'pin_length_not_allowed':
      return `Use exactly ${length} digits`;
    case 'pin_repeated_digit':
      return "Codes can't repeat one number like 1111";
    case 'pin_sequential':
      return "Codes can't be a sequence like 1234 or 4321";
    case 'pin_common':
      return 'That code is one of the most common codes and easy to guess. Please choose another.';
    default:
      return null;
  }
}

/**
 * The problem with what has been typed so far, or null. While the code is still too short only wrong
 * characters are reported; `complete` (the person pressed Update) reports a wrong length too.
 */
export function pinProblem(value: string, length: 4 | 6, blockCommonPins: boolean, complete: boolean): string | null {
  if (value.length === 0) return complete ? `Use exactly ${length} digits` : null;
  if (!/^[0-9]*$/.test(value)) return pinRuleMessage('pin_not_digits', length);
  if (value.length < length && !complete) return null;
  try {
    checkCustomPin(value, { lengths: [length], blockCommonPins });
    return null;
  } catch (error) {
    if (isKeywayError(error)) return pinRuleMessage(error.code, length) ?? error.message;
    throw error;
  }
}

export function retryAfterSeconds(error: ApiError): number {
  const seconds = error.details?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : 60;
}

/** A refused generate or pick in plain words. */
export function codeChangeError(error: unknown, length: number): string {
  if (!(error instanceof ApiError)) return 'Could not reach Keyway. Check your connection and try again.';
  const rule = pinRuleMessage(error.code, length);
  if (rule) return rule;
  switch (error.code) {
    case 'code_conflict':
      return "That code can't be used on your doors. Please choose another.";
    case 'custom_codes_disabled':
      return 'Your community has turned off picking your own code. You can still generate a new one.';
    case 'custom_code_not_allowed_here':
      return 'You can pick your own code only for your home doors. Community doors always get a generated code.';
    case 'rate_limited':
      return `Too many tries. Please wait ${retryAfterSeconds(error)} seconds and try again.`;
    case 'code_space_exhausted':
      return 'No free code is left on these doors. Please ask your manager.';
    default:
      return error.message;
  }
}
