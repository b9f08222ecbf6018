/** Integrator API keys: created by a manager, shown once, stored only as a hash, revocable. */
import { KeywayError } from '../domain/errors.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import { recordEvent } from '../store/repositories/events.ts';
import { insertApiKey, listApiKeys as listKeys, revokeApiKey as revoke } from '../store/repositories/principals.ts';
import { API_KEY_PREFIX, SEAM_KEY_PREFIX } from './authenticate.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';

export type ApiKeyFormat = 'keyway' | 'seam';

export interface ApiKeyView {
  id: string;
  name: string;
  /** `seam`: a `seam_…` key for the Seam-compatible API (/seam); `keyway`: a `kwk_…` key for /api/v1. */
  format: ApiKeyFormat;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export async function createApiKey(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'random'>,
  principal: Principal,
  props: { name: string; format?: ApiKeyFormat },
): Promise<{ key: string; apiKey: ApiKeyView }> {
  authorize(principal, 'api_keys.manage');
  const format = props.format ?? 'keyway';
  const key = newToken(format === 'seam' ? SEAM_KEY_PREFIX : API_KEY_PREFIX);
  const id = deps.random.uuid();
  const at = deps.clock.now();
  const prefix = key.slice(0, format === 'seam' ? 12 : 10);
  await deps.db.transaction(async (tx) => {
    await insertApiKey(tx, {
      id,
      communityId: principal.communityId,
      name: props.name,
      format,
      prefix,
      keyHash: hashToken(key),
      createdBy: principal.kind === 'person' ? principal.personId : null,
      createdAt: at,
    });
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'api_key.created',
      actor: actorOf(principal),
      subject: { type: 'api_key', id },
      data: { name: props.name, prefix, format },
      at,
    });
  });
  return { key, apiKey: { id, name: props.name, format, prefix, createdAt: at, revokedAt: null } };
}

export async function listApiKeys(deps: Pick<ServiceDeps, 'db'>, principal: Principal): Promise<ApiKeyView[]> {
  authorize(principal, 'api_keys.manage');
  return listKeys(deps.db, principal.communityId);
}

export async function revokeApiKey(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  principal: Principal,
  id: string,
): Promise<void> {
  authorize(principal, 'api_keys.manage');
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    if (!(await revoke(tx, principal.communityId, id, at)))
      throw new KeywayError('not_found', 'No such active API key.');
    await recordEvent(tx, {
      communityId: principal.communityId,
      type: 'api_key.revoked',
      actor: actorOf(principal),
      subject: { type: 'api_key', id },
      data: {},
      at,
    });
  });
}
