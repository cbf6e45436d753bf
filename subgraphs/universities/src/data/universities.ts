// Universities: plain data functions over the universities database; nothing here knows GraphQL.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { afterCursor, countPerParent, pagePerParent, type Db, type Page } from '@snn/platform';
import { universities } from './tables';

export type UniversityRow = typeof universities.$inferSelect;

/** Where a university sits: one département, or any département of one region (INSEE codes, no R). */
export type Place = { departmentCode: string } | { regionCode: string };

export function wherePlace(place: Place | undefined): SQL | undefined {
  if (!place) return undefined;
  return 'departmentCode' in place ? eq(universities.departmentCode, place.departmentCode) : eq(universities.regionCode, place.regionCode);
}

/** The ids of the universities of a place, as a subquery for tables that only hold university_id. */
export function universityIdsIn(db: Db, place: Place) {
  return db.select({ id: universities.id }).from(universities).where(wherePlace(place));
}

export function listUniversities(db: Db, place: Place | undefined, page: Page): Promise<UniversityRow[]> {
  return db.select().from(universities).where(and(wherePlace(place), afterCursor(universities.id, page)))
    .orderBy(asc(universities.id)).limit(page.first + 1);
}

export async function countUniversities(db: Db, place: Place | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(universities).where(wherePlace(place));
  return Number(row?.n ?? 0);
}

export function universitiesByIds(db: Db, ids: readonly string[]): Promise<UniversityRow[]> {
  return db.select().from(universities).where(inArray(universities.id, [...ids]));
}

/** Up to page.first + 1 universities of each département (or region), in one statement. */
export function universitiesOfPlaces(db: Db, level: 'departmentCode' | 'regionCode', codes: readonly string[], page: Page): Promise<UniversityRow[]> {
  return pagePerParent<UniversityRow>(db, universities, universities[level], universities.id, codes, page);
}

export function countUniversitiesOfPlaces(db: Db, level: 'departmentCode' | 'regionCode', codes: readonly string[]): Promise<Map<string, number>> {
  return countPerParent(db, universities, universities[level], codes);
}
