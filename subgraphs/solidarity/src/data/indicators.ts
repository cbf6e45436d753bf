// Indicator definitions and SDMX observations.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { afterCursor, countPerParent, pagePerParent, type Db, type Page, rowsByKeys } from '@snn/platform';
import { indicatorDefinitions, indicatorObservations } from './tables';

export type IndicatorDefinitionRow = typeof indicatorDefinitions.$inferSelect;
export type ObservationRow = typeof indicatorObservations.$inferSelect;

export interface ObservationFilter {
  code?: string;
  territoryCode?: string;
  period?: string;
  breakdown?: string;
  level?: ObservationRow['territoryLevel'];
}

function whereOf(filter: ObservationFilter): SQL | undefined {
  const o = indicatorObservations;
  return and(
    filter.code ? eq(o.indicatorCode, filter.code) : undefined,
    filter.territoryCode ? eq(o.territoryCode, filter.territoryCode) : undefined,
    filter.period ? eq(o.period, filter.period) : undefined,
    filter.breakdown ? eq(o.breakdown, filter.breakdown) : undefined,
    filter.level ? eq(o.territoryLevel, filter.level) : undefined,
  );
}

export function listIndicatorDefinitions(db: Db): Promise<IndicatorDefinitionRow[]> {
  return db.select().from(indicatorDefinitions).orderBy(asc(indicatorDefinitions.code));
}

const indicatorDefinitionsByCodesQuery = rowsByKeys(indicatorDefinitions, indicatorDefinitions.code);
export function indicatorDefinitionsByCodes(db: Db, codes: readonly string[]): Promise<IndicatorDefinitionRow[]> {
  return indicatorDefinitionsByCodesQuery(db, codes);
}

export function listObservations(db: Db, filter: ObservationFilter, page: Page): Promise<ObservationRow[]> {
  const o = indicatorObservations;
  return db
    .select()
    .from(o)
    .where(and(whereOf(filter), afterCursor(o.id, page)))
    .orderBy(asc(o.id))
    .limit(page.first + 1);
}

export async function countObservations(db: Db, filter: ObservationFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(indicatorObservations)
    .where(whereOf(filter));
  return Number(row?.n ?? 0);
}

/** Up to page.first + 1 observations of each territory, in one statement. */
export function observationsOfTerritories(db: Db, territoryCodes: readonly string[], page: Page, filter: ObservationFilter): Promise<ObservationRow[]> {
  const o = indicatorObservations;
  return pagePerParent<ObservationRow>(db, o, o.territoryCode, o.id, territoryCodes, page, whereOf(filter));
}

export function countObservationsOfTerritories(db: Db, territoryCodes: readonly string[], filter: ObservationFilter): Promise<Map<string, number>> {
  const o = indicatorObservations;
  return countPerParent(db, o, o.territoryCode, territoryCodes, whereOf(filter));
}
