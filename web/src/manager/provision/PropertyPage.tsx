import { useState } from 'react';
import type { AccessPointListResponse, HubListResponse, UnitListResponse } from '../../../../src/http/wireTypes.ts';
import { useResource } from '../useResource.ts';
import { DoorsSection } from './DoorsSection.tsx';
import { HubsSection } from './HubsSection.tsx';
import { UnitsSection } from './UnitsSection.tsx';

/** Setting up the property: units, their doors and each door's lock, and the hubs that drive hub locks. */
export function PropertyPage({ canEdit, timeZone }: { canEdit: boolean; timeZone: string | undefined }) {
  const units = useResource<UnitListResponse>('/units');
  const doors = useResource<AccessPointListResponse>(canEdit ? '/access-points' : null, { pollMs: 3000 });
  const hubs = useResource<HubListResponse>(canEdit ? '/hubs' : null, { pollMs: 3000 });
  const [, setTick] = useState(0);
  const reloadAll = () => {
    units.reload();
    doors.reload();
    hubs.reload();
    setTick((n) => n + 1);
  };
  if (!canEdit) return <p className="muted">Only managers set up the property.</p>;
  return (
    <>
      <p className="mgr-hint">
        Set up the property in this order: units, then doors (each unit’s own doors, community doors such as gates and
        lobbies, amenities), then hubs, then a lock on each door.
      </p>
      <UnitsSection units={units.data?.units} error={units.error} onChanged={reloadAll} />
      <DoorsSection
        doors={doors.data?.accessPoints}
        units={units.data?.units ?? []}
        hubs={hubs.data?.hubs ?? []}
        error={doors.error}
        onChanged={reloadAll}
      />
      <HubsSection hubs={hubs.data?.hubs} error={hubs.error} timeZone={timeZone} onChanged={reloadAll} />
    </>
  );
}
