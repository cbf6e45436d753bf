// An enrolment moves on by the legal paths only (rules.ts), each change kept as history and
// audited. The enrolment's row is locked for the transaction: two agents changing one enrolment
// at once are served one after the other, and the second sees the first's change.
import { and, eq, inArray } from 'drizzle-orm';
import { ageOn, AppError, badInput, violatedUnique, type Db, type Viewer } from '@snn/platform';
import type { TransitionRequest } from '../validation';
import type { EnrollmentRow } from './enrollments';
import { isLegalTransition, SERVICE_AGE } from './rules';
import { citizens, cohorts, enrollments, enrollmentTransitions } from './tables';
import { audit, illegalFrom, lastTransitionOf, lockEnrollment, recordTransitions } from './writing';

async function checkDeferral(tx: Db, enrolment: EnrollmentRow, req: TransitionRequest): Promise<void> {
  const until = req.deferredUntil as string;
  if (until <= req.on) throw badInput('deferredUntil must be after the day of the deferral', 'deferredUntil');
  const [citizen] = await tx.select({ birthDate: citizens.birthDate }).from(citizens).where(eq(citizens.id, enrolment.citizenId));
  if (citizen && ageOn(citizen.birthDate, until) > SERVICE_AGE.max) {
    throw new AppError('BAD_USER_INPUT', `deferredUntil: the citizen would be over ${SERVICE_AGE.max} by then, too old to serve`, {
      field: 'deferredUntil',
      reason: 'AGE_OUT_OF_RANGE',
    });
  }
  const theirs = tx.select({ id: enrollments.id }).from(enrollments).where(eq(enrollments.citizenId, enrolment.citizenId));
  const [deferredBefore] = await tx
    .select({ id: enrollmentTransitions.id })
    .from(enrollmentTransitions)
    .where(and(inArray(enrollmentTransitions.enrollmentId, theirs), eq(enrollmentTransitions.toStatus, 'DEFERRED')))
    .limit(1);
  if (deferredBefore) {
    throw new AppError('BAD_USER_INPUT', 'to: the citizen has already deferred their service once', { field: 'to', reason: 'ALREADY_DEFERRED' });
  }
}

export async function transitionEnrollment(
  db: Db,
  viewer: Viewer,
  req: TransitionRequest,
  today: string,
): Promise<{ enrollment: EnrollmentRow; replayed: boolean }> {
  try {
    return await db.transaction(async (tx) => {
      const enrolment = await lockEnrollment(tx, req.enrollmentId);
      const last = await lastTransitionOf(tx, enrolment.id);
      if (enrolment.status === req.to) {
        // The same change sent again (a retry) is answered as done; another one is a conflict.
        const same =
          last?.toStatus === req.to &&
          last.on === req.on &&
          last.reason === req.reason &&
          enrolment.deferredUntil === req.deferredUntil &&
          enrolment.exemptionReason === req.exemptionReason;
        if (same) return { enrollment: enrolment, replayed: true };
        throw illegalFrom(enrolment.status, `it is already ${req.to}`);
      }
      if (!isLegalTransition(enrolment.status, req.to)) throw illegalFrom(enrolment.status, `it cannot become ${req.to}`);
      if (req.on > today) throw badInput(`on must not be in the future (today is ${today})`, 'on');
      if (last && req.on < last.on) throw badInput(`on must not be before the enrolment's last change (${last.on})`, 'on');
      if (req.to === 'IN_TRAINING') {
        const [cohort] = await tx.select({ startDate: cohorts.startDate }).from(cohorts).where(eq(cohorts.id, enrolment.cohortId));
        if (cohort && req.on < cohort.startDate) throw badInput(`on: training starts with the cohort, on ${cohort.startDate}`, 'on');
      }
      if (req.to === 'DEFERRED') await checkDeferral(tx, enrolment, req);
      const [row] = await tx
        .update(enrollments)
        .set({
          status: req.to,
          ...(req.to === 'DEFERRED' ? { deferredUntil: req.deferredUntil } : {}),
          ...(req.to === 'EXEMPTED' ? { exemptionReason: req.exemptionReason } : {}),
        })
        .where(eq(enrollments.id, enrolment.id))
        .returning();
      await recordTransitions(tx, viewer, [{ enrollmentId: enrolment.id, from: enrolment.status, to: req.to, on: req.on, reason: req.reason }]);
      await audit(tx, viewer, 'transitionEnrollment', [enrolment.id, enrolment.citizenId]);
      return { enrollment: row as EnrollmentRow, replayed: false };
    });
  } catch (err) {
    // Exempting a deferred enrolment while the citizen serves in a later cohort.
    if (violatedUnique(err) === 'enrollments_one_service_per_citizen') {
      throw new AppError('CONFLICT', 'the citizen has another enrolment under way, completed or exempted', { field: 'enrollmentId' });
    }
    throw err;
  }
}
