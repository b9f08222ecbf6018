/**
 * The slice of Seam's API Keyway uses, behind one small interface so tests (and a Seam-compatible server)
 * can stand in. The real implementation wraps `@seamapi/http`. Update and delete go as POST: Seam accepts
 * POST on every endpoint, while the SDK's PATCH/DELETE verbs are not understood by every Seam-compatible
 * server (Seam's own fake among them).
 *
 * Nothing here logs: requests carry PINs and the API key.
 */
import { SeamHttp } from '@seamapi/http';

export interface SeamDevice {
  deviceId: string;
  name: string;
  deviceType: string;
  model: string | null;
  manufacturer: string | null;
  online: boolean;
  /** 0–100, when the device reports it. */
  battery: number | null;
  canProgramCodes: boolean;
  supportedCodeLengths: number[] | null;
  maxActiveCodes: number | null;
}

export interface SeamCode {
  accessCodeId: string;
  deviceId: string;
  /** The PIN, when Seam knows it (it does for codes it set). */
  code: string | null;
  name: string | null;
  status: string;
  type: string;
  isManaged: boolean;
  startsAt: string | null;
  endsAt: string | null;
  errors: string[];
  warnings: string[];
}

export interface SeamEvent {
  eventId: string;
  eventType: string;
  deviceId: string | null;
  accessCodeId: string | null;
  workspaceId: string | null;
  occurredAt: string;
}

export interface NewSeamCode {
  deviceId: string;
  name: string;
  code: string;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
}

export interface SeamApi {
  workspace(): Promise<{ workspaceId: string; name: string }>;
  listDevices(): Promise<SeamDevice[]>;
  getDevice(deviceId: string): Promise<SeamDevice>;
  createCode(code: NewSeamCode): Promise<SeamCode>;
  updateCode(accessCodeId: string, change: Omit<NewSeamCode, 'deviceId'>): Promise<void>;
  deleteCode(accessCodeId: string): Promise<void>;
  /** Undefined when Seam no longer has the code. */
  getCode(accessCodeId: string): Promise<SeamCode | undefined>;
  /** Codes Seam manages on the device (filtered here: some servers ignore the device filter). */
  listCodes(deviceId: string): Promise<SeamCode[]>;
  /** Codes on the device that Seam did not set (someone programmed them at the lock or in another app). */
  listUnmanagedCodes(deviceId: string): Promise<SeamCode[]>;
  listEvents(since: Date): Promise<SeamEvent[]>;
  createWebhook(url: string, eventTypes: readonly string[]): Promise<{ webhookId: string; secret: string }>;
  deleteWebhook(webhookId: string): Promise<void>;
}

/** Opens a client for one workspace's API key at an endpoint (injected so tests can replace it). */
export type SeamApiFactory = (endpoint: string, apiKey: string) => SeamApi;

export const SEAM_DEFAULT_ENDPOINT = 'https://connect.getseam.com';

type Raw = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const problemTypes = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .map((p) => (p && typeof p === 'object' ? ((p as Raw).error_code ?? (p as Raw).warning_code) : null))
        .filter((c): c is string => typeof c === 'string')
    : [];

export function toSeamDevice(raw: Raw): SeamDevice {
  const p = (raw.properties ?? {}) as Raw;
  const model = (p.model ?? {}) as Raw;
  const battery = (p.battery ?? null) as Raw | null;
  const level = typeof p.battery_level === 'number' ? p.battery_level : battery?.level;
  const lengths = p.supported_code_lengths;
  return {
    deviceId: String(raw.device_id),
    name: str(p.name) ?? str(raw.display_name) ?? String(raw.device_id),
    deviceType: String(raw.device_type ?? ''),
    model: str(model.display_name),
    manufacturer: str(p.manufacturer) ?? str(model.manufacturer_display_name),
    online: p.online === true,
    // Seam reports 0–1.
    battery: typeof level === 'number' ? Math.round(Math.min(1, Math.max(0, level)) * 100) : null,
    canProgramCodes:
      raw.can_program_online_access_codes === true ||
      (Array.isArray(raw.capabilities_supported) && raw.capabilities_supported.includes('access_code')),
    supportedCodeLengths: Array.isArray(lengths) ? lengths.filter((n): n is number => Number.isInteger(n)) : null,
    maxActiveCodes: typeof p.max_active_codes_supported === 'number' ? p.max_active_codes_supported : null,
  };
}

export function toSeamCode(raw: Raw): SeamCode {
  return {
    accessCodeId: String(raw.access_code_id),
    deviceId: String(raw.device_id),
    code: str(raw.code),
    name: str(raw.name),
    status: String(raw.status ?? 'unknown'),
    type: String(raw.type ?? 'ongoing'),
    isManaged: raw.is_managed !== false,
    startsAt: str(raw.starts_at),
    endsAt: str(raw.ends_at),
    errors: problemTypes(raw.errors),
    warnings: problemTypes(raw.warnings),
  };
}

export function toSeamEvent(raw: Raw): SeamEvent {
  return {
    eventId: String(raw.event_id ?? ''),
    eventType: String(raw.event_type ?? ''),
    deviceId: str(raw.device_id),
    accessCodeId: str(raw.access_code_id),
    workspaceId: str(raw.workspace_id),
    occurredAt: str(raw.occurred_at) ?? str(raw.created_at) ?? new Date(0).toISOString(),
  };
}

/** The real client: `@seamapi/http` with its own retries off (the cloud job queue retries with backoff). */
export const openSeamHttp: SeamApiFactory = (endpoint, apiKey) => {
  const seam = SeamHttp.fromApiKey(apiKey, { endpoint, timeout: 15_000, axiosRetryOptions: { retries: 0 } });
  const post = async (path: string, body: Raw) => (await seam.client.post(path, body)).data as Raw;
  return {
    async workspace() {
      const w = (await seam.workspaces.get()) as unknown as Raw;
      return { workspaceId: String(w.workspace_id), name: str(w.name) ?? String(w.workspace_id) };
    },
    async listDevices() {
      return ((await seam.devices.list()) as unknown as Raw[]).map(toSeamDevice);
    },
    async getDevice(deviceId) {
      return toSeamDevice((await seam.devices.get({ device_id: deviceId })) as unknown as Raw);
    },
    async createCode(code) {
      const created = await seam.accessCodes.create({
        device_id: code.deviceId,
        name: code.name,
        code: code.code,
        ...(code.startsAt && code.endsAt ? { starts_at: code.startsAt, ends_at: code.endsAt } : {}),
      });
      return toSeamCode(created as unknown as Raw);
    },
    async updateCode(accessCodeId, change) {
      await post('/access_codes/update', {
        access_code_id: accessCodeId,
        name: change.name,
        code: change.code,
        ...(change.startsAt && change.endsAt
          ? { type: 'time_bound', starts_at: change.startsAt, ends_at: change.endsAt }
          : { type: 'ongoing' }),
      });
    },
    async deleteCode(accessCodeId) {
      await post('/access_codes/delete', { access_code_id: accessCodeId });
    },
    async getCode(accessCodeId) {
      try {
        return toSeamCode((await seam.accessCodes.get({ access_code_id: accessCodeId })) as unknown as Raw);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404) return undefined;
        throw error;
      }
    },
    async listCodes(deviceId) {
      const codes = (await seam.accessCodes.list({ device_id: deviceId })) as unknown as Raw[];
      return codes.map(toSeamCode).filter((c) => c.deviceId === deviceId && c.isManaged);
    },
    async listUnmanagedCodes(deviceId) {
      const codes = (await seam.accessCodes.unmanaged.list({ device_id: deviceId })) as unknown as Raw[];
      return codes.map((c) => ({ ...toSeamCode(c), isManaged: false })).filter((c) => c.deviceId === deviceId);
    },
    async listEvents(since) {
      return ((await seam.events.list({ since: since.toISOString() })) as unknown as Raw[]).map(toSeamEvent);
    },
    async createWebhook(url, eventTypes) {
      const hook = (await seam.webhooks.create({ url, event_types: [...eventTypes] })) as unknown as Raw;
      return { webhookId: String(hook.webhook_id), secret: String(hook.secret ?? '') };
    },
    async deleteWebhook(webhookId) {
      await post('/webhooks/delete', { webhook_id: webhookId });
    },
  };
};
