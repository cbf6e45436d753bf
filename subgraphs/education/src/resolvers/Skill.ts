import type { Context } from '../context';
import type { CurriculumModuleRow } from '../data/curriculum';

export const Skill = {
  __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.skill.load(ref.code),
};

export const CurriculumModule = {
  skills: async (m: CurriculumModuleRow, _: unknown, ctx: Context) => {
    const codes = await ctx.loaders.skillCodesOfModule.load(m.code);
    return (await ctx.loaders.skill.loadMany(codes)).filter((s) => s && !(s instanceof Error));
  },
};
