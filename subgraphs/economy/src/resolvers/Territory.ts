import { pageOf, toConnection, type PageArgs, territoryReference } from '@snn/platform';
import type { Context } from '../context';
import type { Track } from '../data/offers';

export const Territory = {
  // Any INSEE code is a territory; an unknown code resolves to null, as an unknown entity must.
  __resolveReference: territoryReference,
  internshipOffers: async (t: { code: string }, args: PageArgs & { track?: Track | null }, ctx: Context) => {
    const page = pageOf(args, 'InternshipOffer');
    const track = args.track ?? null;
    const rows = await ctx.loaders.publishedOffersOfTerritory.for({ page, track }).load(t.code);
    return {
      ...toConnection(rows, page, (r) => r.id),
      totalCount: () => ctx.loaders.publishedOfferCountOfTerritory.for({ track }).load(t.code),
    };
  },
};
