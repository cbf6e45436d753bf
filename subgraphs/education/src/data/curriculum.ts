import { asc } from 'drizzle-orm';
import { type Db, rowsByKeys } from '@snn/platform';
import { assessments, curriculumModules, curriculumModuleSkills } from './tables';

export type CurriculumModuleRow = typeof curriculumModules.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;

const curriculumOfTracksQuery = rowsByKeys(curriculumModules, curriculumModules.track, [asc(curriculumModules.code)]);
export function curriculumOfTracks(db: Db, tracks: readonly CurriculumModuleRow['track'][]): Promise<CurriculumModuleRow[]> {
  return curriculumOfTracksQuery(db, tracks);
}

const curriculumModulesByCodesQuery = rowsByKeys(curriculumModules, curriculumModules.code);
export function curriculumModulesByCodes(db: Db, codes: readonly string[]): Promise<CurriculumModuleRow[]> {
  return curriculumModulesByCodesQuery(db, codes);
}

const skillCodesOfModulesQuery = rowsByKeys(curriculumModuleSkills, curriculumModuleSkills.moduleCode, [asc(curriculumModuleSkills.skillCode)]);
export function skillCodesOfModules(db: Db, moduleCodes: readonly string[]) {
  return skillCodesOfModulesQuery(db, moduleCodes);
}

const assessmentsOfEnrollmentsQuery = rowsByKeys(assessments, assessments.enrollmentId, [asc(assessments.moduleCode), asc(assessments.attempt)]);
export function assessmentsOfEnrollments(db: Db, enrollmentIds: readonly string[]): Promise<AssessmentRow[]> {
  return assessmentsOfEnrollmentsQuery(db, enrollmentIds);
}
