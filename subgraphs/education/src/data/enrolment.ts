// Enrolment: who may join a cohort, judged inside one transaction that holds the cohort's lock, so
// that concurrent enrolments queue and the last seat goes to one of them only. A batch is all or
// nothing: every refused row is reported, and nothing is written.
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { AppError, bulkInsert, emitMany, fingerprintOf, idempotently, violatedUnique, type Db, type Viewer } from '@snn/platform';
import type { CitizenRow } from './citizens';
import type { CohortRow } from './cohorts';
import type { EnrollmentRow } from './enrollments';
import { profileOf } from './placementProfile';
import { ofServiceAge, SERVICE_AGE, UNDER_WAY } from './rules';
import { citizens, enrollments } from './tables';
import { audit, lockCohort, recordTransitions, seatsTaken } from './writing';

/** Why a citizen may not be enrolled: `extensions.reason` (one call) or each `extensions.errors[].code` (a batch). */
export type RefusalCode =
  | 'UNKNOWN_CITIZEN'
  | 'DUPLICATE_IN_REQUEST'
  | 'AGE_OUT_OF_RANGE'
  | 'NO_NON_GRADUATE_PATH'
  | 'ALREADY_ENROLLED'
  | 'ALREADY_COMPLETED'
  | 'EXEMPTED'
  | 'DEFERRED_UNTIL'
  | 'COHORT_FULL';

export interface Refusal {
  row: number;
  field: string;
  code: RefusalCode;
  message: string;
}

/** Whether one citizen may join `cohort`, given all their enrolments; null when they may. */
export function refusalOf(citizen: CitizenRow | undefined, cohort: CohortRow, theirs: readonly EnrollmentRow[]): Omit<Refusal, 'row' | 'field'> | null {
  if (!citizen) return { code: 'UNKNOWN_CITIZEN', message: 'no citizen is registered with this id' };
  if (!ofServiceAge(citizen.birthDate, cohort.startDate)) {
    return {
      code: 'AGE_OUT_OF_RANGE',
      message: `the citizen must be ${SERVICE_AGE.min} to ${SERVICE_AGE.max} years old on the cohort's start (${cohort.startDate})`,
    };
  }
  if (!citizen.graduate && !cohort.nonGraduatePath) return { code: 'NO_NON_GRADUATE_PATH', message: 'the cohort has no non-graduate path' };
  for (const e of theirs) {
    if (e.cohortId === cohort.id) return { code: 'ALREADY_ENROLLED', message: `the citizen is already enrolled in this cohort (${e.status})` };
    if (UNDER_WAY.includes(e.status)) return { code: 'ALREADY_ENROLLED', message: 'the citizen is enrolled in another cohort' };
    if (e.status === 'COMPLETED') return { code: 'ALREADY_COMPLETED', message: 'the citizen has completed the service' };
    if (e.status === 'EXEMPTED') return { code: 'EXEMPTED', message: 'the citizen is exempted from the service' };
    if (e.status === 'DEFERRED' && e.deferredUntil && cohort.startDate < e.deferredUntil) {
      return { code: 'DEFERRED_UNTIL', message: `the citizen deferred their service until ${e.deferredUntil}` };
    }
  }
  return null;
}

function refused(refusals: readonly Refusal[], single: boolean): AppError {
  const first = refusals[0] as Refusal;
  const more = refusals.length > 1 ? ` (and ${refusals.length - 1} more rows: see extensions.errors)` : '';
  const where = single ? first.field : `${first.field} (row ${first.row})`;
  return new AppError('BAD_USER_INPUT', `${where}: ${first.message}${more}; nothing was enrolled`, {
    field: first.field,
    reason: first.code,
    errors: refusals.map(({ row, field, code }) => ({ row, field, code })),
  });
}

export interface EnrolmentRequest {
  cohortId: string;
  citizenIds: readonly string[];
  /** One citizen through enrollCitizen: errors name `citizenId`, not `citizenIds[0]`. */
  single: boolean;
}

async function enrolIn(tx: Db, viewer: Viewer, req: EnrolmentRequest, today: string): Promise<string[]> {
  const cohort = await lockCohort(tx, req.cohortId);
  if (!cohort) throw new AppError('BAD_USER_INPUT', `cohortId: no cohort has the id ${req.cohortId}`, { field: 'cohortId', reason: 'UNKNOWN_COHORT' });
  if (cohort.intakeClosedOn !== null || today > cohort.startDate) {
    throw new AppError(
      'BAD_USER_INPUT',
      `cohortId: the cohort's intake is closed (${cohort.intakeClosedOn ? `since ${cohort.intakeClosedOn}` : `it started on ${cohort.startDate}`})`,
      {
        field: 'cohortId',
        reason: 'INTAKE_CLOSED',
      },
    );
  }
  const ids = [...new Set(req.citizenIds)];
  const people = new Map((await tx.select().from(citizens).where(inArray(citizens.id, ids))).map((c) => [c.id, c]));
  const theirs = new Map<string, EnrollmentRow[]>();
  for (const e of await tx.select().from(enrollments).where(inArray(enrollments.citizenId, ids))) {
    theirs.set(e.citizenId, [...(theirs.get(e.citizenId) ?? []), e]);
  }
  const fieldOf = (row: number) => (req.single ? 'citizenId' : `citizenIds[${row}]`);
  const refusals: Refusal[] = [];
  const eligible: number[] = [];
  const seen = new Set<string>();
  req.citizenIds.forEach((id, row) => {
    if (seen.has(id)) {
      refusals.push({ row, field: fieldOf(row), code: 'DUPLICATE_IN_REQUEST', message: 'the citizen is listed twice' });
      return;
    }
    seen.add(id);
    const refusal = refusalOf(people.get(id), cohort, theirs.get(id) ?? []);
    if (refusal) refusals.push({ row, field: fieldOf(row), ...refusal });
    else eligible.push(row);
  });
  const left = cohort.capacity - (await seatsTaken(tx, cohort.id));
  for (const row of eligible.slice(Math.max(left, 0))) {
    refusals.push({ row, field: fieldOf(row), code: 'COHORT_FULL', message: `the cohort has ${Math.max(left, 0)} of its ${cohort.capacity} seats left` });
  }
  if (refusals.length > 0)
    throw refused(
      refusals.sort((a, b) => a.row - b.row),
      req.single,
    );

  const rows = req.citizenIds.map((citizenId) => ({ id: randomUUID(), citizenId, cohortId: cohort.id, status: 'ENROLLED' as const, enrolledOn: today }));
  // One statement for the enrolments and one for their first history rows, whatever the batch's size.
  await bulkInsert(tx, enrollments, rows);
  await recordTransitions(
    tx,
    viewer,
    rows.map((r) => ({ enrollmentId: r.id, from: null, to: 'ENROLLED', on: today, reason: null })),
  );
  // Universities award credits to enrolled citizens only: they keep a copy fed by this event.
  await emitMany(
    tx,
    'education.citizen-enrolled',
    rows.map((r) => ({
      aggregateId: r.id,
      payload: { citizenId: r.citizenId, enrollmentId: r.id, cohortId: cohort.id, track: cohort.track, enrolledOn: today },
    })),
  );
  // The placement round's copy of each citizen: territory, reserves, internship window, no skills yet.
  const profiles = await profileOf(
    tx,
    rows.map((r) => r.id),
  );
  await emitMany(
    tx,
    'education.placement-profile-changed',
    profiles.map((payload) => ({ aggregateId: payload.enrollmentId, payload })),
  );
  await audit(tx, viewer, req.single ? 'enrollCitizen' : 'enrollCitizens', [cohort.id, ...req.citizenIds, ...rows.map((r) => r.id)]);
  return rows.map((r) => r.id);
}

/**
 * Enrols the citizens in the cohort, under the request's idempotency key: the ids of the
 * enrolments, in the order of `citizenIds`. Two cohorts enrolling one citizen at once: the
 * database's one-service index refuses the second, whose retry then sees the first's enrolment.
 */
export async function enrollCitizens(db: Db, viewer: Viewer, req: EnrolmentRequest, key: string, today: string): Promise<{ ids: string[]; replayed: boolean }> {
  const operation = req.single ? 'enrollCitizen' : 'enrollCitizens';
  const claim = { viewer, operation, key, fingerprint: fingerprintOf(`${operation}/v1`, [req.cohortId, req.citizenIds]) };
  for (let attempt = 1; ; attempt++) {
    try {
      const { result, replayed } = await idempotently(db, claim, (tx) => enrolIn(tx, viewer, req, today));
      return { ids: result, replayed };
    } catch (err) {
      if (attempt < 3 && violatedUnique(err) === 'enrollments_one_service_per_citizen') continue;
      throw err;
    }
  }
}
