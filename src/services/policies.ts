/**
 * Who may do what, in one place. Integrators' API keys act for the community's management;
 * residents act only on their own things (checked by the services that load those things).
 */
import { KeywayError } from '../domain/errors.ts';
import type { Principal } from './principal.ts';

export type Action =
  | 'community.read_settings'
  | 'community.update_settings'
  | 'residents.list'
  | 'residents.manage'
  | 'api_keys.manage'
  | 'me.access'
  | 'property.manage'
  | 'alerts.manage';

const isManagement = (p: Principal) => p.kind === 'api_key' || p.role === 'manager';

const rules: Record<Action, (p: Principal) => boolean> = {
  'community.read_settings': () => true,
  'community.update_settings': isManagement,
  'residents.list': (p) => isManagement(p) || (p.kind === 'person' && p.role === 'staff'),
  'residents.manage': isManagement,
  'api_keys.manage': (p) => p.kind === 'person' && p.role === 'manager',
  'me.access': (p) => p.kind === 'person',
  'property.manage': isManagement,
  // Alerts are for a person to look at and dismiss: managers, not API keys.
  'alerts.manage': (p) => p.kind === 'person' && p.role === 'manager',
};

export function can(principal: Principal, action: Action): boolean {
  return rules[action](principal);
}

export function authorize(principal: Principal, action: Action): void {
  if (!can(principal, action)) throw new KeywayError('forbidden', 'You are not allowed to do that.', { action });
}

/** Narrows to a person (resident features need one; an API key has no "me"). */
export function requirePerson(principal: Principal): Extract<Principal, { kind: 'person' }> {
  if (principal.kind !== 'person') throw new KeywayError('forbidden', 'This needs a signed-in person, not an API key.');
  return principal;
}
