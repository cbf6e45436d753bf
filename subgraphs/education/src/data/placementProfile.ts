// What the placement round needs to know of an enrolled citizen, as education knows it now: where
// they live, the seat reserves they belong to, when their internship may run, the skills reached.
// Written to the outbox (`education.placement-profile-changed`) by the writes that change it.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, EventPayload } from '@snn/platform';
import { internshipWindow } from './rules';
import { assessments, citizens, cohorts, curriculumModuleSkills, enrollments, skills } from './tables';

export type PlacementProfile = EventPayload<'education.placement-profile-changed'>;

/**
 * The level a citizen reached in a skill: each module passed that teaches it counts once; the
 * first brings the skill's lowest level, each further one a level more, up to its highest.
 */
export function levelReached(skill: { minLevel: number; maxLevel: number }, modulesPassed: number): number {
  return Math.min(skill.maxLevel, skill.minLevel + modulesPassed - 1);
}

/** The profiles of the enrolments, in the order of `enrollmentIds`: two statements however many. */
export async function profileOf(tx: Db, enrollmentIds: readonly string[]): Promise<PlacementProfile[]> {
  if (enrollmentIds.length === 0) return [];
  const ids = [...new Set(enrollmentIds)];
  const rows = await tx
    .select({
      enrollmentId: enrollments.id,
      citizenId: enrollments.citizenId,
      cohortId: cohorts.id,
      track: cohorts.track,
      startDate: cohorts.startDate,
      endDate: cohorts.endDate,
      departmentCode: citizens.departmentCode,
      regionCode: citizens.regionCode,
      graduate: citizens.graduate,
      priorityNeighbourhood: citizens.priorityNeighbourhood,
    })
    .from(enrollments)
    .innerJoin(citizens, eq(citizens.id, enrollments.citizenId))
    .innerJoin(cohorts, eq(cohorts.id, enrollments.cohortId))
    .where(inArray(enrollments.id, ids));
  const reached = await tx
    .select({
      enrollmentId: assessments.enrollmentId,
      code: skills.code,
      minLevel: skills.minLevel,
      maxLevel: skills.maxLevel,
      // A pass is final, so a module has one passed row; distinct keeps "counts once" true regardless.
      modules: sql<number>`count(distinct ${assessments.moduleCode})::int`,
    })
    .from(assessments)
    .innerJoin(curriculumModuleSkills, eq(curriculumModuleSkills.moduleCode, assessments.moduleCode))
    .innerJoin(skills, eq(skills.code, curriculumModuleSkills.skillCode))
    .where(and(inArray(assessments.enrollmentId, ids), eq(assessments.passed, true)))
    .groupBy(assessments.enrollmentId, skills.code, skills.minLevel, skills.maxLevel);

  const skillsOf = new Map<string, PlacementProfile['skills']>();
  for (const r of reached) {
    const list = skillsOf.get(r.enrollmentId) ?? [];
    list.push({ code: r.code, level: levelReached(r, Number(r.modules)) });
    skillsOf.set(r.enrollmentId, list);
  }
  const byId = new Map(rows.map((r) => [r.enrollmentId, r]));
  return enrollmentIds.map((id) => {
    const r = byId.get(id);
    if (!r) throw new Error(`no enrolment ${id} to profile`);
    return {
      citizenId: r.citizenId,
      enrollmentId: r.enrollmentId,
      cohortId: r.cohortId,
      track: r.track,
      departmentCode: r.departmentCode,
      regionCode: r.regionCode,
      nonGraduate: !r.graduate,
      priorityNeighbourhood: r.priorityNeighbourhood,
      ...internshipWindow(r),
      // Code order, by code unit rather than locale, so that every consumer sees the same list.
      skills: (skillsOf.get(id) ?? []).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    };
  });
}
