// The universities' share of the demo universe: the partner universities, their module catalogues,
// and the credits awarded to citizens who passed the training phase.
import { addDays, addMonths, BulkWriter, bulkInsert, type Database } from '@snn/platform';
import { demoUuid, REFERENCE_DATE, Rng, WeightedTable, type ModuleFacts, type Universe } from '@snn/platform/demo';
import { creditAwards, modules, moduleSkills, universities } from '../data/tables';

export const seedTables = ['credit_awards', 'module_skills', 'modules', 'universities'];

const FINAL_STATUS = new WeightedTable(['FINAL', 'PROVISIONAL', 'REVOKED'] as const, (s) => ({ FINAL: 88, PROVISIONAL: 9, REVOKED: 3 })[s]);

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
    universe.modules.flatMap((m) => m.skillCodes.map((skillCode) => ({ moduleCode: m.code, skillCode }))),
  );

  // A citizen takes modules of their track at the universities of their region: at most
  // 18 regions × 4 tracks pools, so memory does not grow with the number of citizens.
  const pools = new Map<string, ModuleFacts[]>();
  const poolOf = (regionCode: string, track: ModuleFacts['track']) => {
    const key = `${regionCode}:${track}`;
    let pool = pools.get(key);
    if (!pool) {
      const local = new Set(universe.universitiesOfRegion(regionCode).map((u) => u.index));
      pools.set(key, (pool = universe.modules.filter((m) => m.track === track && local.has(m.universityIndex))));
    }
    return pool;
  };

  const creditWriter = new BulkWriter(db, creditAwards);
  for (let i = 0; i < universe.citizenCount; i++) {
    const c = universe.citizen(i);
    const { status } = c.enrollment;
    if (status !== 'COMPLETED' && status !== 'IN_INTERNSHIP') continue;
    const rng = new Rng(universe.seed, 'credit', i);
    // Modules are assessed at the end of the four-month training phase; the jury awards weeks later.
    const trainingEnds = addMonths(universe.cohort(c.cohortIndex).startDate, 4);
    const picked = rng.sample(poolOf(c.regionCode, c.track), rng.int(2, 3));
    for (let n = 0; n < picked.length; n++) {
      const m = picked[n] as ModuleFacts;
      const assessedOn = addDays(trainingEnds, -rng.int(1, 21));
      const awardedOn = addDays(trainingEnds, rng.int(14, 42));
      await creditWriter.push({
        id: demoUuid(universe.seed, 'credit', i * 8 + n),
        citizenId: c.id,
        moduleCode: m.code,
        universityId: uaiOf(m),
        ectsCredits: m.ects,
        // Only a pass earns credits: 10 to 20 out of 20, in half points.
        grade: rng.int(20, 40) / 2,
        // Still interning: the jury has not sat yet.
        status: status === 'COMPLETED' ? rng.weighted(FINAL_STATUS) : 'PROVISIONAL',
        assessedOn,
        awardedOn: awardedOn < REFERENCE_DATE ? awardedOn : REFERENCE_DATE,
      });
    }
  }
  await creditWriter.flush();
}
