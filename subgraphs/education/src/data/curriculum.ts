import { asc } from 'drizzle-orm';
import { anyOf, type Db } from '@snn/platform';
import { assessments, curriculumModules, curriculumModuleSkills } from './tables';

export type CurriculumModuleRow = typeof curriculumModules.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;

export function curriculumOfTracks(db: Db, tracks: readonly CurriculumModuleRow['track'][]): Promise<CurriculumModuleRow[]> {
  return db.select().from(curriculumModules).where(anyOf(curriculumModules.track, tracks)).orderBy(asc(curriculumModules.code));
}

export function curriculumModulesByCodes(db: Db, codes: readonly string[]): Promise<CurriculumModuleRow[]> {
  return db.select().from(curriculumModules).where(anyOf(curriculumModules.code, codes));
}

export function skillCodesOfModules(db: Db, moduleCodes: readonly string[]) {
  return db.select().from(curriculumModuleSkills).where(anyOf(curriculumModuleSkills.moduleCode, moduleCodes))
    .orderBy(asc(curriculumModuleSkills.skillCode));
}

export function assessmentsOfEnrollments(db: Db, enrollmentIds: readonly string[]): Promise<AssessmentRow[]> {
  return db.select().from(assessments).where(anyOf(assessments.enrollmentId, enrollmentIds)).orderBy(asc(assessments.moduleCode));
}
