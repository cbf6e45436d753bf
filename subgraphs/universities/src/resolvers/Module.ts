import type { Context } from '../context';
import type { ModuleRow } from '../data/modules';

export const Module = {
  __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.module.load(ref.code),
  university: (m: ModuleRow, _: unknown, ctx: Context) => ctx.loaders.university.get(m.universityId),
  // Skill is education's entity: a reference is all this subgraph returns.
  skillsTaught: async (m: ModuleRow, _: unknown, ctx: Context) => (await ctx.loaders.skillsOfModule.load(m.code)).map((s) => ({ code: s.skillCode })),
  skillLevels: async (m: ModuleRow, _: unknown, ctx: Context) =>
    (await ctx.loaders.skillsOfModule.load(m.code)).map((s) => ({ skill: { code: s.skillCode }, level: s.level })),
};
