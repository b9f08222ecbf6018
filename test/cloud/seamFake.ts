/**
 * Seam's own fake server, in process, for the cloud-lock tests: the test plays the lock (flips code statuses,
 * takes devices offline, simulates outages) and plays Seam's webhook sender (signs deliveries itself, Standard
 * Webhooks: base64 HMAC-SHA256 over `${id}.${timestamp}.${body}` with the key after `whsec_`).
 *
 * The fake issues webhook secrets that are not Standard Webhooks keys (`fake_secret_…`); real Seam issues
 * `whsec_…` keys. The fake's addWebhook is wrapped so the secret Keyway stores is a real key the test knows.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createFake } from '@seamapi/fake-seam-connect';
import { SeamHttp } from '@seamapi/http';

export const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

type Fake = Awaited<ReturnType<typeof createFake>>;
// The fake's store is loosely typed for our purposes: only these methods are used.
interface FakeDb {
  getState(): Record<string, unknown>;
  setState(partial: Record<string, unknown>): void;
  addDevice(device: Record<string, unknown>): { device_id: string };
  updateDevice(change: Record<string, unknown>): void;
  updateAccessCode(change: Record<string, unknown>): void;
  addEvent(event: Record<string, unknown>): unknown;
  simulateWorkspaceOutage(workspaceId: string, options: { routes: string[] }): void;
  simulateWorkspaceOutageRecovery(workspaceId: string): void;
}

export interface SeamFake {
  fake: Fake;
  db: FakeDb;
  url: string;
  apiKey: string;
  workspaceId: string;
  seam: SeamHttp;
  /** A lock device in the workspace (august_lock: the fake simulates unmanaged codes only on those). */
  addLock(name: string, properties?: Record<string, unknown>, deviceType?: string): string;
  codesOn(deviceId: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startSeamFake(): Promise<SeamFake> {
  const fake = await createFake();
  const seed = (await fake.seed()) as unknown as Record<string, string>;
  await fake.startServer();
  const db = fake.database as unknown as FakeDb;
  const addWebhook = db.getState().addWebhook as (p: unknown) => { secret: string };
  db.setState({
    addWebhook: (params: unknown) => {
      const hook = addWebhook(params);
      hook.secret = WEBHOOK_SECRET;
      return hook;
    },
  });
  const url = fake.serverUrl as string;
  const apiKey = seed.seam_apikey1_token as string;
  const seam = SeamHttp.fromApiKey(apiKey, { endpoint: url });
  return {
    fake,
    db,
    url,
    apiKey,
    workspaceId: seed.seed_workspace_1 as string,
    seam,
    addLock(name, properties = {}, deviceType = 'schlage_lock') {
      return db.addDevice({
        workspace_id: seed.seed_workspace_1,
        connected_account_id: seed.john_connected_account_id,
        device_type: deviceType,
        name,
        can_program_online_access_codes: true,
        properties: { name, online: true, supported_code_lengths: [4, 6], ...properties },
      }).device_id;
    },
    async codesOn(deviceId) {
      const codes = (await seam.accessCodes.list({ device_id: deviceId })) as unknown as Record<string, unknown>[];
      return codes.filter((c) => c.device_id === deviceId && c.is_managed !== false);
    },
    async stop() {
      await fake.stopServer();
    },
  };
}

/** A delivery as Seam's sender would sign it. */
export function signedDelivery(
  event: Record<string, unknown>,
  secret = WEBHOOK_SECRET,
  at = new Date(),
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}`,
    },
  };
}
