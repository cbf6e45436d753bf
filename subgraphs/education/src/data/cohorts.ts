// Cohorts: plain data functions over the education database; nothing here knows GraphQL.
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { afterCursor, type Page, rowsByKeys } from '@snn/platform';
import type { Db } from '@snn/platform';
import { cohorts } from './tables';

export type CohortRow = typeof cohorts.$inferSelect;
export type Track = CohortRow['track'];

export interface CohortFilter {
  regionCodes?: string[];
  track?: Track;
  phase?: CohortRow['phase'];
  startsOnOrAfter?: string;
  startsOnOrBefore?: string;
}

function whereOf(filter: CohortFilter): SQL | undefined {
  return and(
    filter.regionCodes ? inArray(cohorts.regionCode, filter.regionCodes) : undefined,
    filter.track ? eq(cohorts.track, filter.track) : undefined,
    filter.phase ? eq(cohorts.phase, filter.phase) : undefined,
    filter.startsOnOrAfter ? gte(cohorts.startDate, filter.startsOnOrAfter) : undefined,
    filter.startsOnOrBefore ? lte(cohorts.startDate, filter.startsOnOrBefore) : undefined,
  );
}

export function listCohorts(db: Db, filter: CohortFilter, page: Page): Promise<CohortRow[]> {
  return db
    .select()
    .from(cohorts)
    .where(and(whereOf(filter), afterCursor(cohorts.id, page)))
    .orderBy(asc(cohorts.id))
    .limit(page.first + 1);
}

export async function countCohorts(db: Db, filter: CohortFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cohorts)
    .where(whereOf(filter));
  return Number(row?.n ?? 0);
}

const cohortsByIdsQuery = rowsByKeys(cohorts, cohorts.id);
export function cohortsByIds(db: Db, ids: readonly string[]): Promise<CohortRow[]> {
  return cohortsByIdsQuery(db, ids);
}
