// Education's share of the demo universe: skills, curriculum, cohorts, citizens, enrolments, assessments.
import { addDays, addMonths, BulkWriter, bulkInsert, LEVEL_RANGE, SKILLS, skillsOfTrack, TRACKS, type Database } from '@snn/platform';
import { Rng, type Universe } from '@snn/platform/demo';
import { TRAINING_MONTHS } from '../data/rules';
import {
  assessments,
  citizens,
  cohorts,
  curriculumModules,
  curriculumModuleSkills,
  enrollments,
  enrollmentTransitions,
  serviceCredits,
  skills,
} from '../data/tables';

export const seedTables = [
  'service_credits',
  'assessments',
  'enrollment_transitions',
  'enrollments',
  'citizens',
  'cohorts',
  'curriculum_module_skills',
  'curriculum_modules',
  'skills',
];

const CURRICULUM: Record<(typeof TRACKS)[number], Array<[string, number]>> = {
  CYBERSECURITY: [
    ['Hygiène informatique et menaces', 60],
    ['Défense des systèmes d’information', 120],
    ['Détection et réponse aux incidents', 120],
    ['Exercice de crise cyber', 40],
  ],
  PROGRAMMING: [
    ['Bases de la programmation', 90],
    ['Développement web', 120],
    ['Qualité logicielle', 80],
    ['Projet en équipe', 60],
  ],
  AI: [
    ['Mathématiques pour l’IA', 80],
    ['Apprentissage automatique appliqué', 120],
    ['Données et éthique', 60],
    ['Projet IA', 60],
  ],
  CRITICAL_INFRASTRUCTURE: [
    ['Réseaux et télécommunications', 90],
    ['Systèmes industriels', 120],
    ['Continuité d’activité', 60],
    ['Exercice de gestion de crise', 40],
  ],
};

export function curriculumCode(track: string, n: number): string {
  return `SNN-${track.slice(0, 3)}-${n + 1}`;
}

export async function seed({ db }: Database, universe: Universe): Promise<void> {
  await bulkInsert(
    db,
    skills,
    SKILLS.map((s) => ({ ...s, minLevel: LEVEL_RANGE[s.framework].min, maxLevel: LEVEL_RANGE[s.framework].max })),
  );
  const modules = TRACKS.flatMap((track) => CURRICULUM[track].map(([title, hours], n) => ({ code: curriculumCode(track, n), title, track, hours })));
  await bulkInsert(db, curriculumModules, modules);
  await bulkInsert(
    db,
    curriculumModuleSkills,
    modules.flatMap((m, i) =>
      new Rng(universe.seed, 'curriculum', i).sample(skillsOfTrack(m.track), 3).map((s) => ({ moduleCode: m.code, skillCode: s.code })),
    ),
  );

  const cohortWriter = new BulkWriter(db, cohorts);
  for (let k = 0; k < universe.cohortCount; k++) {
    const { index: _i, ...cohort } = universe.cohort(k);
    await cohortWriter.push(cohort);
  }
  await cohortWriter.flush();

  const citizenWriter = new BulkWriter(db, citizens);
  const enrollmentWriter = new BulkWriter(db, enrollments, [citizenWriter]);
  const assessmentWriter = new BulkWriter(db, assessments, [enrollmentWriter]);
  const transitionWriter = new BulkWriter(db, enrollmentTransitions, [enrollmentWriter]);
  // The record of credits that the universities' events would have built.
  const creditWriter = new BulkWriter(db, serviceCredits);
  for (let i = 0; i < universe.citizenCount; i++) {
    const c = universe.citizen(i);
    for (const credit of universe.credits(i, c)) {
      await creditWriter.push({
        awardId: credit.id,
        citizenId: credit.citizenId,
        universityId: credit.universityId,
        moduleCode: credit.moduleCode,
        ectsCredits: credit.ects,
        status: credit.status,
        awardedOn: credit.awardedOn,
      });
    }
    await citizenWriter.push({
      id: c.id,
      birthDate: c.birthDate,
      departmentCode: c.departmentCode,
      regionCode: c.regionCode,
      educationLevel: c.educationLevel,
      graduate: c.graduate,
      priorityNeighbourhood: c.priorityNeighbourhood,
    });
    const e = c.enrollment;
    const cohort = universe.cohort(c.cohortIndex);
    const completed = e.status === 'COMPLETED';
    await enrollmentWriter.push({
      id: e.id,
      citizenId: c.id,
      cohortId: universe.cohort(c.cohortIndex).id,
      status: e.status,
      enrolledOn: e.enrolledOn,
      deferredUntil: e.deferredUntil,
      exemptionReason: e.exemptionReason as never,
      internshipEndedOn: completed ? cohort.endDate : null,
      completedOn: completed ? cohort.endDate : null,
    });
    for (const t of demoHistory(e.status, e.enrolledOn, cohort.startDate, cohort.endDate)) {
      await transitionWriter.push({ enrollmentId: e.id, ...t, by: 'snn-demo:seed' });
    }
    if (e.status === 'COMPLETED' || e.status === 'IN_INTERNSHIP') {
      const rng = new Rng(universe.seed, 'assessment', i);
      const start = universe.cohort(c.cohortIndex).startDate;
      for (let n = 0; n < CURRICULUM[c.track].length; n++) {
        const score = Math.round((8 + rng.next() * 12) * 2) / 2;
        await assessmentWriter.push({
          enrollmentId: e.id,
          moduleCode: curriculumCode(c.track, n),
          score,
          passed: score >= 10,
          assessedOn: addDays(start, 25 * (n + 1)),
        });
      }
    }
  }
  await assessmentWriter.flush();
  await transitionWriter.flush();
  await creditWriter.flush();
}

type Status = (typeof enrollments.$inferSelect)['status'];
type DemoTransition = { fromStatus: Status | null; toStatus: Status; on: string; reason: string | null };

/** The path a demo enrolment took to its status, by the legal transitions, on plausible days. */
export function demoHistory(status: Status, enrolledOn: string, startDate: string, endDate: string): DemoTransition[] {
  const path: DemoTransition[] = [{ fromStatus: null, toStatus: 'ENROLLED', on: enrolledOn, reason: null }];
  const step = (toStatus: Status, on: string, reason: string) => path.push({ fromStatus: (path.at(-1) as DemoTransition).toStatus, toStatus, on, reason });
  if (status === 'DEFERRED') step('DEFERRED', addDays(enrolledOn, 7), 'demo: deferral requested');
  if (status === 'EXEMPTED') step('EXEMPTED', addDays(enrolledOn, 7), 'demo: exemption granted');
  if (status === 'WITHDRAWN') {
    step('IN_TRAINING', startDate, 'demo: training started');
    step('WITHDRAWN', addDays(startDate, 30), 'demo: withdrew');
  }
  if (status === 'IN_TRAINING' || status === 'IN_INTERNSHIP' || status === 'COMPLETED') step('IN_TRAINING', startDate, 'demo: training started');
  if (status === 'IN_INTERNSHIP' || status === 'COMPLETED') step('IN_INTERNSHIP', addMonths(startDate, TRAINING_MONTHS), 'demo: internship started');
  if (status === 'COMPLETED') step('COMPLETED', endDate, 'service certified');
  return path;
}
