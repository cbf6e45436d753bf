// Certifying a completed service: what unlocks university credits, priority hiring and the reserve
// invitation. The status, the history, the audit row and the `education.service-completed` event
// (the outbox) commit together, or none of them does.
import { and, eq } from 'drizzle-orm';
import { AppError, badInput, emit, type Db, type Viewer } from '@snn/platform';
import type { EnrollmentRow } from './enrollments';
import { assessments, cohorts, enrollments } from './tables';
import { audit, curriculumCodesOf, illegalFrom, lastTransitionOf, lockEnrollment, recordTransitions } from './writing';

export interface CompletionRequest {
  enrollmentId: string;
  internshipEndedOn: string;
  completedOn: string;
}

export async function certifyCompletion(
  db: Db,
  viewer: Viewer,
  req: CompletionRequest,
  today: string,
): Promise<{ enrollment: EnrollmentRow; replayed: boolean }> {
  return db.transaction(async (tx) => {
    const enrolment = await lockEnrollment(tx, req.enrollmentId);
    if (enrolment.status === 'COMPLETED') {
      if (enrolment.completedOn === req.completedOn && enrolment.internshipEndedOn === req.internshipEndedOn) return { enrollment: enrolment, replayed: true };
      throw illegalFrom(enrolment.status, `it was certified on ${enrolment.completedOn}`);
    }
    if (enrolment.status !== 'IN_INTERNSHIP') throw illegalFrom(enrolment.status, 'only a service in internship is certified completed');
    const began = (await lastTransitionOf(tx, enrolment.id))?.on;
    if (began && req.internshipEndedOn < began) throw badInput(`internshipEndedOn must not be before the internship began (${began})`, 'internshipEndedOn');
    if (req.internshipEndedOn > today) throw badInput(`internshipEndedOn must not be in the future (today is ${today})`, 'internshipEndedOn');
    if (req.completedOn < req.internshipEndedOn) throw badInput('completedOn must not be before internshipEndedOn', 'completedOn');
    if (req.completedOn > today) throw badInput(`completedOn must not be in the future (today is ${today})`, 'completedOn');

    const [cohort] = await tx.select().from(cohorts).where(eq(cohorts.id, enrolment.cohortId));
    if (!cohort) throw new Error('an enrolment points to no cohort');
    const required = await curriculumCodesOf(tx, cohort);
    const passed = new Set(
      (
        await tx
          .select({ code: assessments.moduleCode })
          .from(assessments)
          .where(and(eq(assessments.enrollmentId, enrolment.id), eq(assessments.passed, true)))
      ).map((r) => r.code),
    );
    const missing = required.filter((code) => !passed.has(code));
    if (missing.length > 0) {
      throw new AppError('BAD_USER_INPUT', `enrollmentId: modules not passed yet: ${missing.join(', ')}`, {
        field: 'enrollmentId',
        reason: 'MODULES_NOT_PASSED',
        modules: missing,
      });
    }
    const [row] = await tx
      .update(enrollments)
      .set({ status: 'COMPLETED', completedOn: req.completedOn, internshipEndedOn: req.internshipEndedOn })
      .where(eq(enrollments.id, enrolment.id))
      .returning();
    await recordTransitions(tx, viewer, [
      { enrollmentId: enrolment.id, from: 'IN_INTERNSHIP', to: 'COMPLETED', on: req.completedOn, reason: 'service certified' },
    ]);
    await emit(tx, 'education.service-completed', enrolment.id, {
      citizenId: enrolment.citizenId,
      enrollmentId: enrolment.id,
      cohortId: cohort.id,
      track: cohort.track,
      completedOn: req.completedOn,
    });
    await audit(tx, viewer, 'certifyCompletion', [enrolment.id, enrolment.citizenId]);
    return { enrollment: row as EnrollmentRow, replayed: false };
  });
}
