/**
 * What the Seam-compatible services return. The presenters in http/seam turn these into Seam's snake_case shapes;
 * the workspace is the community (`workspace_id` = community id), a device is a Keyway lock (`device_id` = lock id).
 */

/** An error or warning on a code or device, as Seam reports them (`error_code` / `warning_code` on the wire). */
export interface SeamProblem {
  code: string;
  message: string;
  createdAt: Date | null;
}

/** Seam's access-code statuses. `unset`: a time-bound code whose time has not come (or has gone). */
export type SeamAccessCodeStatus = 'setting' | 'set' | 'unset' | 'removing' | 'unknown';

export interface SeamAccessCodeView {
  accessCodeId: string;
  deviceId: string;
  workspaceId: string;
  name: string | null;
  /** The PIN (the integrator made it, so the integrator sees it, as on Seam). */
  code: string;
  type: 'ongoing' | 'time_bound';
  startsAt: Date | null;
  endsAt: Date | null;
  status: SeamAccessCodeStatus;
  isManaged: true;
  isOneTimeUse: boolean;
  commonCodeKey: string | null;
  createdAt: Date;
  errors: SeamProblem[];
  warnings: SeamProblem[];
  /** Keyway's additions: which integration (API key name) made it, and the door. */
  keyway: { integration: string | null; doorName: string };
}
