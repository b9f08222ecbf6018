/** Who is calling, as established by authentication. Every service call is scoped by `communityId`. */
export type Principal =
  | { kind: 'person'; personId: string; communityId: string; role: 'manager' | 'resident' | 'staff'; name: string }
  | { kind: 'api_key'; apiKeyId: string; communityId: string; name: string };

export function actorOf(principal: Principal): { type: 'person' | 'api_key'; id: string } {
  return principal.kind === 'person'
    ? { type: 'person', id: principal.personId }
    : { type: 'api_key', id: principal.apiKeyId };
}
