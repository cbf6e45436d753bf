// The universities' share of the demo universe: the partner universities, their module catalogues,
// and the credits awarded to citizens who passed the training phase.
import { BulkWriter, bulkInsert, LEVEL_RANGE, skillByCode, type Database } from '@snn/platform';
import type { ModuleFacts, Universe } from '@snn/platform/demo';
import { creditAwards, modules, moduleSkills, serviceEnrolments, universities } from '../data/tables';

export const seedTables = ['credit_revisions', 'credit_awards', 'service_enrolments', 'module_skills', 'modules', 'universities'];

export async function seed({ db }: Database, universe: Universe): Promise<void> {
  await bulkInsert(
    db,
    universities,
    universe.universities.map((u) => ({ id: u.id, name: u.name, departmentCode: u.departmentCode, regionCode: u.regionCode })),
  );
  const uaiOf = (m: ModuleFacts) => (universe.universities[m.universityIndex] as { id: string }).id;
  await bulkInsert(
    db,
    modules,
    universe.modules.map((m) => ({
      code: m.code,
      universityId: uaiOf(m),
      title: m.title,
      track: m.track,
      ectsCredits: m.ects,
      hours: m.hours,
      language: m.language,
    })),
  );
  await bulkInsert(
    db,
    moduleSkills,
    universe.modules.flatMap((m) =>
      m.skillCodes.map((skillCode, n) => {
        // A module teaches its first skill one level deeper than the others, within the framework's scale.
        const range = LEVEL_RANGE[skillByCode(skillCode)?.framework ?? 'E_CF'];
        return { moduleCode: m.code, skillCode, level: Math.min(range.min + (n === 0 ? 2 : 1), range.max) };
      }),
    ),
  );

  const creditWriter = new BulkWriter(db, creditAwards);
  // The copy of education's enrolments that its events would have built.
  const enrolmentWriter = new BulkWriter(db, serviceEnrolments);
  for (let i = 0; i < universe.citizenCount; i++) {
    const c = universe.citizen(i);
    await enrolmentWriter.push({ enrollmentId: c.enrollment.id, citizenId: c.id, enrolledOn: c.enrollment.enrolledOn });
    for (const credit of universe.credits(i, c)) {
      await creditWriter.push({
        id: credit.id,
        citizenId: credit.citizenId,
        moduleCode: credit.moduleCode,
        universityId: credit.universityId,
        ectsCredits: credit.ects,
        grade: credit.grade,
        status: credit.status,
        assessedOn: credit.assessedOn,
        awardedOn: credit.awardedOn,
      });
    }
  }
  await creditWriter.flush();
  await enrolmentWriter.flush();
}
