// Modules of the partner universities' catalogues and the skills they teach.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { afterCursor, countPerParent, pagePerParent, type Db, type Page, rowsByKeys } from '@snn/platform';
import { modules, moduleSkills } from './tables';
import { universityIdsIn, type Place } from './universities';

export type ModuleRow = typeof modules.$inferSelect;
export type Track = ModuleRow['track'];

export interface ModuleFilter {
  place?: Place;
  track?: Track;
  universityId?: string;
  language?: string;
}

function whereOf(db: Db, filter: ModuleFilter): SQL | undefined {
  return and(
    filter.place ? inArray(modules.universityId, universityIdsIn(db, filter.place)) : undefined,
    filter.track ? eq(modules.track, filter.track) : undefined,
    filter.universityId ? eq(modules.universityId, filter.universityId) : undefined,
    filter.language ? eq(modules.language, filter.language) : undefined,
  );
}

export function listModules(db: Db, filter: ModuleFilter, page: Page): Promise<ModuleRow[]> {
  return db
    .select()
    .from(modules)
    .where(and(whereOf(db, filter), afterCursor(modules.code, page)))
    .orderBy(asc(modules.code))
    .limit(page.first + 1);
}

export async function countModules(db: Db, filter: ModuleFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(modules)
    .where(whereOf(db, filter));
  return Number(row?.n ?? 0);
}

const modulesByCodesQuery = rowsByKeys(modules, modules.code);
export function modulesByCodes(db: Db, codes: readonly string[]): Promise<ModuleRow[]> {
  return modulesByCodesQuery(db, codes);
}

/** Up to page.first + 1 modules of each university, in one statement. */
export function modulesOfUniversities(db: Db, universityIds: readonly string[], page: Page, track?: Track): Promise<ModuleRow[]> {
  return pagePerParent<ModuleRow>(db, modules, modules.universityId, modules.code, universityIds, page, track ? eq(modules.track, track) : undefined);
}

export function countModulesOfUniversities(db: Db, universityIds: readonly string[], track?: Track): Promise<Map<string, number>> {
  return countPerParent(db, modules, modules.universityId, universityIds, track ? eq(modules.track, track) : undefined);
}

const skillCodesOfModulesQuery = rowsByKeys(moduleSkills, moduleSkills.moduleCode, [asc(moduleSkills.skillCode)]);
export function skillCodesOfModules(db: Db, moduleCodes: readonly string[]) {
  return skillCodesOfModulesQuery(db, moduleCodes);
}
