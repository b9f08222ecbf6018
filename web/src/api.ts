/**
 * The web app's only door to the server: the v1 API with the session cookie. Errors come back as
 * ApiError with the server's stable code, so screens can explain each one in plain words.
 *
 * What goes over the wire is typed by the server's own zod schemas (src/http/wireTypes.ts), never copied
 * here. Those imports are type-only: Vite erases them, so neither zod nor server code enters the bundle.
 */
import type { Door, DoorReason, ErrorResponse, GuestCodeDoor, StaffCodeDoor, User } from '../../src/http/wireTypes.ts';
import { connectivity } from './shared/offline.ts';

export type {
  AcceptInvitationBody,
  Activity,
  ActivityListResponse,
  ApiKey,
  ApiKeyCreateBody,
  ApiKeyCreatedResponse,
  ApiKeyListResponse,
  Card,
  CardListResponse,
  CardResponse,
  ChangePasswordBody,
  Community,
  CommunityCreateBody,
  CommunityListResponse,
  CommunityResponse,
  DoorReason,
  GenerateBody,
  GuestCode,
  GuestCodeListResponse,
  GuestCodeResponse,
  InvitationBody,
  InvitationResponse,
  KeypadResponse,
  LeasePatchBody,
  LockFleetResponse,
  LockHealth,
  LoginBody,
  LoginResponse,
  ManagerInvitationBody,
  Message,
  MessageListResponse,
  MoveInBody,
  MoveOutResponse,
  PasswordResetBody,
  PasswordResetConfirmBody,
  PhoneNearbyResponse,
  PickBody,
  Removal,
  RemovalListResponse,
  Resident,
  ResidentListResponse,
  ResidentResponse,
  SessionsEndedResponse,
  Settings,
  SettingsPatchBody,
  SettingsResponse,
  SetupBody,
  SetupStatusResponse,
  SimClockResponse,
  SimLock,
  SimLockListResponse,
  StaffCode,
  StaffCodeCreateBody,
  StaffCodeListResponse,
  StaffCodeResponse,
  UnitListResponse,
  User,
} from '../../src/http/wireTypes.ts';

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
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    connectivity().noteRequest(false); // no answer at all: the offline banner shows
    throw error;
  }
  connectivity().noteRequest(true);
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (json as Partial<ErrorResponse> | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'internal_error',
      error?.message ?? 'Something went wrong.',
      error?.details,
    );
  }
  return json as T;
}

/**
 * Who the session cookie belongs to, or null when nobody is signed in. The cookie, not this tab, holds the
 * session: a new tab or a bookmark asks here and opens signed in.
 */
export async function sessionUser(): Promise<User | null> {
  try {
    return (await api<{ user: User }>('GET', '/me')).user;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
    throw e;
  }
}

/** A door with its sync status: a card's, a guest code's or a staff code's (only the last two can be `removed`). */
export type AnyDoor = Door | GuestCodeDoor | StaffCodeDoor;

/**
 * A reason the server gives (`reason` of a door or a removal, `causes` of a lock) in plain words, from a table
 * that must name every reason the server knows; one added since reads as its own words until the table has it.
 */
export function reasonWords(words: Record<DoorReason, string>, reason: string): string {
  return Object.hasOwn(words, reason) ? words[reason as DoorReason] : reason.replaceAll('_', ' ');
}

const doorReasons: Record<DoorReason, string> = {
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
  drift: 'The lock lost this code — sending it again',
};

/** Door status in plain words, for chips and screen readers. */
export function describeDoor(door: AnyDoor): { label: string; tone: 'ok' | 'wait' | 'bad'; detail: string | null } {
  const detail = door.reason ? reasonWords(doorReasons, door.reason) : null;
  switch (door.status) {
    case 'active':
      return { label: 'Active', tone: 'ok', detail: null };
    case 'pending':
      return { label: 'Pending', tone: 'wait', detail };
    case 'failed':
      return { label: 'Failed', tone: 'bad', detail };
    case 'removing':
      return { label: 'Removing', tone: 'wait', detail };
    case 'removed':
      return { label: 'Removed', tone: 'ok', detail: null };
  }
}
