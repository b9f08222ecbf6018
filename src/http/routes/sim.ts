import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  advanceSimClock,
  bluetoothHandover,
  listSimLocks,
  phoneNearby,
  readSimClock,
  readSimLock,
  type Simulation,
  setSimHubOnline,
  tamperSimLock,
  typeOnKeypad,
  wipeSimLock,
} from '../../demo/simulation.ts';
import type { ServiceDeps } from '../../services/deps.ts';
import { principalOf } from '../principalHook.ts';
import { errorResponses } from '../schemas.ts';
import {
  handoverBody,
  handoverResponse,
  hubOnlineResponse,
  keypadResponse,
  phoneNearbyResponse,
  simClockResponse,
  simLockListResponse,
  simLockSlotsResponse,
  tamperBody,
  tamperResponse,
  wipeResponse,
} from '../wire/sim.ts';

const lockParams = z.object({ lockId: z.string().uuid() });
const tags = ['simulation'];

/**
 * Demo mode only: the physical world, for people and tests to see the truth on the lock. Only the demo community's
 * people and keys may use it; the clock, hubs, slots and a lock's memory are for its managers (demo/simulation.ts).
 */
export const simRoutes =
  (deps: ServiceDeps, sim: Simulation): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/sim/locks',
      {
        schema: {
          tags,
          summary: 'Simulated locks of the community',
          response: { 200: simLockListResponse, ...errorResponses },
        },
      },
      async (request) => ({ locks: listSimLocks(sim, principalOf(request)) }),
    );
    app.get(
      '/sim/locks/:lockId',
      {
        schema: {
          tags,
          summary: 'What a simulated lock holds, slot by slot (managers; each read is recorded as an event)',
          params: lockParams,
          response: { 200: simLockSlotsResponse, ...errorResponses },
        },
      },
      async (request) => readSimLock(deps, sim, principalOf(request), request.params.lockId),
    );
    app.post(
      '/sim/locks/:lockId/keypad',
      {
        schema: {
          tags,
          summary: 'Type a code on the keypad',
          description:
            'Like a real lock, the keypad locks out after 5 wrong codes within a minute: for 60 s every code gets 429 rate_limited (Retry-After); the demo managers, who can read the slots, are exempt.',
          params: lockParams,
          body: z.object({ code: z.string().max(12) }),
          response: { 200: keypadResponse, ...errorResponses },
        },
      },
      async (request) => typeOnKeypad(sim, principalOf(request), request.params.lockId, request.body.code),
    );
    app.post(
      '/sim/locks/:lockId/phone-nearby',
      {
        schema: {
          tags,
          summary: "A resident's phone comes within range of this Bluetooth lock and delivers what is pending",
          description: 'Returns once the lock has applied the sealed bundle and its signed receipt has been uploaded.',
          params: lockParams,
          response: { 200: phoneNearbyResponse, ...errorResponses },
        },
      },
      async (request) => phoneNearby(deps, sim, principalOf(request), request.params.lockId),
    );
    app.post(
      '/sim/locks/:lockId/bluetooth',
      {
        schema: {
          tags,
          summary: 'A phone hands a sealed bundle to this Bluetooth lock over the air and takes its receipt away',
          description:
            'The radio hop only, no Keyway server involved: the bundle is one the phone fetched earlier (GET /me/locks/{lockId}/bundle), perhaps while it still had a connection; the signed receipt is the phone’s to upload (POST /me/locks/{lockId}/receipt) when it is back online — only then does the door turn active. 409 conflict_state when the lock refuses the bundle (not sealed for it, or a counter it has already seen: out of date).',
          params: lockParams,
          body: handoverBody,
          response: { 200: handoverResponse, ...errorResponses },
        },
      },
      async (request) => bluetoothHandover(sim, principalOf(request), request.params.lockId, request.body),
    );
    app.post(
      '/sim/locks/:lockId/wipe',
      {
        schema: {
          tags,
          summary: 'The lock loses every code (battery pulled, factory reset) — managers',
          description:
            'Keyway is not told; the next verification read (hub locks, every `verifyIntervalMinutes`) or phone visit (Bluetooth) finds the drift and restores the codes.',
          params: lockParams,
          response: { 200: wipeResponse, ...errorResponses },
        },
      },
      async (request) => wipeSimLock(sim, principalOf(request), request.params.lockId),
    );
    app.post(
      '/sim/locks/:lockId/tamper',
      {
        schema: {
          tags,
          summary: 'Someone programs a code into a slot at the lock itself — managers',
          description:
            'Replaces whatever the slot held. 409 code_conflict if another slot holds that code. Found and repaired like a wipe.',
          params: lockParams,
          body: tamperBody,
          response: { 200: tamperResponse, ...errorResponses },
        },
      },
      async (request) =>
        tamperSimLock(sim, principalOf(request), request.params.lockId, request.body.slot, request.body.code),
    );
    app.post(
      '/sim/hubs/:hubId/online',
      {
        schema: {
          tags,
          summary: 'Unplug (false) or replug (true) a hub — managers',
          params: z.object({ hubId: z.string().uuid() }),
          body: z.object({ online: z.boolean() }),
          response: { 200: hubOnlineResponse, ...errorResponses },
        },
      },
      async (request) => setSimHubOnline(sim, principalOf(request), request.params.hubId, request.body.online),
    );
    app.get(
      '/sim/clock',
      {
        schema: {
          tags,
          summary: 'The simulated clock',
          response: { 200: simClockResponse, ...errorResponses },
        },
      },
      async (request) => ({ now: readSimClock(sim, principalOf(request)).now.toISOString() }),
    );
    app.post(
      '/sim/clock',
      {
        schema: {
          tags,
          summary: 'Move the simulated clock forward (the whole server and the simulated locks use it) — managers',
          body: z.object({
            advanceMinutes: z
              .number()
              .min(0)
              .max(60 * 24 * 366),
          }),
          response: { 200: simClockResponse, ...errorResponses },
        },
      },
      async (request) => ({
        now: (await advanceSimClock(sim, principalOf(request), request.body.advanceMinutes)).now.toISOString(),
      }),
    );
  };
