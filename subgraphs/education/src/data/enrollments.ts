import { eq } from 'drizzle-orm';
import { countPerParent, pagePerParent, type Db, type Page, rowsByKeys } from '@snn/platform';
import { enrollments } from './tables';

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
