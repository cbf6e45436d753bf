import { asc, eq, inArray } from 'drizzle-orm';
import { countPerParent, pagePerParent, type Db, type Page, rowsByKeys } from '@snn/platform';
import { SEAT_HOLDING } from './rules';
import { enrollments, enrollmentTransitions } from './tables';

export type EnrollmentRow = typeof enrollments.$inferSelect;
export type EnrollmentStatus = EnrollmentRow['status'];

/** Up to page.first + 1 enrolments of each cohort, in one statement. */
export function enrollmentsOfCohorts(db: Db, cohortIds: readonly string[], page: Page, status?: EnrollmentStatus): Promise<EnrollmentRow[]> {
  return pagePerParent<EnrollmentRow>(
    db,
    enrollments,
    enrollments.cohortId,
    enrollments.id,
    cohortIds,
    page,
    status ? eq(enrollments.status, status) : undefined,
  );
}

export function countEnrollmentsOfCohorts(db: Db, cohortIds: readonly string[], status?: EnrollmentStatus): Promise<Map<string, number>> {
  return countPerParent(db, enrollments, enrollments.cohortId, cohortIds, status ? eq(enrollments.status, status) : undefined);
}

const enrollmentsOfCitizensQuery = rowsByKeys(enrollments, enrollments.citizenId);
export function enrollmentsOfCitizens(db: Db, citizenIds: readonly string[]): Promise<EnrollmentRow[]> {
  return enrollmentsOfCitizensQuery(db, citizenIds);
}

/** Seats taken in each cohort (the enrolments that hold one). */
export function countSeatsOfCohorts(db: Db, cohortIds: readonly string[]): Promise<Map<string, number>> {
  return countPerParent(db, enrollments, enrollments.cohortId, cohortIds, inArray(enrollments.status, [...SEAT_HOLDING]));
}

export type TransitionRow = typeof enrollmentTransitions.$inferSelect;
/** A change as the API reads it: `id` is the enrolment's, so that reading its reason audits that enrolment. */
export type TransitionView = Omit<TransitionRow, 'id'> & { id: string; seq: number };

const transitionsOfEnrollmentsQuery = rowsByKeys(enrollmentTransitions, enrollmentTransitions.enrollmentId, [asc(enrollmentTransitions.id)]);
/** Each enrolment's changes, oldest first. */
export async function transitionsOfEnrollments(db: Db, enrollmentIds: readonly string[]): Promise<TransitionView[]> {
  return (await transitionsOfEnrollmentsQuery(db, enrollmentIds)).map((t) => ({ ...t, id: t.enrollmentId, seq: t.id }));
}

/** A citizen's service record is their latest enrolment: the last enrolled, the latest id on a tie. */
export function latestEnrollment(rows: readonly EnrollmentRow[]): EnrollmentRow | null {
  let latest: EnrollmentRow | null = null;
  for (const r of rows) {
    if (!latest || r.enrolledOn > latest.enrolledOn || (r.enrolledOn === latest.enrolledOn && r.id > latest.id)) latest = r;
  }
  return latest;
}

const enrollmentsByIdsQuery = rowsByKeys(enrollments, enrollments.id);
export function enrollmentsByIds(db: Db, ids: readonly string[]): Promise<EnrollmentRow[]> {
  return enrollmentsByIdsQuery(db, ids);
}
