/**
 * Keys for the Seam-compatible API: managers make them in the console (`format: "seam"`), Seam's SDK accepts them
 * as they are, they act only in their own community, and revoking one shuts the SDK out at once.
 */
import { isSeamHttpApiError, SeamHttp, SeamHttpUnauthorizedError } from '@seamapi/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALEX } from '../support/testKeyway.ts';
import { otherCommunityClient, type SeamKeyway, startSeamKeyway } from './seamHarness.ts';

let s: SeamKeyway;
beforeAll(async () => {
  s = await startSeamKeyway();
});
afterAll(() => s.t.close());

describe('seam_ API keys', () => {
  it("are made by managers in Seam's format, shown once, and the SDK takes them as API keys", async () => {
    expect(s.key).toMatch(/^seam_kw_[A-Za-z0-9_-]{43}$/);
    const listed = await s.t.request('GET', '/api/v1/api-keys', { token: s.manager });
    expect(listed.body).not.toContain(s.key);
    const row = listed.json().apiKeys.find((k: { format: string }) => k.format === 'seam');
    expect(row).toMatchObject({ name: 'Property software', format: 'seam', revokedAt: null });
    expect(s.key.startsWith(row.prefix)).toBe(true);
    // Keyway's own API takes the key too, with the same (manager) rights.
    expect((await s.t.request('GET', '/api/v1/residents', { token: s.key })).statusCode).toBe(200);
    const devices = await s.seam.devices.list();
    expect(devices.length).toBeGreaterThan(0);
  });

  it("residents cannot make them; a session token does not open /seam; a bad key is 401 in Seam's envelope", async () => {
    const alex = await s.t.login(ALEX);
    const refused = await s.t.request('POST', '/api/v1/api-keys', { token: alex, body: { name: 'x', format: 'seam' } });
    expect(refused.json().error.code).toBe('forbidden');
    const withSession = await fetch(`${s.baseUrl}/seam/devices/list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.manager}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(withSession.status).toBe(401);
    expect(await withSession.json()).toMatchObject({ ok: false, error: { type: 'unauthorized' } });
    const cookieOnly = await fetch(`${s.baseUrl}/seam/devices/list`, {
      method: 'POST',
      headers: { cookie: `keyway_session=${s.manager}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(cookieOnly.status).toBe(401);
    const unknown = SeamHttp.fromApiKey(`seam_kw_${'A'.repeat(43)}`, { endpoint: `${s.baseUrl}/seam` });
    await expect(unknown.devices.list()).rejects.toBeInstanceOf(SeamHttpUnauthorizedError);
  });

  it('a wrong format in the body is refused plainly', async () => {
    const bad = await s.t.request('POST', '/api/v1/api-keys', {
      token: s.manager,
      body: { name: 'x', format: 'svix' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
  });

  it("act only in their own community: another community's key sees none of these devices", async () => {
    const other = await otherCommunityClient(s.t);
    const mine = await s.seam.devices.list();
    const theirs = await other.seam.devices.list();
    expect(theirs.map((d) => d.device_id)).not.toEqual(expect.arrayContaining([mine[0]?.device_id]));
    const first = mine[0];
    if (!first) throw new Error('no device');
    const error = await other.seam.devices.get({ device_id: first.device_id }).catch((e: unknown) => e);
    expect(isSeamHttpApiError(error) && error.code).toBe('device_not_found');
  });

  it('stop working for the SDK as soon as they are revoked', async () => {
    const { key, seam } = await s.newClient('Short-lived');
    expect((await seam.devices.list()).length).toBeGreaterThan(0);
    const id = (await s.t.request('GET', '/api/v1/api-keys', { token: s.manager }))
      .json()
      .apiKeys.find((k: { name: string }) => k.name === 'Short-lived').id;
    expect((await s.t.request('DELETE', `/api/v1/api-keys/${id}`, { token: s.manager })).statusCode).toBe(200);
    await expect(seam.devices.list()).rejects.toBeInstanceOf(SeamHttpUnauthorizedError);
    expect(key).toMatch(/^seam_kw_/);
  });
});
