// A module's result. A pass is final; after a fail, the next result is a resit, kept beside the
// first (attempt 2, 3, …): an assessment is never overwritten.
import { and, asc, eq } from 'drizzle-orm';
import { AppError, badInput, emit, type Db, type Viewer } from '@snn/platform';
import type { AssessmentRequest } from '../validation';
import type { AssessmentRow } from './curriculum';
import { profileOf, type PlacementProfile } from './placementProfile';
import { PASS_MARK } from './rules';
import { assessments, cohorts } from './tables';
import { audit, curriculumCodesOf, illegalFrom, lockEnrollment } from './writing';

export async function recordAssessment(
  db: Db,
  viewer: Viewer,
  req: AssessmentRequest,
  today: string,
): Promise<{ assessment: AssessmentRow; replayed: boolean }> {
  return db.transaction(async (tx) => {
    const enrolment = await lockEnrollment(tx, req.enrollmentId);
    const attempts = await tx
      .select()
      .from(assessments)
      .where(and(eq(assessments.enrollmentId, enrolment.id), eq(assessments.moduleCode, req.moduleCode)))
      .orderBy(asc(assessments.attempt));
    const last = attempts.at(-1);
    if (last && last.score === req.score && last.assessedOn === req.assessedOn && last.assessor === req.assessor) return { assessment: last, replayed: true };
    if (enrolment.status !== 'IN_TRAINING' && enrolment.status !== 'IN_INTERNSHIP')
      throw illegalFrom(enrolment.status, 'only a service in training or internship is assessed');
    const [cohort] = await tx.select().from(cohorts).where(eq(cohorts.id, enrolment.cohortId));
    if (!cohort) throw new Error('an enrolment points to no cohort');
    const modules = await curriculumCodesOf(tx, cohort);
    if (!modules.includes(req.moduleCode))
      throw badInput(`moduleCode: "${req.moduleCode}" is not in the cohort's curriculum (${modules.join(', ')})`, 'moduleCode');
    if (last?.passed)
      throw new AppError('CONFLICT', `moduleCode: "${req.moduleCode}" was passed on ${last.assessedOn}; a pass is final`, { field: 'moduleCode' });
    if (req.assessedOn > today) throw badInput(`assessedOn must not be in the future (today is ${today})`, 'assessedOn');
    if (req.assessedOn < cohort.startDate) throw badInput(`assessedOn must not be before the cohort's start (${cohort.startDate})`, 'assessedOn');
    if (last && req.assessedOn < last.assessedOn) throw badInput(`assessedOn: a resit comes after the attempt it retakes (${last.assessedOn})`, 'assessedOn');
    const [row] = await tx
      .insert(assessments)
      .values({
        enrollmentId: enrolment.id,
        moduleCode: req.moduleCode,
        attempt: (last?.attempt ?? 0) + 1,
        score: req.score,
        passed: req.score >= PASS_MARK,
        assessedOn: req.assessedOn,
        assessor: req.assessor,
      })
      .returning();
    // The state after the change: a pass may raise the skills reached; the placement round keeps the latest.
    const [profile] = await profileOf(tx, [enrolment.id]);
    await emit(tx, 'education.placement-profile-changed', enrolment.id, profile as PlacementProfile);
    await audit(tx, viewer, 'recordAssessment', [enrolment.id, enrolment.citizenId]);
    return { assessment: row as AssessmentRow, replayed: false };
  });
}
