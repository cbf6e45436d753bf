import type { Context } from '../context';
import type { CreditAwardRow } from '../data/credits';
import { gradeLabel } from '../data/grades';

export const CreditAward = {
  citizen: (c: CreditAwardRow) => ({ id: c.citizenId }),
  module: (c: CreditAwardRow, _: unknown, ctx: Context) => ctx.loaders.module.get(c.moduleCode),
  awardingBody: (c: CreditAwardRow, _: unknown, ctx: Context) => ctx.loaders.university.get(c.universityId),
  gradeLabel: (c: CreditAwardRow) => gradeLabel(c),
  // The publication comes from the award's own columns; its revisions from credit_revisions. The
  // state at publication is what the first revision started from (or the award as it is now).
  history: async (c: CreditAwardRow, _: unknown, ctx: Context) => {
    const revisions = await ctx.loaders.revisionsOfAward.load(c.id);
    const first = revisions[0];
    const published = {
      at: c.publishedAt,
      by: c.publishedBy,
      org: c.publishedBy === null ? null : c.universityId,
      fromStatus: null,
      toStatus: first?.fromStatus ?? c.status,
      ectsBefore: null,
      ectsAfter: first?.ectsBefore ?? c.ectsCredits,
      gradeBefore: null,
      gradeAfter: first?.gradeBefore ?? gradeLabel(c),
      reason: 'published',
    };
    return [published, ...revisions];
  },
};
