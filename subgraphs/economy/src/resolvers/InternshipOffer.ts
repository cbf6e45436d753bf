import { ownerFilter, pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import { effectiveStatus, type OfferRow } from '../data/offers';
import { canSeeOffer } from '../visibility';

export const InternshipOffer = {
  __resolveReference: async (ref: { id: string }, ctx: Context) => {
    const offer = await ctx.loaders.offer.load(ref.id);
    return offer && canSeeOffer(ctx.viewer, offer) ? offer : null;
  },
  organisation: (o: OfferRow, _: unknown, ctx: Context) => ctx.loaders.organisation.get(o.organisationId),
  location: (o: OfferRow) => ({ code: o.departmentCode }),
  status: (o: OfferRow) => effectiveStatus(o),
  reserve: (o: OfferRow) => (o.reserveCategory ? { category: o.reserveCategory, seats: o.reservedSeats } : null),
  closedReason: (o: OfferRow) => (o.status === 'PUBLISHED' && effectiveStatus(o) === 'CLOSED' ? 'EXPIRED' : o.closedReason),
  requiredSkills: async (o: OfferRow, _: unknown, ctx: Context) =>
    (await ctx.loaders.skillsOfOffer.load(o.id)).map((s) => ({ skill: { code: s.skillCode }, level: s.level })),
  applications: async (o: OfferRow, args: PageArgs, ctx: Context) => {
    // A company reads the applications to its own offers only.
    ownerFilter(ctx.viewer, o.organisationId, 'offers’ applications');
    const page = pageOf(args, 'Application');
    const rows = await ctx.loaders.applicationsOfOffer.for({ page }).load(o.id);
    return { ...toConnection(rows, page, (r) => r.id), totalCount: () => ctx.loaders.applicationCountOfOffer.load(o.id) };
  },
};
