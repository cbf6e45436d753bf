// Placements: a citizen's internship in an offer, and its evaluation.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { afterCursor, type Db, type Page, inTerritory, type TerritoryScope, rowsByKeys } from '@snn/platform';
import { placements } from './tables';

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
  return db.select().from(placements).where(and(whereOf(filter), afterCursor(placements.id, page)))
    .orderBy(asc(placements.id)).limit(page.first + 1);
}

export async function countPlacements(db: Db, filter: PlacementFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(placements).where(whereOf(filter));
  return Number(row?.n ?? 0);
}

const placementsOfCitizensQuery = rowsByKeys(placements, placements.citizenId, [asc(placements.startDate), asc(placements.id)]);
export function placementsOfCitizens(db: Db, citizenIds: readonly string[]): Promise<PlacementRow[]> {
  return placementsOfCitizensQuery(db, citizenIds);
}
