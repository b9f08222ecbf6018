/**
 * What the integration-code services share: Seam's "not found" for devices and codes (a foreign id and an unknown
 * one answer alike), loading the target locks, and the event data that never holds a PIN.
 */
import { KeywayError } from '../../domain/errors.ts';
import { seamCodeType } from '../../domain/seam/codeValidity.ts';
import type { Executor } from '../../store/database.ts';
import {
  type IntegrationCodeRow,
  type IntegrationDevice,
  integrationCodes,
  integrationDevices,
} from '../../store/repositories/seamAccessCodes.ts';
import type { Principal } from '../principal.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

export function deviceNotFound(): KeywayError {
  return new KeywayError('not_found', 'Device not found.', { resource: 'device' });
}

export function accessCodeNotFound(): KeywayError {
  return new KeywayError('not_found', 'Could not find an access_code with device_id or access_code_id.', {
    resource: 'access_code',
  });
}

/** The community's locks with these ids, in the order asked; any unknown or foreign id → device_not_found. */
export async function devicesOf(
  ex: Executor,
  communityId: string,
  deviceIds: readonly string[],
  now: Date,
): Promise<IntegrationDevice[]> {
  if (!deviceIds.every(isUuid)) throw deviceNotFound();
  const found = new Map((await integrationDevices(ex, communityId, deviceIds, now)).map((d) => [d.lockId, d]));
  return deviceIds.map((id) => {
    const device = found.get(id);
    if (!device) throw deviceNotFound();
    return device;
  });
}

/** One integration code of the community (any state), locked when asked; unknown/foreign → access_code_not_found. */
export async function codeOf(
  ex: Executor,
  communityId: string,
  accessCodeId: string,
  options: { forUpdate?: boolean } = {},
): Promise<IntegrationCodeRow> {
  if (!isUuid(accessCodeId)) throw accessCodeNotFound();
  const [row] = await integrationCodes(ex, communityId, {
    ids: [accessCodeId],
    order: 'oldest',
    limit: 1,
    ...(options.forUpdate ? { forUpdate: true } : {}),
  });
  if (!row) throw accessCodeNotFound();
  return row;
}

/** The integration a code belongs to, as the console names it: the API key's name. */
export function integrationName(principal: Principal): string | null {
  return principal.kind === 'api_key' ? principal.name : null;
}

/** What every integration_code.* event says about the code (helper C's Seam events read lockId and name). */
export function codeEventData(code: {
  name: string | null;
  lockId: string;
  doorName: string;
  apiKeyId: string | null;
  integration: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  oneTimeUse: boolean;
}): Record<string, unknown> {
  return {
    name: code.name,
    lockId: code.lockId,
    doorName: code.doorName,
    apiKeyId: code.apiKeyId,
    integration: code.integration,
    type: seamCodeType(code),
    oneTimeUse: code.oneTimeUse,
  };
}
