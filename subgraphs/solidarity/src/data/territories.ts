// Territories: plain data functions over the solidarity database; nothing here knows GraphQL.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { afterCursor, type Db, type Page, rowsByKeys } from '@snn/platform';
import { territories } from './tables';

export type TerritoryRow = typeof territories.$inferSelect;

export interface TerritoryFilter {
  level?: TerritoryRow['level'];
  /** API code of a region (`R11`). */
  regionCode?: string;
  zone?: TerritoryRow['zone'];
}

function whereOf(filter: TerritoryFilter): SQL | undefined {
  return and(
    filter.level ? eq(territories.level, filter.level) : undefined,
    filter.regionCode ? eq(territories.regionCode, filter.regionCode) : undefined,
    filter.zone ? eq(territories.zone, filter.zone) : undefined,
  );
}

export function listTerritories(db: Db, filter: TerritoryFilter, page: Page): Promise<TerritoryRow[]> {
  return db
    .select()
    .from(territories)
    .where(and(whereOf(filter), afterCursor(territories.code, page)))
    .orderBy(asc(territories.code))
    .limit(page.first + 1);
}

export async function countTerritories(db: Db, filter: TerritoryFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(territories)
    .where(whereOf(filter));
  return Number(row?.n ?? 0);
}

const territoriesByCodesQuery = rowsByKeys(territories, territories.code);
export function territoriesByCodes(db: Db, codes: readonly string[]): Promise<TerritoryRow[]> {
  return territoriesByCodesQuery(db, codes);
}

const departmentsOfRegionsQuery = rowsByKeys(territories, territories.regionCode, [asc(territories.code)]);
/** The départements of the given regions (a département's code matches none). */
export function departmentsOfRegions(db: Db, regionCodes: readonly string[]): Promise<TerritoryRow[]> {
  return departmentsOfRegionsQuery(db, regionCodes);
}
