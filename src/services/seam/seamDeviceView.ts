/**
 * A Keyway lock as a Seam device (pure): what is true for Keyway in Seam's terms. The http presenter turns this
 * into Seam's snake_case JSON.
 *
 * - The device is the lock; its name is the door's. Keyway manages codes, not the bolt: it cannot lock or unlock
 *   remotely and does not know whether a door is locked, so it never says (`properties.locked` is left out).
 * - `online`: a hub lock is online while its hub is online and the lock within the hub's radio reach; a Seam
 *   lock while the community's Seam account works and Seam reports the device online.
 * - Bluetooth locks are reported `online: false`, with no error: they have no network link at all. Keyway never
 *   talks to them directly; their codes travel with residents' phones (a code made through this API stays
 *   `setting` until a phone has been near the lock). `can_program_online_access_codes` is false for the same
 *   reason. Saying `online: true` would promise integrators a delivery time Keyway cannot keep. (docs/seam.md)
 * - Errors and warnings use Seam's codes: `device_offline` (hub offline or lock out of reach, Seam device
 *   offline), `account_disconnected` (the community's Seam account fails), `device_communication_degraded` (the
 *   lock failed several commands in a row and Keyway is backing off), `max_access_codes_reached` (no free slot).
 *   A lock being removed by a manager has one of Keyway's own: `device_being_removed` (it takes no new codes).
 */
import type { CommunitySettings } from '../../domain/communitySettings.ts';
import { deviceCodeRules, type KeywayCodeRule, type SeamConstraintType } from '../../domain/seam/deviceConstraints.ts';
import type { SeamDeviceRow } from '../../store/repositories/seamDevices.ts';

/** Keyway's locks are of no Seam brand: one device type and manufacturer name for all of them. */
export const SEAM_DEVICE_TYPE = 'keyway_lock';
export const SEAM_MANUFACTURER = 'keyway';

export type BatteryStatus = 'critical' | 'low' | 'good' | 'full';

export interface SeamDeviceProblem {
  code: string;
  message: string;
  createdAt: Date;
  /** Seam tells device errors from connected-account errors. */
  source: 'device' | 'connected_account';
  /** `max_access_codes_reached` carries the counts. */
  counts?: { active: number; max: number };
}

export interface SeamDeviceView {
  deviceId: string;
  workspaceId: string;
  /** What the device is reached through: its hub, the community's Seam account, or (Bluetooth) the community. */
  connectedAccountId: string;
  displayName: string;
  createdAt: Date;
  online: boolean;
  battery: { level: number; status: BatteryStatus } | null;
  model: string;
  canProgramOnlineCodes: boolean;
  supportedCodeLengths: number[];
  maxActiveCodes: number;
  codeConstraints: SeamConstraintType[];
  errors: SeamDeviceProblem[];
  warnings: SeamDeviceProblem[];
  keyway: {
    doorKind: 'unit_door' | 'community_door' | 'amenity';
    connectivity: 'hub' | 'bluetooth' | 'seam';
    hubId: string | null;
    hubName: string | null;
    nativeSchedules: boolean;
    readableCodes: boolean;
    /** When the lock last proved which codes it holds (a read-back); null: never, or it cannot. */
    verifiedAt: Date | null;
    retiringSince: Date | null;
    occupiedSlots: number;
    codeRules: KeywayCodeRule[];
  };
}

/** Seam's battery: a level 0–1 and a word for it. */
export function batteryOf(percent: number | null): SeamDeviceView['battery'] {
  if (percent === null) return null;
  const level = Math.min(100, Math.max(0, percent)) / 100;
  const status: BatteryStatus = level < 0.1 ? 'critical' : level < 0.25 ? 'low' : level < 0.95 ? 'good' : 'full';
  return { level, status };
}

const MODEL: Record<SeamDeviceRow['connectivity'], string> = {
  hub: 'Keypad lock on a Keyway hub',
  bluetooth: 'Bluetooth keypad lock (codes delivered by residents’ phones)',
  seam: 'Cloud lock connected through Seam',
};

function isOnline(row: SeamDeviceRow): boolean {
  if (row.connectivity === 'hub') return row.hubOnline === true && row.reachable;
  if (row.connectivity === 'seam') return row.cloudStatus === 'connected' && row.reachable;
  return false; // Bluetooth: no network link (see above)
}

function errorsOf(row: SeamDeviceRow, now: Date): SeamDeviceProblem[] {
  const device = (code: string, message: string, createdAt: Date | null): SeamDeviceProblem => ({
    code,
    message,
    createdAt: createdAt ?? now,
    source: 'device',
  });
  if (row.connectivity === 'hub') {
    if (row.hubOnline !== true)
      return [
        device(
          'device_offline',
          `Its hub “${row.hubName ?? 'hub'}” is offline; code changes wait until it is back.`,
          row.hubLastSeenAt,
        ),
      ];
    if (!row.reachable)
      return [
        device('device_offline', `The lock is out of reach of its hub “${row.hubName ?? 'hub'}”.`, row.inventoryAt),
      ];
  }
  if (row.connectivity === 'seam') {
    if (row.cloudStatus !== 'connected')
      return [
        {
          code: 'account_disconnected',
          message: 'The community’s Seam account is not working; code changes wait until a manager fixes it.',
          createdAt: now,
          source: 'connected_account',
        },
      ];
    if (!row.reachable) return [device('device_offline', 'Seam reports the lock offline.', row.inventoryAt)];
  }
  return [];
}

function warningsOf(row: SeamDeviceRow, now: Date): SeamDeviceProblem[] {
  const out: SeamDeviceProblem[] = [];
  if (row.retiringSince)
    out.push({
      code: 'device_being_removed',
      message: 'A manager is removing this lock: its codes are leaving it and it takes no new ones.',
      createdAt: row.retiringSince,
      source: 'device',
    });
  if (row.breakerOpenedAt)
    out.push({
      code: 'device_communication_degraded',
      message: 'The lock failed several commands in a row; Keyway retries less often until it answers again.',
      createdAt: row.breakerOpenedAt,
      source: 'device',
    });
  if (row.occupiedSlots >= row.slotCount)
    out.push({
      code: 'max_access_codes_reached',
      message: `All ${row.slotCount} code slots of the lock are taken.`,
      createdAt: now,
      source: 'device',
      counts: { active: row.occupiedSlots, max: row.slotCount },
    });
  return out;
}

export function seamDeviceView(row: SeamDeviceRow, settings: CommunitySettings, now: Date): SeamDeviceView {
  const rules = deviceCodeRules({ doorKind: row.doorKind, lockCodeLengths: row.codeLengths, settings });
  return {
    deviceId: row.lockId,
    workspaceId: row.communityId,
    connectedAccountId: row.hubId ?? row.cloudAccountId ?? row.communityId,
    displayName: row.doorName,
    createdAt: row.createdAt,
    online: isOnline(row),
    battery: batteryOf(row.battery),
    model: MODEL[row.connectivity],
    canProgramOnlineCodes: row.connectivity !== 'bluetooth',
    supportedCodeLengths: rules.supportedCodeLengths,
    maxActiveCodes: row.slotCount,
    codeConstraints: rules.seam,
    errors: errorsOf(row, now),
    warnings: warningsOf(row, now),
    keyway: {
      doorKind: row.doorKind,
      connectivity: row.connectivity,
      hubId: row.hubId,
      hubName: row.hubName,
      nativeSchedules: row.nativeSchedules,
      readableCodes: row.readableCodes,
      verifiedAt: row.verifiedAt,
      retiringSince: row.retiringSince,
      occupiedSlots: row.occupiedSlots,
      codeRules: rules.keyway,
    },
  };
}
