import { badInput, notFound, pageOf, requireTerritory, territoryCode, toConnection, type PageArgs } from '@snn/platform';
import type { Context } from '../context';
import { countObservations, listIndicatorDefinitions, listObservations, type ObservationFilter } from '../data/indicators';
import { pilotsOfTerritories } from '../data/pilots';
import { countTerritories, listTerritories, type TerritoryFilter, type TerritoryRow } from '../data/territories';
import { listUbsServices, type UbsDomain } from '../data/ubs';
import { requireTerritoryCodeFormat } from '../validation';
import { observationFilterOf, type TerritoryIndicatorFilterInput } from './Territory';

interface TerritoryFilterInput {
  level?: TerritoryRow['level'] | null;
  region?: string | null;
  zone?: TerritoryRow['zone'] | null;
}
interface IndicatorFilterInput extends TerritoryIndicatorFilterInput {
  territory?: string | null;
  level?: TerritoryRow['level'] | null;
}

function regionFilterOf(code: string | null | undefined): string | undefined {
  if (code == null) return undefined;
  const t = requireTerritory(code, 'region');
  if (t.level !== 'REGION') throw badInput(`region must be a region code such as "R11"; "${code}" is a département`, 'region');
  return territoryCode(t);
}

export const Query = {
  territories: async (_: unknown, args: PageArgs & { filter?: TerritoryFilterInput | null }, ctx: Context) => {
    const f = args.filter ?? {};
    const page = pageOf(args, 'Territory');
    const filter: TerritoryFilter = { level: f.level ?? undefined, regionCode: regionFilterOf(f.region), zone: f.zone ?? undefined };
    const rows = await listTerritories(ctx.db, filter, page);
    return { ...toConnection(rows, page, (r) => r.code), totalCount: () => countTerritories(ctx.db, filter) };
  },
  territory: async (_: unknown, { code }: { code: string }, ctx: Context) =>
    (await ctx.loaders.territory.load(requireTerritoryCodeFormat(code))) ?? Promise.reject(notFound('Territory', code)),
  ubsServices: (_: unknown, args: { domain?: UbsDomain | null }, ctx: Context) => listUbsServices(ctx.db, args.domain ?? undefined),
  indicatorDefinitions: (_: unknown, __: unknown, ctx: Context) => listIndicatorDefinitions(ctx.db),
  indicators: async (_: unknown, args: PageArgs & { filter?: IndicatorFilterInput | null }, ctx: Context) => {
    const f = args.filter ?? {};
    const page = pageOf(args, 'IndicatorObservation');
    const filter: ObservationFilter = {
      ...observationFilterOf(f),
      territoryCode: f.territory != null ? territoryCode(requireTerritory(f.territory)) : undefined,
      level: f.level ?? undefined,
    };
    const rows = await listObservations(ctx.db, filter, page);
    return { ...toConnection(rows, page, (r) => r.id), totalCount: () => countObservations(ctx.db, filter) };
  },
  basicIncomePilots: (_: unknown, args: { territory?: string | null }, ctx: Context) =>
    pilotsOfTerritories(ctx.db, args.territory != null ? [territoryCode(requireTerritory(args.territory))] : undefined),
};
