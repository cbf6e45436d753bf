import { pageOf, toConnection, type PageArgs, territoryReference } from '@snn/platform';
import type { Context } from '../context';

export const Territory = {
  // Any INSEE code is a territory; an unknown code resolves to null, as an unknown entity must.
  __resolveReference: territoryReference,
  mobilisationOrders: async (t: { code: string }, args: PageArgs, ctx: Context) => {
    const page = pageOf(args, 'MobilisationOrder');
    const rows = await ctx.loaders.ordersOfTerritory.for({ page }).load(t.code);
    return {
      ...toConnection(rows, page, (r) => r.id),
      totalCount: () => ctx.loaders.orderCountOfTerritory.load(t.code),
    };
  },
};
