import { and, arrayContains, asc, eq } from 'drizzle-orm';
import { type Db, rowsByKeys } from '@snn/platform';
import { skills } from './tables';

export type SkillRow = typeof skills.$inferSelect;

export function listSkills(db: Db, filter: { framework?: SkillRow['framework']; track?: SkillRow['tracks'][number] }): Promise<SkillRow[]> {
  return db
    .select()
    .from(skills)
    .where(and(filter.framework ? eq(skills.framework, filter.framework) : undefined, filter.track ? arrayContains(skills.tracks, [filter.track]) : undefined))
    .orderBy(asc(skills.code));
}

const skillsByCodesQuery = rowsByKeys(skills, skills.code);
export function skillsByCodes(db: Db, codes: readonly string[]): Promise<SkillRow[]> {
  return skillsByCodesQuery(db, codes);
}
