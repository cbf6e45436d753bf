// Universities: plain data functions over the universities database; nothing here knows GraphQL.
import { and, asc, sql, type SQL } from 'drizzle-orm';
import {
  afterCursor,
  countPerParent,
  groupByKey,
  inTerritory,
  pagePerParent,
  scopeOf,
  territoryByCode,
  type Db,
  type Page,
  type TerritoryScope,
  rowsByKeys,
} from '@snn/platform';
import { universities } from './tables';

export type UniversityRow = typeof universities.$inferSelect;

/** Where a university sits: one département, or any département of one region. */
export type Place = TerritoryScope;

export function wherePlace(place: Place | undefined): SQL | undefined {
  return inTerritory(place, universities);
}

/** The ids of the universities of a place, as a subquery for tables that only hold university_id. */
export function universityIdsIn(db: Db, place: Place) {
  return db.select({ id: universities.id }).from(universities).where(wherePlace(place));
}

export function listUniversities(db: Db, place: Place | undefined, page: Page): Promise<UniversityRow[]> {
  return db
    .select()
    .from(universities)
    .where(and(wherePlace(place), afterCursor(universities.id, page)))
    .orderBy(asc(universities.id))
    .limit(page.first + 1);
}

export async function countUniversities(db: Db, place: Place | undefined): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(universities)
    .where(wherePlace(place));
  return Number(row?.n ?? 0);
}

const universitiesByIdsQuery = rowsByKeys(universities, universities.id);
export function universitiesByIds(db: Db, ids: readonly string[]): Promise<UniversityRow[]> {
  return universitiesByIdsQuery(db, ids);
}

/** A federation territory code (`75`, `R11`) as a place; undefined when it is no INSEE territory. */
export function placeOfCode(code: string): Place | undefined {
  const t = territoryByCode(code);
  return t ? scopeOf(t) : undefined;
}

type Level = 'departmentCode' | 'regionCode';
const levelOf = (p: Place): Level => ('departmentCode' in p ? 'departmentCode' : 'regionCode');
const codeOf = (p: Place): string => ('departmentCode' in p ? p.departmentCode : p.regionCode);

/**
 * Départements and regions match different columns: one statement for each, run together, so that
 * every place's rows arrive at once and the edges below them batch as one.
 */
async function byLevel<T>(places: readonly Place[], query: (level: Level, codes: readonly string[]) => Promise<Map<string, T>>): Promise<Array<T | undefined>> {
  const levels = (['departmentCode', 'regionCode'] as const)
    .map((level) => [level, [...new Set(places.filter((p) => levelOf(p) === level).map(codeOf))]] as const)
    .filter(([, codes]) => codes.length > 0);
  const results = new Map(await Promise.all(levels.map(async ([level, codes]) => [level, await query(level, codes)] as const)));
  return places.map((p) => results.get(levelOf(p))?.get(codeOf(p)));
}

/** Up to page.first + 1 universities of each place, in one statement per kind of place. */
export async function universitiesOfPlaces(db: Db, places: readonly Place[], page: Page): Promise<UniversityRow[][]> {
  const lists = await byLevel(places, async (level, codes) => {
    const rows = await pagePerParent<UniversityRow>(db, universities, universities[level], universities.id, codes, page);
    return new Map(groupByKey(codes, rows, (r) => r[level]).map((list, i) => [codes[i] as string, list]));
  });
  return lists.map((l) => l ?? []);
}

export async function countUniversitiesOfPlaces(db: Db, places: readonly Place[]): Promise<number[]> {
  const counts = await byLevel(places, (level, codes) => countPerParent(db, universities, universities[level], codes));
  return counts.map((n) => n ?? 0);
}
