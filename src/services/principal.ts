import { KeywayError } from '../domain/errors.ts';

/** Who is calling, as established by authentication. Every community service call is scoped by `communityId`. */
export type Principal =
  | { kind: 'person'; personId: string; communityId: string; role: 'manager' | 'resident' | 'staff'; name: string }
  | { kind: 'api_key'; apiKeyId: string; communityId: string; name: string };

/**
 * An operator runs the installation (creates communities and their first managers) and belongs to no
 * community, so it is a caller of its own kind: community services, which take a `Principal`, cannot be
 * handed one by mistake.
 */
export interface OperatorPrincipal {
  kind: 'operator';
  personId: string;
  name: string;
}

export type Caller = Principal | OperatorPrincipal;

export function actorOf(principal: Caller): { type: 'person' | 'api_key'; id: string } {
  return principal.kind === 'api_key'
    ? { type: 'api_key', id: principal.apiKeyId }
    : { type: 'person', id: principal.personId };
}

/** A community person as a caller (tests, benches and services that act for someone they looked up). */
export function personPrincipal(person: {
  id: string;
  communityId: string | null;
  role: 'operator' | 'manager' | 'resident' | 'staff';
  name: string;
}): Extract<Principal, { kind: 'person' }> {
  if (person.role === 'operator' || person.communityId === null)
    throw new KeywayError('forbidden', 'An operator account belongs to no community.');
  return { kind: 'person', personId: person.id, communityId: person.communityId, role: person.role, name: person.name };
}
