// Per-request context: the database and fresh DataLoaders, so batching and caching never leak
// between requests (or between callers).
import { byKey, DataLoader, groupByKey, LoaderFamily, type Db, type Page, type SubgraphContext } from '@snn/platform';
import {
  countObservationsOfTerritories,
  indicatorDefinitionsByCodes,
  observationsOfTerritories,
  type IndicatorDefinitionRow,
  type ObservationFilter,
  type ObservationRow,
} from './data/indicators';
import { pilotsOfTerritories, type PilotWithRegion } from './data/pilots';
import { departmentsOfRegions, territoriesByCodes, type TerritoryRow } from './data/territories';
import { coverageOfTerritories, ubsServicesByCodes, type UbsCoverageRow, type UbsServiceRow } from './data/ubs';

export function createLoaders(db: Db) {
  return {
    territory: new DataLoader<string, TerritoryRow | null>(async (codes) => byKey(codes, await territoriesByCodes(db, codes), (r) => r.code)),
    departmentsOfRegion: new DataLoader<string, TerritoryRow[]>(async (codes) =>
      groupByKey(codes, await departmentsOfRegions(db, codes), (r) => r.regionCode as string),
    ),
    ubsService: new DataLoader<string, UbsServiceRow | null>(async (codes) => byKey(codes, await ubsServicesByCodes(db, codes), (r) => r.code)),
    indicatorDefinition: new DataLoader<string, IndicatorDefinitionRow | null>(async (codes) =>
      byKey(codes, await indicatorDefinitionsByCodes(db, codes), (r) => r.code),
    ),
    // A region's pilots are those of its départements: each row is filed under both.
    pilotsOfTerritory: new DataLoader<string, PilotWithRegion[]>(async (codes) => {
      const rows = await pilotsOfTerritories(db, codes);
      return codes.map((code) => rows.filter((r) => r.territoryCode === code || r.regionCode === code));
    }),
    coverageOfTerritory: new LoaderFamily<{ period: string | null }, string, UbsCoverageRow[]>(({ period }) => {
      return new DataLoader(async (codes) => groupByKey(codes, await coverageOfTerritories(db, codes, period ?? undefined), (r) => r.territoryCode));
    }),
    observationsOfTerritory: new LoaderFamily<{ page: Page; filter: ObservationFilter }, string, ObservationRow[]>(({ page, filter }) => {
      return new DataLoader(async (codes) => groupByKey(codes, await observationsOfTerritories(db, codes, page, filter), (r) => r.territoryCode));
    }),
    observationCountOfTerritory: new LoaderFamily<{ filter: ObservationFilter }, string, number>(({ filter }) => {
      return new DataLoader(async (codes) => {
        const counts = await countObservationsOfTerritories(db, codes, filter);
        return codes.map((code) => counts.get(code) ?? 0);
      });
    }),
  };
}

/** What every resolver receives: the database, the verified caller and this request's loaders. */
export type Context = SubgraphContext<ReturnType<typeof createLoaders>>;
