// What the education writes share inside their transactions: locking the row they change, the
// cohort's curriculum and seats, an enrolment's history, and the audit row of the write.
import { asc, desc, eq } from 'drizzle-orm';
import { appendAudit, AppError, bulkInsert, writeEntry, type Db, type Viewer } from '@snn/platform';
import type { CohortRow } from './cohorts';
import { countSeatsOfCohorts, type EnrollmentRow, type EnrollmentStatus, type TransitionRow } from './enrollments';
import { cohorts, curriculumModules, enrollments, enrollmentTransitions } from './tables';

/** Every education write requires cohort:write; registering a person, citizen:pii too. */
export const WRITE_SCOPES = ['cohort:write'] as const;

/** Appends the write's audit row: the last statement of its transaction (it takes the chain's lock). */
export function audit(tx: Db, viewer: Viewer, mutation: string, objectIds: Iterable<string>, scopes: readonly string[] = WRITE_SCOPES): Promise<void> {
  return appendAudit(tx, viewer, [writeEntry(mutation, scopes, objectIds)]);
}

/** The cohort, locked until the transaction ends: enrolments into it and changes to it queue here. */
export async function lockCohort(tx: Db, id: string): Promise<CohortRow | undefined> {
  const [row] = await tx.select().from(cohorts).where(eq(cohorts.id, id)).for('update');
  return row;
}

export async function lockEnrollment(tx: Db, id: string): Promise<EnrollmentRow> {
  const [row] = await tx.select().from(enrollments).where(eq(enrollments.id, id)).for('update');
  if (!row) throw new AppError('NOT_FOUND', `Enrollment "${id}" does not exist`, { field: 'enrollmentId' });
  return row;
}

export async function seatsTaken(tx: Db, cohortId: string): Promise<number> {
  return (await countSeatsOfCohorts(tx, [cohortId])).get(cohortId) ?? 0;
}

/** The modules a cohort teaches: its own list, else every module of its track (in code order). */
export async function curriculumCodesOf(tx: Db, cohort: Pick<CohortRow, 'track' | 'moduleCodes'>): Promise<string[]> {
  if (cohort.moduleCodes) return cohort.moduleCodes;
  const rows = await tx
    .select({ code: curriculumModules.code })
    .from(curriculumModules)
    .where(eq(curriculumModules.track, cohort.track))
    .orderBy(asc(curriculumModules.code));
  return rows.map((r) => r.code);
}

export async function lastTransitionOf(tx: Db, enrollmentId: string): Promise<TransitionRow | undefined> {
  const [row] = await tx
    .select()
    .from(enrollmentTransitions)
    .where(eq(enrollmentTransitions.enrollmentId, enrollmentId))
    .orderBy(desc(enrollmentTransitions.id))
    .limit(1);
  return row;
}

export interface Transition {
  enrollmentId: string;
  from: EnrollmentStatus | null;
  to: EnrollmentStatus;
  on: string;
  reason: string | null;
}

export async function recordTransitions(tx: Db, viewer: Viewer, transitions: readonly Transition[]): Promise<void> {
  // One statement however many: a batch of enrolments writes a thousand at once.
  await bulkInsert(
    tx,
    enrollmentTransitions,
    transitions.map((t) => ({ enrollmentId: t.enrollmentId, fromStatus: t.from, toStatus: t.to, on: t.on, reason: t.reason, by: viewer.sub })),
  );
}

/** A change the enrolment's current status does not allow. */
export function illegalFrom(status: EnrollmentStatus, what: string): AppError {
  return new AppError('CONFLICT', `the enrolment is ${status}: ${what}`, { status });
}
