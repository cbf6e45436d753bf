import { and, arrayContains, asc, eq } from 'drizzle-orm';
import { anyOf, type Db } from '@snn/platform';
import { skills } from './tables';

export type SkillRow = typeof skills.$inferSelect;

export function listSkills(db: Db, filter: { framework?: SkillRow['framework']; track?: SkillRow['tracks'][number] }): Promise<SkillRow[]> {
  return db
    .select()
    .from(skills)
    .where(and(
      filter.framework ? eq(skills.framework, filter.framework) : undefined,
      filter.track ? arrayContains(skills.tracks, [filter.track]) : undefined,
    ))
    .orderBy(asc(skills.code));
}

export function skillsByCodes(db: Db, codes: readonly string[]): Promise<SkillRow[]> {
  return db.select().from(skills).where(anyOf(skills.code, codes));
}
