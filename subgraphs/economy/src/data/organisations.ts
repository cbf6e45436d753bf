// Host organisations: plain data functions over the economy database; nothing here knows GraphQL.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { afterCursor, type Db, type Page, inTerritory, type TerritoryScope, rowsByKeys } from '@snn/platform';
import { organisations } from './tables';

export type OrganisationRow = typeof organisations.$inferSelect;

export interface OrganisationFilter {
  territory?: TerritoryScope;
  kind?: OrganisationRow['kind'];
  nafCode?: string;
}

function whereOf(filter: OrganisationFilter): SQL | undefined {
  return and(
    inTerritory(filter.territory, organisations),
    filter.kind ? eq(organisations.kind, filter.kind) : undefined,
    filter.nafCode ? eq(organisations.nafCode, filter.nafCode) : undefined,
  );
}

const organisationsBySirensQuery = rowsByKeys(organisations, organisations.siren);
export function organisationsBySirens(db: Db, sirens: readonly string[]): Promise<OrganisationRow[]> {
  return organisationsBySirensQuery(db, sirens);
}

export function listOrganisations(db: Db, filter: OrganisationFilter, page: Page): Promise<OrganisationRow[]> {
  return db
    .select()
    .from(organisations)
    .where(and(whereOf(filter), afterCursor(organisations.siren, page)))
    .orderBy(asc(organisations.siren))
    .limit(page.first + 1);
}

export async function countOrganisations(db: Db, filter: OrganisationFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(organisations)
    .where(whereOf(filter));
  return Number(row?.n ?? 0);
}
