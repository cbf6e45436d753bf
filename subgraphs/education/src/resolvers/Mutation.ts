// The agency runs the service: thin resolvers over data/*Writes, data/enrolment, data/transitions.
// @scopes (cohort:write; citizen:pii too to register a person) is checked before these run.
import { badInput, loadConfig, notFound, requireDay, requireIdempotencyKey, requireUuid, todayInFrance } from '@snn/platform';
import type { Context } from '../context';
import { recordAssessment } from '../data/assessmentWrites';
import { registerCitizen } from '../data/citizenWrites';
import { closeCohortIntake, createCohort, updateCohort } from '../data/cohortWrites';
import { certifyCompletion } from '../data/completion';
import { enrollCitizens } from '../data/enrolment';
import type { EnrollmentRow } from '../data/enrollments';
import { MAX_ENROLMENTS_PER_CALL } from '../data/rules';
import { transitionEnrollment } from '../data/transitions';
import {
  parseAssessment,
  parseCitizenInput,
  parseCohortChanges,
  parseCohortInput,
  parseTransition,
  type AssessmentArgs,
  type CohortChangesArgs,
  type CohortInputArgs,
  type RegisterCitizenArgs,
  type TransitionArgs,
} from '../validation';

let pilotRegions: readonly string[] | undefined;
const pilotRegionsOf = () => (pilotRegions ??= loadConfig().pilotRegions);

async function cohortById(ctx: Context, id: string) {
  return (await ctx.loaders.cohort.load(id)) ?? Promise.reject(notFound('Cohort', id));
}

async function enrollmentsInOrder(ctx: Context, ids: readonly string[]): Promise<EnrollmentRow[]> {
  const rows = await ctx.loaders.enrollment.loadMany(ids);
  return rows.map((r) => {
    if (!r || r instanceof Error) throw new Error('an enrolment just written is missing');
    return r;
  });
}

export const Mutation = {
  createCohort: async (_: unknown, args: { input: CohortInputArgs; idempotencyKey: string }, ctx: Context) => {
    const key = requireIdempotencyKey(args.idempotencyKey);
    const input = parseCohortInput(args.input);
    const { id, replayed } = await createCohort(ctx.db, ctx.viewer, input, key, { today: todayInFrance(), pilotRegions: pilotRegionsOf() });
    return { cohort: await cohortById(ctx, id), replayed };
  },
  updateCohort: (_: unknown, args: { id: string; input: CohortChangesArgs }, ctx: Context) =>
    updateCohort(ctx.db, ctx.viewer, requireUuid(args.id), parseCohortChanges(args.input), { today: todayInFrance() }),
  closeCohortIntake: (_: unknown, args: { id: string }, ctx: Context) =>
    closeCohortIntake(ctx.db, ctx.viewer, requireUuid(args.id), { today: todayInFrance() }),
  registerCitizen: (_: unknown, args: { input: RegisterCitizenArgs }, ctx: Context) =>
    registerCitizen(ctx.db, ctx.viewer, parseCitizenInput(args.input, todayInFrance())),
  enrollCitizen: async (_: unknown, args: { citizenId: string; cohortId: string; idempotencyKey: string }, ctx: Context) => {
    const key = requireIdempotencyKey(args.idempotencyKey);
    const req = { cohortId: requireUuid(args.cohortId, 'cohortId'), citizenIds: [requireUuid(args.citizenId, 'citizenId')], single: true };
    const { ids, replayed } = await enrollCitizens(ctx.db, ctx.viewer, req, key, todayInFrance());
    return { enrollment: (await enrollmentsInOrder(ctx, ids))[0], replayed };
  },
  enrollCitizens: async (_: unknown, args: { cohortId: string; citizenIds: readonly string[]; idempotencyKey: string }, ctx: Context) => {
    const key = requireIdempotencyKey(args.idempotencyKey);
    if (args.citizenIds.length === 0 || args.citizenIds.length > MAX_ENROLMENTS_PER_CALL) {
      throw badInput(`citizenIds must list 1 to ${MAX_ENROLMENTS_PER_CALL} citizens`, 'citizenIds');
    }
    const citizenIds = args.citizenIds.map((id, i) => requireUuid(id, `citizenIds[${i}]`));
    const { ids, replayed } = await enrollCitizens(
      ctx.db,
      ctx.viewer,
      { cohortId: requireUuid(args.cohortId, 'cohortId'), citizenIds, single: false },
      key,
      todayInFrance(),
    );
    return { enrollments: await enrollmentsInOrder(ctx, ids), replayed };
  },
  transitionEnrollment: (_: unknown, args: TransitionArgs, ctx: Context) => transitionEnrollment(ctx.db, ctx.viewer, parseTransition(args), todayInFrance()),
  recordAssessment: (_: unknown, args: AssessmentArgs, ctx: Context) => recordAssessment(ctx.db, ctx.viewer, parseAssessment(args), todayInFrance()),
  certifyCompletion: (_: unknown, args: { enrollmentId: string; internshipEndedOn: Date | string; completedOn: Date | string }, ctx: Context) =>
    certifyCompletion(
      ctx.db,
      ctx.viewer,
      {
        enrollmentId: requireUuid(args.enrollmentId, 'enrollmentId'),
        internshipEndedOn: requireDay(args.internshipEndedOn, 'internshipEndedOn'),
        completedOn: requireDay(args.completedOn, 'completedOn'),
      },
      todayInFrance(),
    ),
};
