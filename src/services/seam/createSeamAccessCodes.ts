/**
 * Seam's `/access_codes/create` and `/access_codes/create_multiple`: an integration code is a credential for
 * exactly one lock, with Keyway's rules (codeRules.ts), the same generator and per-lock uniqueness as residents'
 * codes, a sync row and a reconcile in the same transaction, and an `integration_code.created` event per code.
 * create_multiple is all or nothing: one transaction, the same PIN on every lock when it can be shared.
 */
import { KeywayError } from '../../domain/errors.ts';
import { generatePin } from '../../domain/pin/generator.ts';
import { checkChosenCode, ensureRoomFor, generatedLength } from '../../domain/seam/codeRules.ts';
import { type CodeValidity, codeValidity } from '../../domain/seam/codeValidity.ts';
import type { Tx } from '../../store/database.ts';
import { lockCodeSpaces, requireOnLocks } from '../../store/repositories/accessCodes.ts';
import { type CommunityRow, findCommunity } from '../../store/repositories/communities.ts';
import { recordEvent } from '../../store/repositories/events.ts';
import {
  type IntegrationDevice,
  insertIntegrationCode,
  integrationCodes,
} from '../../store/repositories/seamAccessCodes.ts';
import type { ServiceDeps } from '../deps.ts';
import { occupiedCodesOn } from '../occupiedCodes.ts';
import { authorize } from '../policies.ts';
import { actorOf, type Principal } from '../principal.ts';
import { seamAccessCodeView } from './seamAccessCodeView.ts';
import { codeEventData, devicesOf, integrationName } from './seamCodeSupport.ts';
import type { SeamAccessCodeView } from './seamViews.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync'>;

export interface SeamCodeProps {
  name?: string | null | undefined;
  /** Digits the integrator chose; absent: Keyway generates the code. */
  code?: string | undefined;
  startsAt?: string | null | undefined;
  endsAt?: string | null | undefined;
  isOneTimeUse?: boolean | undefined;
  preferredCodeLength?: number | undefined;
  commonCodeKey?: string | null | undefined;
}

export async function createSeamAccessCode(
  deps: Deps,
  principal: Principal,
  props: SeamCodeProps & { deviceId: string },
): Promise<SeamAccessCodeView> {
  const [view] = await create(deps, principal, [props.deviceId], props, {
    commonCodeKey: props.commonCodeKey ?? null,
    shareOrThrow: true,
  });
  if (!view) throw new Error('created access code vanished inside its transaction');
  return view;
}

export async function createSeamAccessCodes(
  deps: Deps,
  principal: Principal,
  props: SeamCodeProps & {
    deviceIds: string[];
    behaviorWhenCodeCannotBeShared?: 'throw' | 'create_random_code' | undefined;
  },
): Promise<SeamAccessCodeView[]> {
  if (props.deviceIds.length === 0)
    throw new KeywayError('invalid_request', 'device_ids must name at least one device.', { field: 'device_ids' });
  if (new Set(props.deviceIds).size !== props.deviceIds.length)
    throw new KeywayError('invalid_request', 'device_ids names a device twice.', { field: 'device_ids' });
  return create(deps, principal, props.deviceIds, props, {
    commonCodeKey: props.commonCodeKey ?? deps.random.uuid(),
    shareOrThrow: (props.behaviorWhenCodeCannotBeShared ?? 'throw') === 'throw',
  });
}

interface PinChoice {
  pin: string;
  origin: 'generated' | 'custom';
  /** False for a lock that got its own code because the shared one could not go there. */
  shared: boolean;
}

async function create(
  deps: Deps,
  principal: Principal,
  deviceIds: readonly string[],
  props: SeamCodeProps,
  options: { commonCodeKey: string | null; shareOrThrow: boolean },
): Promise<SeamAccessCodeView[]> {
  authorize(principal, 'property.manage');
  const now = deps.clock.now();
  const validity = codeValidity(
    { startsAt: props.startsAt, endsAt: props.endsAt, oneTimeUse: props.isOneTimeUse ?? false },
    now,
  );
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, principal.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    // Slots and codes are read under the per-lock locks, so two requests cannot both take the last slot or code.
    await lockCodeSpaces(tx, deviceIds);
    const devices = await devicesOf(tx, community.id, deviceIds, now);
    for (const device of devices) ensureRoomFor(device);
    const pins = await choosePins(tx, deps, community, devices, props, options.shareOrThrow);
    const ids: string[] = [];
    for (const device of devices) {
      const choice = pins.get(device.lockId);
      if (!choice) throw new Error('no PIN chosen for a device');
      ids.push(
        await insertOne(tx, deps, principal, community, device, choice, validity, {
          name: props.name ?? null,
          commonCodeKey: choice.shared ? options.commonCodeKey : null,
          at: now,
        }),
      );
    }
    await deps.sync.reconcileLocks(deviceIds, tx);
    const rows = await integrationCodes(tx, community.id, { ids, order: 'oldest', limit: ids.length });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      const view = row && seamAccessCodeView(row, deps.cipher, now);
      if (!view) throw new Error('created access code vanished inside its transaction');
      return view;
    });
  });
}

/**
 * One PIN for every lock when possible. A chosen code must pass the rules on every lock (a rule break is refused
 * whatever the behaviour); where it, or a generated one, cannot be shared, `shareOrThrow` refuses the whole request
 * and otherwise that lock gets a code of its own.
 */
async function choosePins(
  tx: Tx,
  deps: Deps,
  community: CommunityRow,
  devices: readonly IntegrationDevice[],
  props: SeamCodeProps,
  shareOrThrow: boolean,
): Promise<Map<string, PinChoice>> {
  const settings = community.settings;
  const own = async (device: IntegrationDevice, preferred?: number): Promise<PinChoice> => ({
    pin: await generatePin({
      length: generatedLength(settings, [device], preferred ?? props.preferredCodeLength),
      randomInt: deps.random.int,
      occupied: occupiedCodesOn(tx, deps.cipher, [device.lockId], null),
    }),
    origin: 'generated',
    shared: false,
  });
  const choices = new Map<string, PinChoice>();

  if (props.code !== undefined) {
    const pin = props.code;
    for (const device of devices) checkChosenCode(pin, settings, device);
    for (const device of devices) {
      const taken = await occupiedCodesOn(tx, deps.cipher, [device.lockId], null).conflicting([pin]);
      if (taken.size === 0) choices.set(device.lockId, { pin, origin: 'custom', shared: true });
      else if (shareOrThrow)
        // Never say whose code it is, or whether it is equal or a prefix: only that it cannot be used there.
        throw new KeywayError('code_conflict', `That code cannot be used on ${device.doorName}. Choose another.`, {
          field: 'code',
        });
      else choices.set(device.lockId, await own(device, pin.length));
    }
    return choices;
  }

  let shared: string | null = null;
  try {
    shared = await generatePin({
      length: generatedLength(settings, devices, props.preferredCodeLength),
      randomInt: deps.random.int,
      occupied: occupiedCodesOn(
        tx,
        deps.cipher,
        devices.map((d) => d.lockId),
        null,
      ),
    });
  } catch (error) {
    const cannotShare =
      error instanceof KeywayError && ['pin_length_not_allowed', 'code_space_exhausted'].includes(error.code);
    if (!cannotShare || shareOrThrow || devices.length === 1) throw error;
  }
  for (const device of devices)
    choices.set(device.lockId, shared ? { pin: shared, origin: 'generated', shared: true } : await own(device));
  return choices;
}

async function insertOne(
  tx: Tx,
  deps: Deps,
  principal: Principal,
  community: CommunityRow,
  device: IntegrationDevice,
  choice: PinChoice,
  validity: CodeValidity,
  extra: { name: string | null; commonCodeKey: string | null; at: Date },
): Promise<string> {
  const id = deps.random.uuid();
  const apiKeyId = principal.kind === 'api_key' ? principal.apiKeyId : null;
  await insertIntegrationCode(tx, {
    id,
    communityId: community.id,
    apiKeyId,
    name: extra.name,
    origin: choice.origin,
    pinEnc: deps.cipher.encrypt(choice.pin, id),
    ...deps.cipher.fingerprints(choice.pin),
    codeLength: choice.pin.length,
    ...validity,
    commonCodeKey: extra.commonCodeKey,
    at: extra.at,
  });
  await requireOnLocks(
    tx,
    [{ id: deps.random.uuid(), communityId: community.id, accessCodeId: id, lockId: device.lockId }],
    1,
    extra.at,
  );
  await recordEvent(tx, {
    communityId: community.id,
    type: 'integration_code.created',
    actor: actorOf(principal),
    subject: { type: 'access_code', id },
    data: {
      ...codeEventData({
        name: extra.name,
        lockId: device.lockId,
        doorName: device.doorName,
        apiKeyId,
        integration: integrationName(principal),
        ...validity,
      }),
      origin: choice.origin,
      commonCodeKey: extra.commonCodeKey,
    },
    at: extra.at,
  });
  return id;
}
