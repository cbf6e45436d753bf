import type { Context } from '../context';
import type { CurriculumModuleRow } from '../data/curriculum';
import type { SkillRow } from '../data/skills';

export const Skill = {
  __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.skill.load(ref.code),
};

export const CurriculumModule = {
  skills: async (m: CurriculumModuleRow, _: unknown, ctx: Context) => {
    const codes = await ctx.loaders.skillCodesOfModule.load(m.code);
    return (await ctx.loaders.skill.loadMany(codes)).filter((s): s is SkillRow => s != null && !(s instanceof Error));
  },
};
