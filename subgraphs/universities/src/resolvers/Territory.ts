import { argsKey, pageOf, territoryByCode, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';

export const Territory = {
  // Any INSEE code is a territory; an unknown code resolves to null, as an unknown entity must.
  __resolveReference: (ref: { code: string }) => (territoryByCode(ref.code) ? { code: ref.code } : null),
  universities: async (t: { code: string }, args: PageArgs, ctx: Context) => {
    const page = pageOf(args);
    const ref = territoryByCode(t.code);
    if (!ref) return { ...toConnection([], page, () => ''), totalCount: 0 };
    const region = ref.level === 'REGION';
    const rows = await (region ? ctx.loaders.universitiesOfRegion : ctx.loaders.universitiesOfDepartment).for(argsKey(page)).load(ref.code);
    return {
      ...toConnection(rows, page, (r) => r.id),
      totalCount: () => (region ? ctx.loaders.universityCountOfRegion : ctx.loaders.universityCountOfDepartment).load(ref.code),
    };
  },
};
