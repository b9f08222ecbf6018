/**
 * What the Seam-compatible API tells integrators about the codes a device accepts (`properties.
 * supported_code_lengths` and `properties.code_constraints`), derived from Keyway's own rules so a client that
 * follows them is never refused. Pure.
 *
 * Keyway's rules and their Seam names:
 * - one digit repeated (1111) is refused → `no_all_same_digits`;
 * - a run up or down (1234, 9876) is refused → `no_ascending_or_descending_sequence`;
 * - on a community door or an amenity nobody chooses the digits (Keyway generates them) →
 *   `cannot_specify_pin_code`.
 * Rules Seam has no constraint type for are listed separately (the device's `keyway.code_rules`), never forced
 * into a Seam type that means something else:
 * - `no_prefix_of_another_code`: when 4- and 6-digit codes share a lock, neither may start another (keypads
 *   without an Enter key open on the shorter one). Seam's `unique_first_four_digits` would claim more than
 *   Keyway enforces (two 6-digit codes may share their first four digits), so it is not used;
 * - `no_common_pins`: the community blocks the most common PINs (1990, 2580, …).
 */
import { type CommunitySettings, communityPinLengths } from '../communitySettings.ts';

/** Seam's constraint types (the `constraint_type` enum of a device's `code_constraints`) that Keyway applies. */
export type SeamConstraintType =
  | 'no_all_same_digits'
  | 'no_ascending_or_descending_sequence'
  | 'cannot_specify_pin_code';

/** Keyway rules with no Seam constraint type. */
export type KeywayCodeRule = 'no_prefix_of_another_code' | 'no_common_pins';

export interface CodeRuleFacts {
  doorKind: 'unit_door' | 'community_door' | 'amenity';
  /** The lengths the lock's keypad takes. */
  lockCodeLengths: readonly number[];
  /** The community's settings (which lengths it allows, whether common PINs are blocked). */
  settings: CommunitySettings;
}

export interface DeviceCodeRules {
  /** The lock's lengths narrowed to the community's (4, plus 6 when enabled), ascending. */
  supportedCodeLengths: number[];
  seam: SeamConstraintType[];
  keyway: KeywayCodeRule[];
}

export function supportedCodeLengths(lockCodeLengths: readonly number[], settings: CommunitySettings): number[] {
  const allowed = new Set<number>(communityPinLengths(settings));
  return [...new Set(lockCodeLengths)].filter((n) => allowed.has(n)).sort((a, b) => a - b);
}

export function deviceCodeRules(facts: CodeRuleFacts): DeviceCodeRules {
  const lengths = supportedCodeLengths(facts.lockCodeLengths, facts.settings);
  const seam: SeamConstraintType[] = ['no_all_same_digits', 'no_ascending_or_descending_sequence'];
  // Shared doors take only generated codes: a chosen code there would be one a neighbour could guess.
  if (facts.doorKind !== 'unit_door') seam.push('cannot_specify_pin_code');
  const keyway: KeywayCodeRule[] = [];
  // With a single length, "no prefix" is plain uniqueness, which every lock (and Seam) already implies.
  if (lengths.length > 1) keyway.push('no_prefix_of_another_code');
  if (facts.settings.blockCommonPins) keyway.push('no_common_pins');
  return { supportedCodeLengths: lengths, seam, keyway };
}
