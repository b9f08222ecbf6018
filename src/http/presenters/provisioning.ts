/** Allow-list presenters for the property set-up routes: rows never go out as they are. */
import type { z } from 'zod';
import type { HubOverview } from '../../services/hubs.ts';
import type { ProvisionedLock } from '../../store/repositories/devices.ts';
import type { HubRow } from '../../store/repositories/hubs.ts';
import type { AccessPointRow } from '../../store/repositories/provisioning.ts';
import type { hubOverviewSchema, hubSchema } from '../wire/hubs.ts';
import type { lockSchema } from '../wire/locks.ts';
import type { accessPointSchema } from '../wire/provisioning.ts';

export function presentAccessPoint(row: AccessPointRow): z.infer<typeof accessPointSchema> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    unitId: row.unitId,
    unitName: row.unitName,
    lock: row.lock
      ? {
          id: row.lock.id,
          connectivity: row.lock.connectivity,
          hubId: row.lock.hubId,
          address: row.lock.address,
          retiring: row.lock.retiring,
        }
      : null,
  };
}

export function presentHub(row: HubRow): z.infer<typeof hubSchema> {
  return {
    id: row.id,
    name: row.name,
    online: row.online,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    username: row.mqttUsername,
    credentialsIssuedAt: row.credentialsIssuedAt?.toISOString() ?? null,
  };
}

export function presentHubOverview(row: HubOverview): z.infer<typeof hubOverviewSchema> {
  return {
    ...presentHub(row),
    lockCount: row.locks.length,
    locks: row.locks.map((l) => ({ lockId: l.lockId, address: l.address, doorName: l.doorName })),
    discovered: row.discovered.map((d) => ({
      address: d.address,
      capabilities: d.capabilities,
      firstSeenAt: d.firstSeenAt.toISOString(),
      lastSeenAt: d.lastSeenAt.toISOString(),
    })),
  };
}

export function presentLock(row: ProvisionedLock): z.infer<typeof lockSchema> {
  return {
    id: row.id,
    accessPointId: row.accessPointId,
    connectivity: row.connectivity,
    hubId: row.hubId,
    address: row.address,
    capabilities: {
      codeLengths: row.codeLengths.map(Number),
      slotCount: row.slotCount,
      nativeSchedules: row.nativeSchedules,
      readableCodes: row.readableCodes,
    },
    retiring: row.retiringSince !== null,
  };
}
