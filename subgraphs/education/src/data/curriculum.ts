import { asc, inArray } from 'drizzle-orm';
import type { Db } from '@snn/platform';
import { assessments, curriculumModules, curriculumModuleSkills } from './tables';

export type CurriculumModuleRow = typeof curriculumModules.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;

export function curriculumOfTracks(db: Db, tracks: readonly CurriculumModuleRow['track'][]): Promise<CurriculumModuleRow[]> {
  return db.select().from(curriculumModules).where(inArray(curriculumModules.track, [...tracks])).orderBy(asc(curriculumModules.code));
}

export function curriculumModulesByCodes(db: Db, codes: readonly string[]): Promise<CurriculumModuleRow[]> {
  return db.select().from(curriculumModules).where(inArray(curriculumModules.code, [...codes]));
}

export function skillCodesOfModules(db: Db, moduleCodes: readonly string[]) {
  return db.select().from(curriculumModuleSkills).where(inArray(curriculumModuleSkills.moduleCode, [...moduleCodes]))
    .orderBy(asc(curriculumModuleSkills.skillCode));
}

export function assessmentsOfEnrollments(db: Db, enrollmentIds: readonly string[]): Promise<AssessmentRow[]> {
  return db.select().from(assessments).where(inArray(assessments.enrollmentId, [...enrollmentIds])).orderBy(asc(assessments.moduleCode));
}
