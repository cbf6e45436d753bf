// Per-request context: the database and fresh DataLoaders, so batching and caching never leak
// between requests (or between callers).
import { byKey, DataLoader, groupByKey, isUuid, LoaderFamily, onlyValidKeys, type Db, type Page, type SubgraphContext } from '@snn/platform';
import { placedCountOfCohorts, placementsOfEnrollments, type PlacementLine } from './data/servicePlacements';
import { citizensByIds, type CitizenRow } from './data/citizens';
import { cohortsByIds, type CohortRow } from './data/cohorts';
import { finalEctsOfCitizens } from './data/serviceCredits';
import {
  assessmentsOfEnrollments,
  curriculumModulesByCodes,
  curriculumOfTracks,
  skillCodesOfModules,
  type AssessmentRow,
  type CurriculumModuleRow,
} from './data/curriculum';
import {
  countEnrollmentsOfCohorts,
  countSeatsOfCohorts,
  enrollmentsByIds,
  enrollmentsOfCitizens,
  enrollmentsOfCohorts,
  transitionsOfEnrollments,
  type EnrollmentRow,
  type EnrollmentStatus,
  type TransitionView,
} from './data/enrollments';
import { skillsByCodes, type SkillRow } from './data/skills';

export function createLoaders(db: Db) {
  return {
    citizen: new DataLoader<string, CitizenRow | null>(onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await citizensByIds(db, ids), (r) => r.id))),
    cohort: new DataLoader<string, CohortRow | null>(onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await cohortsByIds(db, ids), (r) => r.id))),
    skill: new DataLoader<string, SkillRow | null>(async (codes) => byKey(codes, await skillsByCodes(db, codes), (r) => r.code)),
    curriculumModule: new DataLoader<string, CurriculumModuleRow | null>(async (codes) =>
      byKey(codes, await curriculumModulesByCodes(db, codes), (r) => r.code),
    ),
    curriculumOfTrack: new DataLoader<CurriculumModuleRow['track'], CurriculumModuleRow[]>(async (tracks) =>
      groupByKey(tracks, await curriculumOfTracks(db, tracks), (r) => r.track),
    ),
    skillCodesOfModule: new DataLoader<string, string[]>(async (codes) =>
      groupByKey(codes, await skillCodesOfModules(db, codes), (r) => r.moduleCode).map((rows) => rows.map((r) => r.skillCode)),
    ),
    enrollmentsOfCitizen: new DataLoader<string, EnrollmentRow[]>(async (ids) => groupByKey(ids, await enrollmentsOfCitizens(db, ids), (r) => r.citizenId)),
    finalEctsOfCitizen: new DataLoader<string, number | null>(async (ids) => {
      const totals = await finalEctsOfCitizens(db, ids);
      return ids.map((id) => totals.get(id) ?? null);
    }),
    assessmentsOfEnrollment: new DataLoader<string, AssessmentRow[]>(async (ids) =>
      groupByKey(ids, await assessmentsOfEnrollments(db, ids), (r) => r.enrollmentId),
    ),
    enrollmentsOfCohort: new LoaderFamily<{ page: Page; status: EnrollmentStatus | null }, string, EnrollmentRow[]>(({ page, status }) => {
      return new DataLoader(async (ids) => groupByKey(ids, await enrollmentsOfCohorts(db, ids, page, status ?? undefined), (r) => r.cohortId));
    }),
    enrollment: new DataLoader<string, EnrollmentRow | null>(async (ids) => byKey(ids, await enrollmentsByIds(db, ids), (r) => r.id)),
    placedCountOfCohort: new DataLoader<string, number>(async (ids) => {
      const counts = await placedCountOfCohorts(db, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    proposedInternshipOfEnrollment: new DataLoader<string, PlacementLine | null>(async (ids) => {
      const placements = await placementsOfEnrollments(db, ids);
      return ids.map((id) => placements.get(id) ?? null);
    }),
    seatsTakenOfCohort: new DataLoader<string, number>(async (ids) => {
      const counts = await countSeatsOfCohorts(db, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    transitionsOfEnrollment: new DataLoader<string, TransitionView[]>(async (ids) =>
      groupByKey(ids, await transitionsOfEnrollments(db, ids), (r) => r.enrollmentId),
    ),
    enrollmentCountOfCohort: new LoaderFamily<{ status: EnrollmentStatus | null }, string, number>(({ status }) => {
      return new DataLoader(async (ids) => {
        const counts = await countEnrollmentsOfCohorts(db, ids, status ?? undefined);
        return ids.map((id) => counts.get(id) ?? 0);
      });
    }),
  };
}

/** What every resolver receives: the database, the verified caller and this request's loaders. */
export type Context = SubgraphContext<ReturnType<typeof createLoaders>>;
