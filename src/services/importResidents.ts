/**
 * PMS import: a manager (or an integrator's API key) sends the community's rent roll as CSV. Each line is read,
 * normalised and planned against the database — create the resident, update their lease, unit, name or phone,
 * move them out (a lease that has ended while they still live here), or nothing. A dry run answers with the
 * plan; an apply carries out every line in one transaction, and nothing at all when any line has an error.
 *
 * Units the file names that the community lacks are created (a manager importing a rent roll expects the units
 * in it to exist afterwards; the summary counts them so a typo shows). Residents absent from the file are left
 * alone: a partial export must not move anyone out.
 */
import { KeywayError } from '../domain/errors.ts';
import { type EmailOwner, lastDayBefore, planRow, type RowChange, type RowPlan } from '../domain/import/planRow.ts';
import { type ImportLineError, parseResidentCsv } from '../domain/import/residentRows.ts';
import { localDate } from '../domain/residency.ts';
import type { Tx } from '../store/database.ts';
import { type CommunityRow, findCommunity, insertResidency } from '../store/repositories/communities.ts';
import { recordEvent } from '../store/repositories/events.ts';
import {
  insertUnits,
  isUniqueViolation,
  lockCommunityImports,
  ownersOfEmails,
  unitIdsByName,
  updatePersonDetails,
} from '../store/repositories/imports.ts';
import { activeCardsOf } from '../store/repositories/revocations.ts';
import type { ServiceDeps } from './deps.ts';
import { createResidentsInBatch } from './importResidentsBatch.ts';
import { issueResidentCards } from './issueResidentCards.ts';
import { planCards, settleLease, startLease } from './leaseTransitions.ts';
import { authorize } from './policies.ts';
import { actorOf, type Principal } from './principal.ts';
import { issueInvitation } from './support/invitation.ts';

export interface ImportResidentsProps {
  /** The file's text (UTF-8, a byte-order mark is fine). */
  csv: string;
  /** True: plan only, write nothing. */
  dryRun: boolean;
  /**
   * Send each created resident an invitation (email link to choose their password, as POST /invitations does).
   * Without it, created residents have no password and get no mail.
   */
  invite?: boolean;
}

export type ImportAction = 'create' | 'update' | 'move_out' | 'unchanged';

export interface ImportRowView {
  line: number;
  action: ImportAction;
  name: string;
  email: string;
  unit: string;
  leaseStart: string;
  leaseEnd: string | null;
  changes: RowChange[];
}

export interface ImportSummary {
  create: number;
  update: number;
  moveOut: number;
  unchanged: number;
  unitsCreated: number;
}

export interface ImportResult {
  /** What was done (applied) or would be done (dry run, or refused because of errors). */
  summary: ImportSummary;
  rows: ImportRowView[];
  errors: ImportLineError[];
  applied: boolean;
}

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'random' | 'cipher' | 'sync' | 'publicUrl'>;

export async function importResidents(
  deps: Deps,
  principal: Principal,
  props: ImportResidentsProps,
): Promise<ImportResult> {
  authorize(principal, 'residents.manage');
  const parsed = parseResidentCsv(props.csv);
  const run = async (tx: Tx | Deps['db'], apply: boolean): Promise<ImportResult> => {
    const community = await findCommunity(tx, principal.communityId);
    if (!community) throw new KeywayError('not_found', 'Community not found.');
    const today = localDate(deps.clock.now(), community.timeZone);
    const owners = await ownersOf(
      tx,
      community.id,
      parsed.rows.map((r) => r.email),
    );
    const errors = [...parsed.errors];
    const plans: RowPlan[] = [];
    const units = await unitIdsByName(tx, community.id);
    // "2b" in the file is the community's unit "2B": units match without regard to case.
    const unitNames = new Map([...units.keys()].map((name) => [name.toLowerCase(), name]));
    for (const read of parsed.rows) {
      const key = read.unit.toLowerCase();
      if (!unitNames.has(key)) unitNames.set(key, read.unit); // a new unit: its first spelling in the file
      const row = { ...read, unit: unitNames.get(key) ?? read.unit };
      const plan = planRow(row, owners.get(row.email) ?? { kind: 'nobody' }, today);
      if ('code' in plan) errors.push(plan);
      else plans.push(plan);
    }
    errors.sort((a, b) => a.line - b.line);
    const missingUnits = [
      ...new Set(plans.filter((p) => p.action !== 'unchanged' && !units.has(p.row.unit)).map((p) => p.row.unit)),
    ];
    const summary = summarise(plans, missingUnits.length);
    const rows = plans.map(rowView);
    if (!apply || errors.length > 0) return { summary, rows, errors, applied: false };
    // Nothing to do (a re-import of the same file): nothing is written, not even the import event.
    if (summary.create + summary.update + summary.moveOut === 0) return { summary, rows, errors, applied: true };
    await applyPlans(tx as Tx, deps, principal, community, plans, units, missingUnits, props.invite ?? false);
    await recordEvent(tx, {
      communityId: community.id,
      type: 'residents.imported',
      actor: actorOf(principal),
      subject: { type: 'community', id: community.id },
      data: { ...summary },
      at: deps.clock.now(),
    });
    return { summary, rows, errors, applied: true };
  };
  if (props.dryRun) return run(deps.db, false);
  try {
    return await deps.db.transaction(async (tx) => {
      await lockCommunityImports(tx, principal.communityId);
      return run(tx, true);
    });
  } catch (error) {
    // Someone got one of these emails (an invitation, a move-in) between the plan and the insert.
    if (isUniqueViolation(error)) {
      throw new KeywayError(
        'conflict_state',
        'Someone was added with one of these emails meanwhile; import the file again.',
      );
    }
    throw error;
  }
}

async function ownersOf(ex: Tx | Deps['db'], communityId: string, emails: string[]): Promise<Map<string, EmailOwner>> {
  const owners = new Map<string, EmailOwner>();
  for (const o of await ownersOfEmails(ex, communityId, emails)) {
    if (o.communityId !== communityId || o.role !== 'resident') {
      owners.set(o.email, { kind: 'other' });
      continue;
    }
    owners.set(o.email, {
      kind: 'resident',
      resident: {
        personId: o.personId,
        name: o.name,
        phone: o.phone,
        residency:
          o.residencyId && o.unit && o.moveIn
            ? {
                id: o.residencyId,
                unit: o.unit,
                moveIn: o.moveIn,
                moveOut: o.moveOut,
                accessState: o.accessState ?? 'current',
              }
            : null,
      },
    });
  }
  return owners;
}

function summarise(plans: RowPlan[], unitsCreated: number): ImportSummary {
  const count = (action: ImportAction) => plans.filter((p) => p.action === action).length;
  return {
    create: count('create'),
    update: count('update'),
    moveOut: count('move_out'),
    unchanged: count('unchanged'),
    unitsCreated,
  };
}

function rowView(plan: RowPlan): ImportRowView {
  const { row } = plan;
  return {
    line: row.line,
    action: plan.action,
    name: row.name,
    email: row.email,
    unit: row.unit,
    leaseStart: row.leaseStart,
    leaseEnd: row.leaseEnd,
    changes: plan.action === 'update' || plan.action === 'move_out' ? plan.changes : [],
  };
}

async function applyPlans(
  tx: Tx,
  deps: Deps,
  principal: Principal,
  community: CommunityRow,
  plans: RowPlan[],
  units: Map<string, string>,
  missingUnits: string[],
  invite: boolean,
): Promise<void> {
  const at = deps.clock.now();
  const newUnits = missingUnits.map((name) => ({
    id: deps.random.uuid(),
    communityId: community.id,
    name,
    createdAt: at,
  }));
  await insertUnits(tx, newUnits);
  for (const u of newUnits) units.set(u.name, u.id);
  const actor = actorOf(principal);
  const unitOf = (name: string) => {
    const id = units.get(name);
    if (!id) throw new Error(`unit ${name} was neither found nor created`);
    return { id, name };
  };
  // New residents together, in a few statements (a rent roll brings thousands): see importResidentsBatch.ts.
  const created = await createResidentsInBatch(
    tx,
    deps,
    community,
    plans
      .filter((p) => p.action === 'create')
      .map((p) => ({ row: p.row, unitId: unitOf(p.row.unit).id, unitName: p.row.unit })),
    actor,
  );
  if (invite) {
    for (const person of created) {
      await issueInvitation(tx, deps, {
        person: { id: person.personId, email: person.email, name: person.name, role: 'resident' },
        community,
        actor,
        inviterName: principal.name,
        reinvite: false,
      });
    }
  }
  const toReconcile = new Set<string>();
  for (const plan of plans) {
    const { row } = plan;
    if (plan.action === 'unchanged') continue;
    if (plan.action === 'create') continue;
    const { resident, changes } = plan;
    const details: { name?: string; phone?: string } = {};
    if (changes.includes('name')) details.name = row.name;
    if (changes.includes('phone') && row.phone !== null) details.phone = row.phone;
    await updatePersonDetails(tx, resident.personId, details);
    const lease = resident.residency;
    const dates = { moveIn: row.leaseStart, moveOut: row.leaseEnd };
    if (!lease || changes.includes('unit') || changes.includes('new_lease')) {
      // A move (or a return): the new lease first, so that ending the old one is not mistaken for a move-out.
      const residencyId = deps.random.uuid();
      await insertResidency(tx, {
        id: residencyId,
        communityId: community.id,
        personId: resident.personId,
        unitId: unitOf(row.unit).id,
        ...dates,
        createdAt: at,
      });
      await startLease(tx, residencyId, at);
      if (lease && lease.accessState !== 'ended') {
        const old = { moveIn: lease.moveIn, moveOut: lastDayBefore(lease.moveIn, lease.moveOut, row.leaseStart) };
        const outcome = await settleLease(tx, deps, lease.id, at, actor, old);
        for (const id of outcome?.lockIds ?? []) toReconcile.add(id);
      }
      if ((await activeCardsOf(tx, resident.personId)).length === 0) {
        // Back after a move-out: their old cards were revoked; new ones, as for anyone moving in.
        await issueResidentCards(tx, deps, { communityId: community.id, personId: resident.personId, actor });
      } else {
        for (const id of await planCards(tx, deps, resident.personId, at)) toReconcile.add(id);
      }
    } else if (changes.includes('lease_start') || changes.includes('lease_end') || plan.action === 'move_out') {
      // The lease path decides what the dates mean now: a move-out whose day has passed ends access at once.
      const outcome = await settleLease(tx, deps, lease.id, at, actor, dates);
      for (const id of outcome?.lockIds ?? []) toReconcile.add(id);
    }
    await recordEvent(tx, {
      communityId: community.id,
      type: 'resident.imported_change',
      actor,
      subject: { type: 'person', id: resident.personId },
      data: { action: plan.action, changes },
      at,
    });
  }
  await deps.sync.reconcileLocks([...toReconcile], tx);
}
