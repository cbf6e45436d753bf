// Universities write their catalogue and their credits: thin resolvers over data/moduleWrites,
// data/publishing and data/revisions. @scopes (module:write, credit:publish) is checked before these run.
import { AppError, badInput, requireDay, requireIdempotencyKey, requireText, requireUuid, todayInFrance } from '@snn/platform';
import type { Context } from '../context';
import type { CreditStatus } from '../data/credits';
import type { GradeScale } from '../data/grades';
import { upsertModule } from '../data/moduleWrites';
import { MAX_AWARDS_PER_CALL, publishCredits, type AwardInput } from '../data/publishing';
import { reviseCreditAward } from '../data/revisions';
import { parseModuleInput, requireModuleCode, type ModuleInputArgs } from '../validation';

interface AwardArgs {
  citizenId: string;
  ects: number;
  grade: string;
  gradeScale: GradeScale;
  awardedOn: Date | string;
  assessedOn?: Date | string | null;
  status?: CreditStatus | null;
}

const REASON_MAX = 500;

export const Mutation = {
  upsertModule: (_: unknown, args: { input: ModuleInputArgs }, ctx: Context) => upsertModule(ctx.db, ctx.viewer, parseModuleInput(args.input)),
  publishCredits: async (_: unknown, args: { moduleCode: string; awards: readonly AwardArgs[]; idempotencyKey: string }, ctx: Context) => {
    const key = requireIdempotencyKey(args.idempotencyKey);
    const moduleCode = requireModuleCode(args.moduleCode, 'moduleCode');
    if (args.awards.length === 0 || args.awards.length > MAX_AWARDS_PER_CALL) {
      throw badInput(`awards must list 1 to ${MAX_AWARDS_PER_CALL} awards`, 'awards');
    }
    const awards: AwardInput[] = args.awards.map((a, i) => ({
      citizenId: a.citizenId.trim().toLowerCase(),
      ects: a.ects,
      grade: a.grade,
      gradeScale: a.gradeScale,
      awardedOn: requireDay(a.awardedOn, `awards[${i}].awardedOn`),
      assessedOn: a.assessedOn == null ? null : requireDay(a.assessedOn, `awards[${i}].assessedOn`),
      status: a.status ?? 'PROVISIONAL',
    }));
    const { ids, replayed } = await publishCredits(ctx.db, ctx.viewer, { moduleCode, awards }, key, todayInFrance());
    return { published: ids.length, replayed, awardIds: ids };
  },
  reviseCreditAward: (_: unknown, args: { id: string; status: CreditStatus; ects?: number | null; grade?: string | null; reason: string }, ctx: Context) => {
    if (ctx.viewer.org === null) throw new AppError('FORBIDDEN', 'only a caller acting for a university (org in its token) revises its awards');
    return reviseCreditAward(ctx.db, ctx.viewer, {
      id: requireUuid(args.id),
      status: args.status,
      ects: args.ects ?? null,
      grade: args.grade ?? null,
      reason: requireText(args.reason, 'reason', REASON_MAX),
    });
  },
};
