import type { GraphQLResolveInfo } from 'graphql';
import { selectsOnly } from '@snn/platform';
import type { Context } from '../context';
import type { CitizenRow } from '../data/citizens';
import type { AssessmentRow } from '../data/curriculum';
import type { EnrollmentRow, TransitionView } from '../data/enrollments';
import type { PlacementLine } from '../data/servicePlacements';

export const Enrollment = {
  // The enrolment holds the citizen's id (a foreign key: the row exists); read the row only when
  // more than the id is asked for.
  citizen: (e: EnrollmentRow, _: unknown, ctx: Context, info: GraphQLResolveInfo) =>
    // (the cast: only `id` of it is read)
    selectsOnly(info, ['id']) ? ({ id: e.citizenId } as CitizenRow) : ctx.loaders.citizen.load(e.citizenId),
  cohort: (e: EnrollmentRow, _: unknown, ctx: Context) => ctx.loaders.cohort.load(e.cohortId),
  assessments: (e: EnrollmentRow, _: unknown, ctx: Context) => ctx.loaders.assessmentsOfEnrollment.load(e.id),
  history: (e: EnrollmentRow, _: unknown, ctx: Context) => ctx.loaders.transitionsOfEnrollment.load(e.id),
  proposedInternship: (e: EnrollmentRow, _: unknown, ctx: Context) => ctx.loaders.proposedInternshipOfEnrollment.load(e.id),
};

export const ProposedInternship = {
  placement: (p: PlacementLine) => ({ id: p.placement_id }),
  startDate: (p: PlacementLine) => p.start_date,
  endDate: (p: PlacementLine) => p.end_date,
  hostSiret: (p: PlacementLine) => p.host_siret,
};

export const EnrollmentTransition = {
  from: (t: TransitionView) => t.fromStatus,
  to: (t: TransitionView) => t.toStatus,
  recordedBy: (t: TransitionView) => t.by,
};

export const Assessment = {
  module: (a: AssessmentRow, _: unknown, ctx: Context) => ctx.loaders.curriculumModule.load(a.moduleCode),
};
