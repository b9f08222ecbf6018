/**
 * The console's view of codes that integrations made through the Seam-compatible API: which integration, which
 * door, when it works, where it stands on its lock (Seam's status) and any problem in plain words — never the PIN.
 * A manager can revoke one; that goes the same way as the integration's own delete.
 */
import { seamCodeType } from '../domain/seam/codeValidity.ts';
import { type IntegrationCodeRow, integrationCodes } from '../store/repositories/seamAccessCodes.ts';
import type { ServiceDeps } from './deps.ts';
import { authorize } from './policies.ts';
import type { Principal } from './principal.ts';
import { deleteSeamAccessCode } from './seam/deleteSeamAccessCode.ts';
import { statusOf } from './seam/seamAccessCodeView.ts';

export interface IntegrationCodeView {
  id: string;
  name: string | null;
  integration: string | null;
  apiKeyId: string | null;
  lockId: string;
  doorName: string;
  type: 'ongoing' | 'time_bound';
  startsAt: Date | null;
  endsAt: Date | null;
  oneTimeUse: boolean;
  status: 'setting' | 'set' | 'unset' | 'removing';
  problems: string[];
  createdAt: Date;
  revokedAt: Date | null;
}

/** The console shows at most this many (newest first); the Seam API pages through all of them. */
const CONSOLE_LIMIT = 1000;

function view(row: IntegrationCodeRow, now: Date): IntegrationCodeView {
  const status = statusOf(row, now);
  return {
    id: row.id,
    name: row.name,
    integration: row.integration,
    apiKeyId: row.apiKeyId,
    lockId: row.lockId,
    doorName: row.doorName,
    type: seamCodeType(row),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    oneTimeUse: row.oneTimeUse,
    // Not listed any more: it has just left its lock (a revoke answered after the lock confirmed it).
    status: status.listed ? status.status : 'removing',
    problems: status.listed ? [...status.errors, ...status.warnings].map((p) => p.message) : [],
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

export async function listIntegrationCodes(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  principal: Principal,
): Promise<IntegrationCodeView[]> {
  authorize(principal, 'property.manage');
  const rows = await integrationCodes(deps.db, principal.communityId, {
    listedOnly: true,
    order: 'newest',
    limit: CONSOLE_LIMIT,
  });
  const now = deps.clock.now();
  return rows.map((row) => view(row, now));
}

export async function revokeIntegrationCode(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'sync'>,
  principal: Principal,
  id: string,
): Promise<IntegrationCodeView> {
  const row = await deleteSeamAccessCode(deps, principal, { accessCodeId: id });
  return view(row, deps.clock.now());
}
