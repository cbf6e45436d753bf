import { pageOf, toConnection, type PageArgs, territoryReference } from '@snn/platform';
import type { Context } from '../context';
import { placeOfCode } from '../data/universities';

export const Territory = {
  // Any INSEE code is a territory; an unknown code resolves to null, as an unknown entity must.
  __resolveReference: territoryReference,
  universities: async (t: { code: string }, args: PageArgs, ctx: Context) => {
    const page = pageOf(args, 'University');
    const place = placeOfCode(t.code);
    if (!place) return { ...toConnection([], page, () => ''), totalCount: 0 };
    const rows = await ctx.loaders.universitiesOfPlace.for({ page }).load(place);
    return { ...toConnection(rows, page, (r) => r.id), totalCount: () => ctx.loaders.universityCountOfPlace.load(place) };
  },
};
