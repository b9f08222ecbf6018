/**
 * The API's shapes as TypeScript types, inferred from the zod schemas the routes declare — the same schemas that
 * validate requests, serialise responses and make docs/openapi.json. Responses are `z.infer` (what goes out),
 * request bodies `z.input` (what a client may send). The web app imports this file with `import type`, and every
 * import here is type-only too, so neither zod nor server code reaches the browser bundle.
 */
import type { z } from 'zod';
import type { cardSchema, doorSchema } from './presenters/card.ts';
import type { residentSchema } from './presenters/resident.ts';
import type { settingsSchema } from './presenters/settings.ts';
import type { errorSchema, okResponse } from './schemas.ts';
import type { activityListResponse, activitySchema } from './wire/activity.ts';
import type { alertListResponse, alertSchema } from './wire/alerts.ts';
import type { apiKeyCreateBody, apiKeyCreatedResponse, apiKeyListResponse, apiKeySchema } from './wire/apiKeys.ts';
import type { loginBody, loginResponse, userSchema } from './wire/auth.ts';
import type {
  cloudAccountResponse,
  cloudAccountSchema,
  cloudCodeSchema,
  cloudDeviceListResponse,
  cloudDeviceSchema,
  cloudLockCodesResponse,
  seamConnectBody,
} from './wire/cloud.ts';
import type {
  communityCreateBody,
  communityListResponse,
  communityResponse,
  communitySchema,
} from './wire/communities.ts';
import type {
  leasePatchBody,
  moveInBody,
  moveOutResponse,
  removalListResponse,
  removalSchema,
  residentListResponse,
  residentResponse,
  settingsPatchBody,
  settingsResponse,
} from './wire/community.ts';
import type {
  guestCodeListResponse,
  guestCodeResponse,
  guestCodeSchema,
  guestDoorSchema,
  scheduleSchema,
} from './wire/guestCodes.ts';
import type { hubIssuedResponse, hubListResponse, hubOverviewSchema } from './wire/hubs.ts';
import type { importLineErrorSchema, importResponse, importRowSchema, importSummarySchema } from './wire/imports.ts';
import type { integrationCodeListResponse, integrationCodeSchema } from './wire/integrationCodes.ts';
import type {
  invitationBody,
  invitationResponse,
  invitationSchema,
  managerInvitationBody,
} from './wire/invitations.ts';
import type {
  bundleResponse,
  lockCreateBody,
  lockDetailResponse,
  lockFleetResponse,
  lockHealthSchema,
  lockRemovalResponse,
  lockResponse,
  lockSchema,
} from './wire/locks.ts';
import type { messageListResponse, messageSchema } from './wire/messages.ts';
import type { cardListResponse, cardResponse, generateBody, pickBody } from './wire/myAccess.ts';
import type {
  accessPointBody,
  accessPointListResponse,
  accessPointSchema,
  unitCreatedResponse,
} from './wire/provisioning.ts';
import type {
  acceptInvitationBody,
  changePasswordBody,
  passwordResetBody,
  passwordResetConfirmBody,
  sessionsEndedResponse,
  setupBody,
  setupStatusResponse,
} from './wire/setup.ts';
import type {
  handoverResponse,
  hubOnlineResponse,
  keypadResponse,
  phoneNearbyResponse,
  simClockResponse,
  simLockListResponse,
  simLockSchema,
  simLockSlotsResponse,
  tamperBody,
  tamperResponse,
  wipeResponse,
} from './wire/sim.ts';
import type {
  staffCodeCreateBody,
  staffCodeListResponse,
  staffCodeResponse,
  staffCodeSchema,
} from './wire/staffCodes.ts';
import type { unitListResponse, unitSchema } from './wire/units.ts';
import type {
  webhookCreateBody,
  webhookCreatedResponse,
  webhookDeliveryListResponse,
  webhookDeliverySchema,
  webhookListResponse,
  webhookResponse,
  webhookSchema,
} from './wire/webhooks.ts';

export type { DoorReason } from './schemas.ts';

// Shared
export type ErrorResponse = z.infer<typeof errorSchema>;
export type OkResponse = z.infer<typeof okResponse>;

// Sessions (/auth)
export type User = z.infer<typeof userSchema>;
export type LoginBody = z.input<typeof loginBody>;
export type LoginResponse = z.infer<typeof loginResponse>;

// My access (/me/access)
/** A card's door; unlike a guest or staff code's door, never `removed` (a card keeps its code on its doors). */
export type Door = z.infer<typeof doorSchema>;
export type Card = z.infer<typeof cardSchema>;
export type CardListResponse = z.infer<typeof cardListResponse>;
export type CardResponse = z.infer<typeof cardResponse>;
export type GenerateBody = z.input<typeof generateBody>;
export type PickBody = z.input<typeof pickBody>;

// Guest codes (/me/guest-codes)
export type GuestCodeDoor = z.infer<typeof guestDoorSchema>;
export type GuestSchedule = z.infer<typeof scheduleSchema>;
export type GuestCode = z.infer<typeof guestCodeSchema>;
export type GuestCodeListResponse = z.infer<typeof guestCodeListResponse>;
export type GuestCodeResponse = z.infer<typeof guestCodeResponse>;

// Community settings and residents (/community/settings, /residents)
export type Settings = z.infer<typeof settingsSchema>;
export type SettingsResponse = z.infer<typeof settingsResponse>;
export type SettingsPatchBody = z.input<typeof settingsPatchBody>;
export type Resident = z.infer<typeof residentSchema>;
export type ResidentListResponse = z.infer<typeof residentListResponse>;
export type ResidentResponse = z.infer<typeof residentResponse>;
export type MoveInBody = z.input<typeof moveInBody>;
export type LeasePatchBody = z.input<typeof leasePatchBody>;
export type Removal = z.infer<typeof removalSchema>;
export type MoveOutResponse = z.infer<typeof moveOutResponse>;
export type RemovalListResponse = z.infer<typeof removalListResponse>;

// Resident import (/imports/residents)
export type ImportResponse = z.infer<typeof importResponse>;
export type ImportSummary = z.infer<typeof importSummarySchema>;
export type ImportRow = z.infer<typeof importRowSchema>;
export type ImportLineError = z.infer<typeof importLineErrorSchema>;

// Activity (/activity, /me/activity, and the live feed's `activity` events)
export type Activity = z.infer<typeof activitySchema>;
export type ActivityListResponse = z.infer<typeof activityListResponse>;

// Locks (/locks, /me/locks/{lockId}/bundle)
export type LockHealth = z.infer<typeof lockHealthSchema>;
export type LockFleetResponse = z.infer<typeof lockFleetResponse>;
export type BundleResponse = z.infer<typeof bundleResponse>;
/** The lock's signed receipt a phone carries back from a Bluetooth door (POST /me/locks/{lockId}/receipt). */
export type BluetoothReceipt = z.infer<typeof handoverResponse>;

// API keys (/api-keys)
export type ApiKey = z.infer<typeof apiKeySchema>;
export type ApiKeyListResponse = z.infer<typeof apiKeyListResponse>;
export type ApiKeyCreateBody = z.input<typeof apiKeyCreateBody>;
export type ApiKeyCreatedResponse = z.infer<typeof apiKeyCreatedResponse>;

// Staff codes and units (/staff-codes, /units)
export type StaffCode = z.infer<typeof staffCodeSchema>;
export type StaffCodeDoor = StaffCode['doors'][number];
export type StaffCodeListResponse = z.infer<typeof staffCodeListResponse>;
export type StaffCodeResponse = z.infer<typeof staffCodeResponse>;
export type StaffCodeCreateBody = z.input<typeof staffCodeCreateBody>;
export type Unit = z.infer<typeof unitSchema>;
export type UnitListResponse = z.infer<typeof unitListResponse>;

// Setting up the property (/units, /access-points, /hubs, /locks)
export type UnitCreatedResponse = z.infer<typeof unitCreatedResponse>;
export type AccessPoint = z.infer<typeof accessPointSchema>;
export type AccessPointListResponse = z.infer<typeof accessPointListResponse>;
export type AccessPointBody = z.input<typeof accessPointBody>;
export type HubOverview = z.infer<typeof hubOverviewSchema>;
export type HubListResponse = z.infer<typeof hubListResponse>;
export type CloudAccount = z.infer<typeof cloudAccountSchema>;
export type CloudAccountResponse = z.infer<typeof cloudAccountResponse>;
export type CloudDevice = z.infer<typeof cloudDeviceSchema>;
export type CloudDeviceListResponse = z.infer<typeof cloudDeviceListResponse>;
export type CloudCode = z.infer<typeof cloudCodeSchema>;
export type CloudLockCodesResponse = z.infer<typeof cloudLockCodesResponse>;
export type SeamConnectBody = z.input<typeof seamConnectBody>;
export type HubIssuedResponse = z.infer<typeof hubIssuedResponse>;
export type ProvisionedLock = z.infer<typeof lockSchema>;
export type LockCreateBody = z.input<typeof lockCreateBody>;
export type LockResponse = z.infer<typeof lockResponse>;
export type LockDetailResponse = z.infer<typeof lockDetailResponse>;
export type LockRemovalResponse = z.infer<typeof lockRemovalResponse>;

// Accounts: first start, invitations, passwords (/setup, /auth/…, /me/password, /me/sessions)
export type SetupBody = z.input<typeof setupBody>;
export type SetupStatusResponse = z.infer<typeof setupStatusResponse>;
export type AcceptInvitationBody = z.input<typeof acceptInvitationBody>;
export type PasswordResetBody = z.input<typeof passwordResetBody>;
export type PasswordResetConfirmBody = z.input<typeof passwordResetConfirmBody>;
export type ChangePasswordBody = z.input<typeof changePasswordBody>;
export type SessionsEndedResponse = z.infer<typeof sessionsEndedResponse>;

// Operator (/communities) and invitations (/invitations)
export type Community = z.infer<typeof communitySchema>;
export type CommunityListResponse = z.infer<typeof communityListResponse>;
export type CommunityResponse = z.infer<typeof communityResponse>;
export type CommunityCreateBody = z.input<typeof communityCreateBody>;
export type Invitation = z.infer<typeof invitationSchema>;
export type InvitationResponse = z.infer<typeof invitationResponse>;
export type InvitationBody = z.input<typeof invitationBody>;
export type ManagerInvitationBody = z.input<typeof managerInvitationBody>;

// Outgoing messages (/messages)
export type Message = z.infer<typeof messageSchema>;
export type MessageListResponse = z.infer<typeof messageListResponse>;

// Simulation, demo mode only (/sim)
export type SimLock = z.infer<typeof simLockSchema>;
export type SimLockListResponse = z.infer<typeof simLockListResponse>;
export type SimLockSlotsResponse = z.infer<typeof simLockSlotsResponse>;
export type KeypadResponse = z.infer<typeof keypadResponse>;
export type PhoneNearbyResponse = z.infer<typeof phoneNearbyResponse>;
export type HubOnlineResponse = z.infer<typeof hubOnlineResponse>;
export type SimClockResponse = z.infer<typeof simClockResponse>;
export type WipeResponse = z.infer<typeof wipeResponse>;
export type TamperBody = z.input<typeof tamperBody>;
export type TamperResponse = z.infer<typeof tamperResponse>;

// Integrations: webhook endpoints (/webhooks) and the codes integrations made (/integration-codes)
export type Webhook = z.infer<typeof webhookSchema>;
export type WebhookListResponse = z.infer<typeof webhookListResponse>;
export type WebhookResponse = z.infer<typeof webhookResponse>;
export type WebhookCreateBody = z.input<typeof webhookCreateBody>;
export type WebhookCreatedResponse = z.infer<typeof webhookCreatedResponse>;
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
export type WebhookDeliveryListResponse = z.infer<typeof webhookDeliveryListResponse>;
export type IntegrationCode = z.infer<typeof integrationCodeSchema>;
export type IntegrationCodeListResponse = z.infer<typeof integrationCodeListResponse>;

// Alerts a manager must notice (/alerts)
export type Alert = z.infer<typeof alertSchema>;
export type AlertListResponse = z.infer<typeof alertListResponse>;
