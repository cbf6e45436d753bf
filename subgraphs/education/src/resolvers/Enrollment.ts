import type { Context } from '../context';
import type { AssessmentRow } from '../data/curriculum';
import type { EnrollmentRow } from '../data/enrollments';

export const Enrollment = {
  citizen: (e: EnrollmentRow, _: unknown, ctx: Context) => ctx.loaders.citizen.load(e.citizenId),
  cohort: (e: EnrollmentRow, _: unknown, ctx: Context) => ctx.loaders.cohort.load(e.cohortId),
  assessments: (e: EnrollmentRow, _: unknown, ctx: Context) => ctx.loaders.assessmentsOfEnrollment.load(e.id),
};

export const Assessment = {
  module: (a: AssessmentRow, _: unknown, ctx: Context) => ctx.loaders.curriculumModule.load(a.moduleCode),
};
