import { pageOf, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import type { ObservationFilter } from '../data/indicators';
import type { TerritoryRow } from '../data/territories';
import { optionalCode, optionalPeriod, optionalYear } from '../validation';

export interface TerritoryIndicatorFilterInput {
  code?: string | null;
  period?: string | null;
  breakdown?: string | null;
}

export function observationFilterOf(f: TerritoryIndicatorFilterInput): ObservationFilter {
  return {
    code: optionalCode(f.code, 'code'),
    period: optionalPeriod(f.period),
    breakdown: optionalCode(f.breakdown, 'breakdown'),
  };
}

export const Territory = {
  // An unknown code resolves to null, as an unknown entity must.
  __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.territory.load(ref.code),
  region: (t: TerritoryRow, _: unknown, ctx: Context) => (t.regionCode ? ctx.loaders.territory.load(t.regionCode) : null),
  departments: (t: TerritoryRow, _: unknown, ctx: Context) => ctx.loaders.departmentsOfRegion.load(t.code),
  ubsCoverage: (t: TerritoryRow, args: { period?: string | null }, ctx: Context) =>
    ctx.loaders.coverageOfTerritory.for({ period: optionalYear(args.period) ?? null }).load(t.code),
  basicIncomePilots: (t: TerritoryRow, _: unknown, ctx: Context) => ctx.loaders.pilotsOfTerritory.load(t.code),
  indicators: async (t: TerritoryRow, args: PageArgs & { filter?: TerritoryIndicatorFilterInput | null }, ctx: Context) => {
    const page = pageOf(args, 'IndicatorObservation');
    const filter = observationFilterOf(args.filter ?? {});
    const rows = await ctx.loaders.observationsOfTerritory.for({ page, filter }).load(t.code);
    return {
      ...toConnection(rows, page, (r) => r.id),
      totalCount: () => ctx.loaders.observationCountOfTerritory.for({ filter }).load(t.code),
    };
  },
};
