import type { Context } from '../context';
import type { CreditAwardRow } from '../data/credits';

export const CreditAward = {
  citizen: (c: CreditAwardRow) => ({ id: c.citizenId }),
  module: (c: CreditAwardRow, _: unknown, ctx: Context) => ctx.loaders.module.get(c.moduleCode),
  awardingBody: (c: CreditAwardRow, _: unknown, ctx: Context) => ctx.loaders.university.get(c.universityId),
};
