/**
 * Cloud locks (managers): connect the community's Seam workspace, see the connection, list its lock devices,
 * see a Seam lock's codes (unmanaged ones included), disconnect. Assigning a device to a door is POST /locks
 * with connectivity `seam` and the device id as address. Plus Seam's webhook deliveries (public, signed).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CloudConnector } from '../../cloud/cloudConnector.ts';
import { cloudLockCodes } from '../../services/cloud/cloudLockCodes.ts';
import { connectSeam } from '../../services/cloud/connectSeam.ts';
import { disconnectCloud } from '../../services/cloud/disconnectCloud.ts';
import { getCloudAccount } from '../../services/cloud/getCloudAccount.ts';
import { listCloudDevices } from '../../services/cloud/listCloudDevices.ts';
import { refreshCloud } from '../../services/cloud/refreshCloud.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { presentCloudAccount, presentCloudCode, presentCloudDevice } from '../presenters/cloud.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses, errorSchema, okResponse } from '../schemas.ts';
import {
  cloudAccountConnectedResponse,
  cloudAccountResponse,
  cloudDeviceListResponse,
  cloudLockCodesResponse,
  seamConnectBody,
} from '../wire/cloud.ts';

const tags = ['cloud locks'];

export const cloudRoutes =
  (deps: ServiceDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/cloud/seam',
      {
        schema: {
          tags,
          summary: 'The community’s Seam connection: status, last error, last poll — never the key (managers)',
          response: { 200: cloudAccountResponse, ...errorResponses },
        },
      },
      async (request) => {
        const found = await getCloudAccount(deps, principalOf(request));
        return { account: found ? presentCloudAccount(found.account, found.lockCount) : null };
      },
    );
    app.put(
      '/cloud/seam',
      {
        schema: {
          tags,
          summary: 'Connect the community’s Seam workspace with an API key, or replace its key (managers)',
          description:
            'Keyway checks the key with Seam (422 cloud_key_refused when Seam refuses it; 424 cloud_unavailable when Seam does not answer), stores it encrypted and registers a webhook unless Keyway’s public URL is loopback. 409 conflict_state: a key of another workspace while its locks are on doors.',
          body: seamConnectBody,
          response: { 200: cloudAccountConnectedResponse, ...errorResponses, 424: errorSchema },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        await connectSeam(deps, principal, request.body);
        const found = await getCloudAccount(deps, principal);
        if (!found) throw new Error('account vanished after connecting');
        return { account: presentCloudAccount(found.account, found.lockCount) };
      },
    );
    app.delete(
      '/cloud/seam',
      {
        schema: {
          tags,
          summary: 'Disconnect the Seam workspace (managers)',
          description: '409 conflict_state while doors still use its locks: remove those locks first.',
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await disconnectCloud(deps, principalOf(request));
        return { ok: true as const };
      },
    );
    app.post(
      '/cloud/seam/refresh',
      {
        schema: {
          tags,
          summary: 'Look at the Seam workspace now instead of at the next poll (managers)',
          response: { 200: okResponse, ...errorResponses },
        },
      },
      async (request) => {
        await refreshCloud(deps, principalOf(request));
        return { ok: true as const };
      },
    );
    app.get(
      '/cloud/seam/devices',
      {
        schema: {
          tags,
          summary: 'The Seam workspace’s locks that can hold access codes, and the door each is on (managers)',
          description: '409 cloud_not_connected before a workspace is connected.',
          response: { 200: cloudDeviceListResponse, ...errorResponses, 424: errorSchema },
        },
      },
      async (request) => ({
        devices: (await listCloudDevices(deps, principalOf(request))).map(presentCloudDevice),
      }),
    );
    app.get(
      '/cloud/locks/:lockId/codes',
      {
        schema: {
          tags,
          summary: 'The codes on a Seam lock as Seam last reported them, unmanaged ones included; no PINs (managers)',
          params: z.object({ lockId: z.string().uuid() }),
          response: { 200: cloudLockCodesResponse, ...errorResponses },
        },
      },
      async (request) => {
        const view = await cloudLockCodes(deps, principalOf(request), request.params.lockId);
        return { ...view, codes: view.codes.map(presentCloudCode) };
      },
    );
  };

/**
 * Seam's deliveries. Public (Seam has no session), verified with the account's signing secret over the exact
 * bytes received — so this scope reads bodies as raw text, whatever their content type.
 */
export const cloudWebhookRoutes =
  (cloud: Pick<CloudConnector, 'receiveWebhook'>): FastifyPluginAsyncZod =>
  async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    app.post(
      '/cloud/seam/webhooks/:accountId',
      {
        schema: {
          tags,
          summary: 'Seam webhook deliveries (signed by Seam; no session)',
          description:
            'A Seam event, verified with the secret Seam issued when Keyway registered the webhook (Standard Webhooks headers webhook-id, webhook-timestamp, webhook-signature). 401 webhook_unverified for anything that does not verify; nothing is applied then.',
          security: [],
          params: z.object({ accountId: z.string().uuid() }),
          response: { 200: okResponse, 401: errorSchema, 400: errorSchema },
        },
      },
      async (request) => {
        const body = typeof request.body === 'string' ? request.body : '';
        await cloud.receiveWebhook(request.params.accountId, body, request.headers as Record<string, unknown>);
        return { ok: true as const };
      },
    );
  };
