import { pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import type { Track } from '../data/modules';
import type { UniversityRow } from '../data/universities';

export const University = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.university.load(ref.id),
  uai: (u: UniversityRow) => u.id,
  region: (u: UniversityRow) => ({ code: `R${u.regionCode}` }),
  department: (u: UniversityRow) => ({ code: u.departmentCode }),
  modules: async (u: UniversityRow, args: PageArgs & { track?: Track | null }, ctx: Context) => {
    const page = pageOf(args, 'Module');
    const track = args.track ?? null;
    const rows = await ctx.loaders.modulesOfUniversity.for({ page, track }).load(u.id);
    return {
      ...toConnection(rows, page, (r) => r.code),
      totalCount: () => ctx.loaders.moduleCountOfUniversity.for({ track }).load(u.id),
    };
  },
};
