/**
 * Devices and the workspace for the Seam-compatible API: a key's community is the workspace, its locks (every
 * connectivity) are the devices. Filters the SDK sends are honoured where they mean something for Keyway; a
 * filter on a brand, type or metadata Keyway's devices do not have matches nothing, and unknown filters are
 * ignored (seamRoute accepts fields newer SDKs send).
 */
import { KeywayError } from '../../domain/errors.ts';
import { findCommunity } from '../../store/repositories/communities.ts';
import { type SeamDeviceFilter, seamDeviceRows } from '../../store/repositories/seamDevices.ts';
import type { ServiceDeps } from '../deps.ts';
import { authorize } from '../policies.ts';
import type { Principal } from '../principal.ts';
import { DEFAULT_PAGE_LIMIT, decodePageCursor, MAX_PAGE_LIMIT, type Page, toPage } from './pageCursor.ts';
import { SEAM_DEVICE_TYPE, SEAM_MANUFACTURER, type SeamDeviceView, seamDeviceView } from './seamDeviceView.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock'>;

export interface SeamDeviceQuery {
  deviceIds?: string[] | undefined;
  deviceType?: string | undefined;
  deviceTypes?: string[] | undefined;
  manufacturer?: string | undefined;
  connectedAccountId?: string | undefined;
  connectedAccountIds?: string[] | undefined;
  createdBefore?: Date | undefined;
  customMetadataHas?: Record<string, unknown> | undefined;
  search?: string | undefined;
  limit?: number | undefined;
  pageCursor?: string | null | undefined;
}

export interface SeamWorkspaceView {
  workspaceId: string;
  name: string;
  timeZone: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filters no Keyway device can satisfy: answered with an empty page without asking the database. */
function matchesNothing(query: SeamDeviceQuery): boolean {
  const types = [...(query.deviceType ? [query.deviceType] : []), ...(query.deviceTypes ?? [])];
  if (types.length > 0 && !types.includes(SEAM_DEVICE_TYPE)) return true;
  if (query.manufacturer !== undefined && query.manufacturer !== SEAM_MANUFACTURER) return true;
  // Keyway keeps no custom metadata on devices (`custom_metadata` is always {}).
  return query.customMetadataHas !== undefined && Object.keys(query.customMetadataHas).length > 0;
}

export async function listSeamDevices(
  deps: Deps,
  principal: Principal,
  query: SeamDeviceQuery,
): Promise<Page<SeamDeviceView>> {
  authorize(principal, 'property.manage');
  const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, query.limit ?? DEFAULT_PAGE_LIMIT));
  const after = decodePageCursor(query.pageCursor);
  if (matchesNothing(query)) return { items: [], nextCursor: null };
  const accounts = [
    ...(query.connectedAccountId ? [query.connectedAccountId] : []),
    ...(query.connectedAccountIds ?? []),
  ];
  const filter: SeamDeviceFilter = {
    // An id that is not a uuid names no lock (and must not reach a uuid comparison).
    lockIds: query.deviceIds?.filter((id) => UUID.test(id)),
    connectedAccountIds: accounts.length > 0 ? accounts : undefined,
    search: query.search?.trim() || undefined,
    createdBefore: query.createdBefore,
    after: after ?? undefined,
    limit: limit + 1,
  };
  return views(deps, principal, filter, (rows) =>
    toPage(rows, limit, (d) => ({ createdAt: d.createdAt, id: d.deviceId })),
  );
}

/** One device by its id or by its name (the door's); a lock of another community is not found, like an unknown one. */
export async function getSeamDevice(
  deps: Deps,
  principal: Principal,
  by: { deviceId?: string | undefined; name?: string | undefined },
): Promise<SeamDeviceView> {
  authorize(principal, 'property.manage');
  const notFound = () =>
    new KeywayError('not_found', 'No device with that id in this workspace.', { resource: 'device' });
  if (by.deviceId !== undefined && !UUID.test(by.deviceId)) throw notFound();
  if (by.deviceId === undefined && by.name === undefined)
    throw new KeywayError('invalid_request', 'Give device_id or name.', { field: 'device_id' });
  const page = await views(
    deps,
    principal,
    { lockIds: by.deviceId ? [by.deviceId] : undefined, name: by.name, limit: 1 },
    (items) => ({ items, nextCursor: null }),
  );
  const [device] = page.items;
  if (!device) throw notFound();
  return device;
}

async function views(
  deps: Deps,
  principal: Principal,
  filter: SeamDeviceFilter,
  paginate: (views: SeamDeviceView[]) => Page<SeamDeviceView>,
): Promise<Page<SeamDeviceView>> {
  return deps.db.transaction(async (tx) => {
    const community = await findCommunity(tx, principal.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    const now = deps.clock.now();
    const rows = await seamDeviceRows(tx, principal.communityId, filter);
    return paginate(rows.map((row) => seamDeviceView(row, community.settings, now)));
  });
}

export async function getSeamWorkspace(deps: Pick<Deps, 'db'>, principal: Principal): Promise<SeamWorkspaceView> {
  authorize(principal, 'property.manage');
  const community = await findCommunity(deps.db, principal.communityId);
  if (!community) throw new KeywayError('not_found', 'Community not found.');
  return { workspaceId: community.id, name: community.name, timeZone: community.timeZone };
}
