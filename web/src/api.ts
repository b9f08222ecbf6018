/**
 * The web app's only door to the server: the v1 API with the session cookie. Errors come back as
 * ApiError with the server's stable code, so screens can explain each one in plain words.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (json as { error?: { code: string; message: string; details?: Record<string, unknown> } } | undefined)
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'internal_error',
      error?.message ?? 'Something went wrong.',
      error?.details,
    );
  }
  return json as T;
}

export type Role = 'manager' | 'resident' | 'staff';
export interface User {
  id: string;
  name: string;
  role: Role;
}

export interface Door {
  accessPointId: string;
  name: string;
  kind: 'unit_door' | 'community_door' | 'amenity';
  connectivity: 'hub' | 'bluetooth';
  status: 'active' | 'pending' | 'failed' | 'removing' | 'removed';
  reason: string | null;
}

export interface Card {
  id: string;
  scope: 'home' | 'community';
  code: string;
  origin: 'generated' | 'custom';
  pendingCode: string | null;
  doors: Door[];
  allowed: { generateLengths: (4 | 6)[]; pickLengths: (4 | 6)[] };
}

export interface GuestCode {
  id: string;
  type: 'permanent' | 'temporary' | 'recurring' | 'delivery';
  name: string;
  code: string;
  status: 'scheduled' | 'active' | 'used' | 'expired' | 'revoked';
  startsAt: string | null;
  endsAt: string | null;
  schedule: { days: string[]; start: string; end: string } | null;
  firstUsedAt: string | null;
  shareUrl: string;
  doors: Door[];
}

export interface Settings {
  customCodes: boolean;
  sixDigitCodes: boolean;
  blockCommonPins: boolean;
  guestTypes: GuestCode['type'][];
  deliveryCodeHours: number;
  deliveryGraceMinutes: number;
  deliveryToUnitDoors: boolean;
  maxGuestCodesPerResident: number;
  timeZone: string;
}

export interface Activity {
  id: number;
  type: string;
  at: string;
  text: string;
  doorName: string | null;
  holderName: string | null;
  lockId: string | null;
}

export interface SimLock {
  lockId: string;
  accessPointId: string;
  hubId: string | null;
  name: string;
  connectivity: 'hub' | 'bluetooth';
  online: boolean;
}

/** Door status in plain words, for chips and screen readers. */
export function describeDoor(door: Door): { label: string; tone: 'ok' | 'wait' | 'bad'; detail: string | null } {
  const reasons: Record<string, string> = {
    hub_offline: 'Hub offline — your old code still works',
    awaiting_phone: 'Bring your phone near the door',
    awaiting_sync: 'Sending to the lock…',
    sending: 'Sending to the lock…',
    timeout: 'The lock did not answer yet — retrying',
    lock_unreachable: 'The lock is out of reach — retrying',
    no_free_slot: 'The lock is full — ask your manager',
    duplicate_on_lock: 'The lock refused this code — generate another',
    length_not_supported: 'This lock does not take codes of that length',
    rejected_by_lock: 'The lock refused the change',
    circuit_open: 'The lock keeps failing — retrying later',
    outside_window: 'Outside its hours — added when its time comes',
  };
  const detail = door.reason ? (reasons[door.reason] ?? door.reason.replaceAll('_', ' ')) : null;
  switch (door.status) {
    case 'active':
      return { label: 'Active', tone: 'ok', detail: null };
    case 'failed':
      return { label: 'Failed', tone: 'bad', detail };
    case 'removing':
      return { label: 'Removing', tone: 'wait', detail };
    case 'removed':
      return { label: 'Removed', tone: 'ok', detail: null };
    default:
      return {
        label: 'Pending',
        tone: door.reason === 'hub_offline' || door.reason === 'awaiting_phone' ? 'wait' : 'wait',
        detail,
      };
  }
}

export interface Resident {
  id: string;
  name: string;
  email: string;
  unit: string;
  status: 'current' | 'future' | 'past';
  /** YYYY-MM-DD in the community time zone. */
  moveIn: string;
  /** YYYY-MM-DD; the resident keeps access through this day. */
  moveOut: string | null;
}

/** One lock letting go of a moved-out resident's codes. */
export interface Removal {
  lockId: string;
  doorName: string;
  connectivity: 'hub' | 'bluetooth';
  status: 'removing' | 'removed' | 'failed';
  reason: string | null;
}

/** A lock's health as the manager console shows it (GET /locks). */
export interface LockHealth {
  lockId: string;
  name: string;
  kind: string;
  connectivity: 'hub' | 'bluetooth';
  hubId: string | null;
  hubName: string | null;
  online: boolean;
  reachable: boolean;
  battery: number | null;
  slotCount: number;
  activeCodes: number;
  pendingChanges: number;
  failedChanges: number;
  causes: string[];
  unmanagedSlots: number[];
  inventoryAt: string | null;
  /** Command sent → lock confirmed, over its last 100 commands (hub locks; null before any). */
  syncLatencyMs: { p50: number; p95: number } | null;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A staff or vendor code (GET /staff-codes): `code` is masked (••••) unless just created or revealed. */
export interface StaffCode {
  id: string;
  kind: 'staff' | 'vendor';
  name: string;
  code: string;
  status: 'scheduled' | 'active' | 'used' | 'expired' | 'revoked';
  startsAt: string | null;
  endsAt: string | null;
  doors: Door[];
}

/** A unit with its doors and the residents living there today (GET /units). */
export interface Unit {
  id: string;
  name: string;
  doors: { accessPointId: string; name: string; connectivity: string }[];
  currentResidents: { personId: string; name: string }[];
}
