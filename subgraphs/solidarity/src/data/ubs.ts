// The UBS catalogue and its coverage per territory and year.
import { and, asc, eq } from 'drizzle-orm';
import { anyOf, type Db, rowsByKeys } from '@snn/platform';
import { ubsCoverage, ubsServices } from './tables';

export type UbsServiceRow = typeof ubsServices.$inferSelect;
export type UbsCoverageRow = typeof ubsCoverage.$inferSelect;
export type UbsDomain = UbsServiceRow['domain'];

export function listUbsServices(db: Db, domain?: UbsDomain): Promise<UbsServiceRow[]> {
  return db
    .select()
    .from(ubsServices)
    .where(domain ? eq(ubsServices.domain, domain) : undefined)
    .orderBy(asc(ubsServices.code));
}

const ubsServicesByCodesQuery = rowsByKeys(ubsServices, ubsServices.code);
export function ubsServicesByCodes(db: Db, codes: readonly string[]): Promise<UbsServiceRow[]> {
  return ubsServicesByCodesQuery(db, codes);
}

/** Coverage rows of the given territories, one year or all, by period then service. */
export function coverageOfTerritories(db: Db, territoryCodes: readonly string[], period?: string): Promise<UbsCoverageRow[]> {
  return db
    .select()
    .from(ubsCoverage)
    .where(and(anyOf(ubsCoverage.territoryCode, territoryCodes), period ? eq(ubsCoverage.period, period) : undefined))
    .orderBy(asc(ubsCoverage.period), asc(ubsCoverage.serviceCode));
}
