import {
  badInput,
  isNafCode,
  ownerFilter,
  ownRow,
  isoDate,
  notFound,
  pageOf,
  requireUuid,
  territoryScopeInput,
  toConnection,
  type PageArgs,
} from '@snn/platform';
import type { Context } from '../context';
import { requireRound } from '../data/preferences';
import { listRounds, readableRound, roundById } from '../placement/rounds';
import { countOffers, listOffers, type OfferFilter, type OfferRow } from '../data/offers';
import { countOrganisations, listOrganisations, type OrganisationRow } from '../data/organisations';
import { countPlacements, listPlacements, type PlacementRow } from '../data/placements';
import { requireSiren } from '../validation';
import { canSeeOffer, offerVisibility } from '../visibility';

interface OfferFilterInput {
  territory?: string | null;
  track?: OfferRow['track'] | null;
  status?: OfferRow['status'] | null;
  organisationId?: string | null;
  remotePolicy?: OfferRow['remotePolicy'] | null;
  startsOnOrAfter?: Date | null;
}
interface OrganisationFilterInput {
  territory?: string | null;
  kind?: OrganisationRow['kind'] | null;
  nafCode?: string | null;
}
interface PlacementFilterInput {
  territory?: string | null;
  status?: PlacementRow['status'] | null;
  organisationId?: string | null;
}

const siren = (id: string | null | undefined, field: string) => (id == null ? undefined : requireSiren(id, field));

export function offerConnection(ctx: Context, filter: OfferFilter, args: PageArgs) {
  const page = pageOf(args, 'InternshipOffer');
  return listOffers(ctx.db, filter, page).then((rows) => ({
    ...toConnection(rows, page, (r) => r.id),
    totalCount: () => countOffers(ctx.db, filter),
  }));
}

export const Query = {
  internshipOffers: (_: unknown, args: PageArgs & { filter?: OfferFilterInput | null }, ctx: Context) => {
    const f = args.filter ?? {};
    return offerConnection(
      ctx,
      {
        territory: territoryScopeInput(f.territory, 'filter.territory'),
        track: f.track ?? undefined,
        status: f.status ?? undefined,
        organisationId: siren(f.organisationId, 'filter.organisationId'),
        remotePolicy: f.remotePolicy ?? undefined,
        startsOnOrAfter: isoDate(f.startsOnOrAfter),
        publishedOrOwnedBy: offerVisibility(ctx.viewer),
      },
      args,
    );
  },
  internshipOffer: async (_: unknown, { id }: { id: string }, ctx: Context) => {
    const offer = await ctx.loaders.offer.load(requireUuid(id));
    return offer && canSeeOffer(ctx.viewer, offer) ? offer : Promise.reject(notFound('InternshipOffer', id));
  },
  organisations: async (_: unknown, args: PageArgs & { filter?: OrganisationFilterInput | null }, ctx: Context) => {
    const f = args.filter ?? {};
    if (f.nafCode != null && !isNafCode(f.nafCode)) throw badInput(`"${f.nafCode}" is not a NAF rév. 2 code (e.g. "62.01Z")`, 'filter.nafCode');
    const filter = { territory: territoryScopeInput(f.territory, 'filter.territory'), kind: f.kind ?? undefined, nafCode: f.nafCode ?? undefined };
    const page = pageOf(args, 'Organisation');
    const rows = await listOrganisations(ctx.db, filter, page);
    return { ...toConnection(rows, page, (r) => r.siren), totalCount: () => countOrganisations(ctx.db, filter) };
  },
  organisation: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    (await ctx.loaders.organisation.load(requireSiren(id))) ?? Promise.reject(notFound('Organisation', id)),
  placements: async (_: unknown, args: PageArgs & { filter?: PlacementFilterInput | null }, ctx: Context) => {
    const f = args.filter ?? {};
    const organisationId = ownerFilter(ctx.viewer, siren(f.organisationId, 'filter.organisationId'), 'placements');
    const filter = { territory: territoryScopeInput(f.territory, 'filter.territory'), status: f.status ?? undefined, organisationId };
    const page = pageOf(args, 'Placement');
    const rows = await listPlacements(ctx.db, filter, page);
    return { ...toConnection(rows, page, (r) => r.id), totalCount: () => countPlacements(ctx.db, filter) };
  },
  placementRound: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    readableRound(ctx.viewer, await roundById(ctx.db, requireUuid(id))) ?? Promise.reject(notFound('PlacementRound', id)),
  placementRounds: async (_: unknown, args: { intake?: string | null; first?: number | null }, ctx: Context) => {
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first must be between 1 and 100', 'first');
    const intake = args.intake == null ? null : requireRound(args.intake, 'intake');
    return { nodes: await listRounds(ctx.db, ctx.viewer, intake, first) };
  },
  placement: async (_: unknown, { id }: { id: string }, ctx: Context) =>
    ownRow(ctx.viewer, await ctx.loaders.placement.load(requireUuid(id)), (p) => p.organisationId) ?? Promise.reject(notFound('Placement', id)),
};
