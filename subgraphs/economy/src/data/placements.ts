// Placements: a citizen's internship in an offer, and its evaluation.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { afterCursor, anyOf, type Db, type Page, inTerritory, preparedByKeys, type TerritoryScope, rowsByKeys } from '@snn/platform';
import type { OfferRow } from './offers';
import type { OrganisationRow } from './organisations';
import { internshipOffers, organisations, placements } from './tables';

export type PlacementRow = typeof placements.$inferSelect;

export interface PlacementFilter {
  territory?: TerritoryScope;
  status?: PlacementRow['status'];
  organisationId?: string;
}

function whereOf(filter: PlacementFilter): SQL | undefined {
  return and(
    inTerritory(filter.territory, placements),
    filter.status ? eq(placements.status, filter.status) : undefined,
    filter.organisationId ? eq(placements.organisationId, filter.organisationId) : undefined,
  );
}

const placementsByIdsQuery = rowsByKeys(placements, placements.id);
export function placementsByIds(db: Db, ids: readonly string[]): Promise<PlacementRow[]> {
  return placementsByIdsQuery(db, ids);
}

export function listPlacements(db: Db, filter: PlacementFilter, page: Page): Promise<PlacementRow[]> {
  return db
    .select()
    .from(placements)
    .where(and(whereOf(filter), afterCursor(placements.id, page)))
    .orderBy(asc(placements.id))
    .limit(page.first + 1);
}

export async function countPlacements(db: Db, filter: PlacementFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(placements)
    .where(whereOf(filter));
  return Number(row?.n ?? 0);
}

/**
 * Citizens' placements, earliest first, each with its offer and the offer's organisation, in one
 * statement: a roster asks for all three, and three statements were three round trips to
 * PostgreSQL one after another (the context's loaders keep the offers and organisations).
 */
export const placementsWithOffersOfCitizens = preparedByKeys<{ placement: PlacementRow; offer: OfferRow; organisation: OrganisationRow }>(
  'placements_with_offers_by_citizen_id',
  (db, citizenIds) =>
    db
      .select({ placement: placements, offer: internshipOffers, organisation: organisations })
      .from(placements)
      .innerJoin(internshipOffers, eq(internshipOffers.id, placements.offerId))
      .innerJoin(organisations, eq(organisations.siren, internshipOffers.organisationId))
      .where(anyOf(placements.citizenId, citizenIds))
      .orderBy(asc(placements.startDate), asc(placements.id)),
);
