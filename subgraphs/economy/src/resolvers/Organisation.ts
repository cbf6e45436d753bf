import { nafLabel, pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import type { OfferRow, OfferStatus } from '../data/offers';
import type { OrganisationRow } from '../data/organisations';
import { seesAllOffersOf } from '../visibility';

export const Organisation = {
  __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.organisation.load(ref.id),
  id: (o: OrganisationRow) => o.siren,
  sector: (o: OrganisationRow) => nafLabel(o.nafCode) ?? o.nafCode,
  department: (o: OrganisationRow) => ({ code: o.departmentCode }),
  offers: async (o: OrganisationRow, args: PageArgs & { status?: OfferStatus | null }, ctx: Context) => {
    const page = pageOf(args, 'InternshipOffer');
    // Another organisation's drafts and closed offers read as missing: only its published ones are listed.
    if (!seesAllOffersOf(ctx.viewer, o.siren) && args.status && args.status !== 'PUBLISHED') {
      return { ...toConnection<OfferRow>([], page, (r) => r.id), totalCount: 0 };
    }
    const status = seesAllOffersOf(ctx.viewer, o.siren) ? (args.status ?? null) : 'PUBLISHED';
    const rows = await ctx.loaders.offersOfOrganisation.for({ page, status }).load(o.siren);
    return {
      ...toConnection(rows, page, (r) => r.id),
      totalCount: () => ctx.loaders.offerCountOfOrganisation.for({ status }).load(o.siren),
    };
  },
};
