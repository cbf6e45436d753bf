// Per-request context: the database and fresh DataLoaders, so batching and caching never leak
// between requests (or between callers).
import { byKey, DataLoader, groupByKey, LoaderFamily, type Db, type Page, type SubgraphContext } from '@snn/platform';
import { creditsByIds, creditsWithModulesOfCitizens, type CreditAwardRow } from './data/credits';
import { countModulesOfUniversities, modulesByCodes, modulesOfUniversities, skillCodesOfModules, type ModuleRow, type Track } from './data/modules';
import { revisionsOfAwards, type RevisionRow } from './data/revisions';
import { countUniversitiesOfPlaces, universitiesByIds, universitiesOfPlaces, type Place, type UniversityRow } from './data/universities';

const placeKey = (p: Place) => ('departmentCode' in p ? p.departmentCode : `R${p.regionCode}`);

export function createLoaders(db: Db) {
  const university = new DataLoader<string, UniversityRow | null>(async (ids) => byKey(ids, await universitiesByIds(db, ids), (r) => r.id));
  const module = new DataLoader<string, ModuleRow | null>(async (codes) => byKey(codes, await modulesByCodes(db, codes), (r) => r.code));
  return {
    university,
    module,
    creditAward: new DataLoader<string, CreditAwardRow | null>(async (ids) => byKey(ids, await creditsByIds(db, ids), (r) => r.id)),
    skillsOfModule: new DataLoader<string, Array<{ skillCode: string; level: number }>>(async (codes) =>
      groupByKey(codes, await skillCodesOfModules(db, codes), (r) => r.moduleCode),
    ),
    revisionsOfAward: new DataLoader<string, RevisionRow[]>(async (ids) => groupByKey(ids, await revisionsOfAwards(db, ids), (r) => r.awardId)),
    // Each award comes with its module and university: their loaders answer from it, no statement.
    creditsOfCitizen: new DataLoader<string, CreditAwardRow[]>(async (ids) => {
      const rows = await creditsWithModulesOfCitizens(db, ids);
      for (const r of rows) {
        module.prime(r.module.code, r.module);
        university.prime(r.university.id, r.university);
      }
      return groupByKey(
        ids,
        rows.map((r) => r.credit),
        (r) => r.citizenId,
      );
    }),
    modulesOfUniversity: new LoaderFamily<{ page: Page; track: Track | null }, string, ModuleRow[]>(({ page, track }) => {
      return new DataLoader(async (ids) => groupByKey(ids, await modulesOfUniversities(db, ids, page, track ?? undefined), (r) => r.universityId));
    }),
    moduleCountOfUniversity: new LoaderFamily<{ track: Track | null }, string, number>(({ track }) => {
      return new DataLoader(async (ids) => {
        const counts = await countModulesOfUniversities(db, ids, track ?? undefined);
        return ids.map((id) => counts.get(id) ?? 0);
      });
    }),
    // Keyed by Place (one object per territory code, from placeOfCode) for Territory.universities.
    universitiesOfPlace: new LoaderFamily<{ page: Page }, Place, UniversityRow[], string>(({ page }) => {
      return new DataLoader<Place, UniversityRow[], string>((places) => universitiesOfPlaces(db, places, page), { cacheKeyFn: placeKey });
    }),
    universityCountOfPlace: new DataLoader<Place, number, string>((places) => countUniversitiesOfPlaces(db, places), { cacheKeyFn: placeKey }),
  };
}

/** What every resolver receives: the database, the verified caller and this request's loaders. */
export type Context = SubgraphContext<ReturnType<typeof createLoaders>>;
