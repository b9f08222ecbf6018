/**
 * Keyway driven the way an integrator drives Seam: a manager creates a `seam_` API key in the console, and Seam's
 * own SDK (`@seamapi/http`) is pointed at `<base>/seam`. Returns the SDK client and what a test needs around it.
 */
import { randomUUID } from 'node:crypto';
import { SeamHttp } from '@seamapi/http';
import { DEFAULT_SETTINGS } from '../../src/domain/communitySettings.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import { insertCommunity, insertPerson } from '../../src/store/repositories/communities.ts';
import { MANAGER, startTestKeyway, type TestKeyway } from '../support/testKeyway.ts';

export interface SeamKeyway {
  t: TestKeyway;
  baseUrl: string;
  manager: string;
  key: string;
  seam: SeamHttp;
  /** A second key and SDK client for the same community. */
  newClient(name?: string): Promise<{ key: string; seam: SeamHttp }>;
}

export async function seamClientFor(t: TestKeyway, token: string, name = 'Property software') {
  const baseUrl = await t.listen();
  const created = await t.request('POST', '/api/v1/api-keys', { token, body: { name, format: 'seam' } });
  if (created.statusCode !== 201) throw new Error(`api key: ${created.statusCode} ${created.body}`);
  const key = created.json<{ key: string }>().key;
  return { key, seam: SeamHttp.fromApiKey(key, { endpoint: `${baseUrl}/seam` }) };
}

export async function startSeamKeyway(options: Parameters<typeof startTestKeyway>[0] = {}): Promise<SeamKeyway> {
  const t = await startTestKeyway({
    ...options,
    env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', ...options.env },
  });
  const baseUrl = await t.listen();
  const manager = await t.login(MANAGER);
  const { key, seam } = await seamClientFor(t, manager);
  return { t, baseUrl, manager, key, seam, newClient: (name) => seamClientFor(t, manager, name) };
}

/** A second community (Birch Row) with its own manager and a seam_ key of its own: it must see nothing of Maple Court. */
export async function otherCommunityClient(t: TestKeyway) {
  const communityId = randomUUID();
  const email = `manager-${communityId.slice(0, 8)}@birchrow.example`;
  await insertCommunity(t.keyway.deps.db, {
    id: communityId,
    name: 'Birch Row',
    timeZone: 'Europe/Berlin',
    settings: { ...DEFAULT_SETTINGS },
    createdAt: new Date(),
  });
  await insertPerson(t.keyway.deps.db, {
    id: randomUUID(),
    communityId,
    name: 'Birch Manager',
    email,
    passwordHash: await hashPassword('birch-password'),
    role: 'manager',
    createdAt: new Date(),
  });
  const manager = await t.login(email, 'birch-password');
  return { communityId, manager, ...(await seamClientFor(t, manager, 'Birch software')) };
}
