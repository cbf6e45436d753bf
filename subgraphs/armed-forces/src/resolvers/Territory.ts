import { pageOf, toConnection, type PageArgs, territoryReference } from '@snn/platform';
import { SMALL_CELL } from '../data/figures';
import type { Context } from '../context';

export const Territory = {
  // Any INSEE code is a territory; an unknown code resolves to null, as an unknown entity must.
  __resolveReference: territoryReference,
  reserveStrength: async (t: { code: string }, _: unknown, ctx: Context) => {
    const figures = await ctx.loaders.strengthOfTerritory.load(t.code);
    // The reserve's own staff see every count; others never one built on fewer than SMALL_CELL people.
    const insider = ctx.viewer.scopes.has('reserve:read');
    return figures.map((f) => {
      const shown = (n: number) => (insider || n === 0 || n >= SMALL_CELL ? n : null);
      const [reservists, available] = [shown(f.reservists), shown(f.available)];
      return { family: f.family, reservists, available, confidential: reservists === null || available === null };
    });
  },
  mobilisationOrders: async (t: { code: string }, args: PageArgs, ctx: Context) => {
    const page = pageOf(args, 'MobilisationOrder');
    const rows = await ctx.loaders.ordersOfTerritory.for({ page }).load(t.code);
    return {
      ...toConnection(rows, page, (r) => r.id),
      totalCount: () => ctx.loaders.orderCountOfTerritory.load(t.code),
    };
  },
};
