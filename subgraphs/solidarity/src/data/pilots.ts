// Basic-income pilots. A pilot runs in one département; a region's pilots are its départements'.
import { asc, eq, getTableColumns, or } from 'drizzle-orm';
import { anyOf, type Db } from '@snn/platform';
import { basicIncomePilots, territories } from './tables';

export type PilotRow = typeof basicIncomePilots.$inferSelect;
/** A pilot with the API code of its département's region, to group pilots under regions too. */
export type PilotWithRegion = PilotRow & { regionCode: string | null };

/** Pilots whose département is, or lies in, one of the given territories (all pilots without codes). */
export function pilotsOfTerritories(db: Db, territoryCodes?: readonly string[]): Promise<PilotWithRegion[]> {
  return db
    .select({ ...getTableColumns(basicIncomePilots), regionCode: territories.regionCode })
    .from(basicIncomePilots)
    .innerJoin(territories, eq(territories.code, basicIncomePilots.territoryCode))
    .where(territoryCodes ? or(anyOf(basicIncomePilots.territoryCode, territoryCodes), anyOf(territories.regionCode, territoryCodes)) : undefined)
    .orderBy(asc(basicIncomePilots.startDate), asc(basicIncomePilots.id));
}
