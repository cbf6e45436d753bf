// The placement profile education sends the placement round: one event per enrolled citizen at
// enrolment, and again after each assessment written, committed with the write or not at all.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, EVENT_CONTRACTS, rowsOf, todayInFrance } from '@snn/platform';
import { bearerWithScopes, postGraphQL, startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import { levelReached, type PlacementProfile } from '../src/data/placementProfile';
import { TRAINING_MONTHS } from '../src/data/rules';
import { citizens } from '../src/data/tables';
import education from '../src/server';

const PROFILE = 'education.placement-profile-changed';
const today = todayInFrance();
let service: TestSubgraph;

beforeAll(async () => {
  service = await startTestSubgraph(education, { citizens: 20, seed: 11 });
});
afterAll(async () => {
  await service?.stop();
});

const CREATE = 'mutation($input: CreateCohortInput!, $key: ID!) { createCohort(input: $input, idempotencyKey: $key) { cohort { id startDate endDate } } }';
const REGISTER = 'mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { replayed citizen { id priorityNeighbourhood } } }';
const ENROL_MANY =
  'mutation($k: ID!, $ids: [ID!]!, $key: ID!) { enrollCitizens(cohortId: $k, citizenIds: $ids, idempotencyKey: $key) { enrollments { id citizen { id } } } }';
const MOVE = 'mutation($e: ID!) { transitionEnrollment(enrollmentId: $e, to: IN_TRAINING, on: "' + today + '", reason: "training") { replayed } }';
const ASSESS = `mutation($e: ID!, $m: ID!, $score: Float!) {
  recordAssessment(enrollmentId: $e, moduleCode: $m, score: $score, assessedOn: "${today}", assessor: "Centre SNN de Lyon") { replayed assessment { passed } } }`;

async function ok(query: string, variables: Record<string, unknown>) {
  const { data, errors } = await service.gql(query, variables);
  expect(errors).toBeUndefined();
  return data;
}

async function openCohort(overrides: Record<string, unknown> = {}): Promise<{ id: string; startDate: string; endDate: string }> {
  const input = {
    name: `Test ${randomUUID().slice(0, 8)}`,
    track: 'CYBERSECURITY',
    region: 'R53',
    phase: 'NATIONAL',
    startDate: today,
    endDate: addDays(addMonths(today, 8), -1),
    capacity: 50,
    nonGraduatePath: true,
    ...overrides,
  };
  return (await ok(CREATE, { input, key: randomUUID() })).createCohort.cohort;
}

async function register(department = '35', educationLevel = 'BAC', priorityNeighbourhood?: boolean): Promise<string> {
  const id = randomUUID();
  const input = {
    id,
    birthDate: addMonths(today, -12 * 20),
    department,
    educationLevel,
    ...(priorityNeighbourhood === undefined ? {} : { priorityNeighbourhood }),
  };
  await ok(REGISTER, { input });
  return id;
}

async function enrol(cohortId: string, citizenIds: string[]): Promise<string[]> {
  const data = await ok(ENROL_MANY, { k: cohortId, ids: citizenIds, key: randomUUID() });
  return data.enrollCitizens.enrollments.map((e: { id: string }) => e.id);
}

/** The profile events of an enrolment, oldest first, each parsed against the contract. */
async function profilesOf(enrollmentId: string): Promise<PlacementProfile[]> {
  const rows = await rowsOf<{ version: number; payload: string }>(
    service.database.db,
    sql`select version, payload from outbox where type = ${PROFILE} and aggregate_id = ${enrollmentId} order by seq`,
  );
  return rows.map((r) => {
    expect(r.version).toBe(EVENT_CONTRACTS[PROFILE].version);
    return EVENT_CONTRACTS[PROFILE].payload.parse(JSON.parse(r.payload));
  });
}

const outboxSize = async () => Number((await rowsOf<{ n: number }>(service.database.db, sql`select count(*)::int as n from outbox`))[0]?.n);

describe('the placement profile', () => {
  it('levels a skill by the modules passed that teach it: the lowest level first, one more per module, capped', () => {
    const eCF = { minLevel: 1, maxLevel: 5 };
    expect(levelReached(eCF, 1)).toBe(1);
    expect(levelReached(eCF, 3)).toBe(3);
    expect(levelReached(eCF, 9)).toBe(5);
    expect(levelReached({ minLevel: 2, maxLevel: 8 }, 2)).toBe(3);
  });

  it('is sent at enrolment, one per citizen beside citizen-enrolled: territory, reserves, internship window, no skills', async () => {
    const cohort = await openCohort();
    const people = [
      { id: await register('35', 'LICENCE', true), departmentCode: '35', regionCode: '53', nonGraduate: false, priorityNeighbourhood: true },
      { id: await register('2A', 'CAP_BEP'), departmentCode: '2A', regionCode: '94', nonGraduate: true, priorityNeighbourhood: false },
      { id: await register('971', 'NO_DIPLOMA', false), departmentCode: '971', regionCode: '01', nonGraduate: true, priorityNeighbourhood: false },
    ];
    const ids = await enrol(
      cohort.id,
      people.map((p) => p.id),
    );
    for (const [i, p] of people.entries()) {
      const enrollmentId = ids[i] as string;
      expect(await profilesOf(enrollmentId)).toEqual([
        {
          citizenId: p.id,
          enrollmentId,
          cohortId: cohort.id,
          track: 'CYBERSECURITY',
          departmentCode: p.departmentCode,
          regionCode: p.regionCode,
          nonGraduate: p.nonGraduate,
          priorityNeighbourhood: p.priorityNeighbourhood,
          internshipFrom: addMonths(cohort.startDate, TRAINING_MONTHS),
          internshipUntil: cohort.endDate,
          skills: [],
        },
      ]);
      const types = await rowsOf<{ type: string }>(service.database.db, sql`select type from outbox where aggregate_id = ${enrollmentId} order by seq`);
      expect(types.map((t) => t.type)).toEqual(['education.citizen-enrolled', PROFILE]);
    }
  });

  it('keeps priorityNeighbourhood among the facts of a registration, readable with citizen:pii only', async () => {
    const id = await register('69', 'BAC', true);
    const input = { id, birthDate: addMonths(today, -12 * 20), department: '69', educationLevel: 'BAC' };
    const other = await service.gql(REGISTER, { input });
    expect(other.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const again = await ok(REGISTER, { input: { ...input, priorityNeighbourhood: true } });
    expect(again.registerCitizen).toEqual({ replayed: true, citizen: { id, priorityNeighbourhood: true } });
    const read = `{ citizen(id: "${id}") { priorityNeighbourhood } }`;
    const withoutPii = await postGraphQL(service.url, read, {}, await bearerWithScopes('citizen:read'));
    expect(withoutPii.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('is sent again after each assessment written, with the skills reached; a fail leaves them, a replay sends nothing', async () => {
    // Two modules teaching one skill, so that the second pass raises it.
    await service.database.db.execute(sql`
      insert into curriculum_module_skills (module_code, skill_code)
      select 'SNN-CYB-2', skill_code from curriculum_module_skills where module_code = 'SNN-CYB-1' order by skill_code limit 1
      on conflict do nothing`);
    const [shared] = await rowsOf<{ code: string }>(
      service.database.db,
      sql`select skill_code as code from curriculum_module_skills where module_code = 'SNN-CYB-1'
          intersect select skill_code from curriculum_module_skills where module_code = 'SNN-CYB-2'`,
    );
    expect(shared).toBeDefined();
    const { curriculum } = await ok('{ curriculum(track: CYBERSECURITY) { code skills { code minLevel maxLevel } } }', {});
    const taught = new Map<string, Array<{ code: string; minLevel: number; maxLevel: number }>>(
      curriculum.map((m: { code: string; skills: Array<{ code: string; minLevel: number; maxLevel: number }> }) => [m.code, m.skills]),
    );
    /** The rule, restated from the reference: per skill, the count of passed modules teaching it. */
    const expected = (passed: string[]) => {
      const counts = new Map<string, { minLevel: number; maxLevel: number; n: number }>();
      for (const m of passed) {
        for (const s of taught.get(m) ?? []) counts.set(s.code, { ...s, n: (counts.get(s.code)?.n ?? 0) + 1 });
      }
      return [...counts.entries()].map(([code, s]) => ({ code, level: Math.min(s.maxLevel, s.minLevel + s.n - 1) })).sort((a, b) => (a.code < b.code ? -1 : 1));
    };

    const cohort = await openCohort();
    const [enrollmentId] = (await enrol(cohort.id, [await register()])) as [string];
    await ok(MOVE, { e: enrollmentId });
    const latest = async () => (await profilesOf(enrollmentId)).at(-1) as PlacementProfile;

    expect((await ok(ASSESS, { e: enrollmentId, m: 'SNN-CYB-1', score: 14 })).recordAssessment.assessment.passed).toBe(true);
    const afterFirst = (await latest()).skills;
    expect(afterFirst).toEqual(expected(['SNN-CYB-1']));
    expect(afterFirst.length).toBeGreaterThan(0);

    expect((await ok(ASSESS, { e: enrollmentId, m: 'SNN-CYB-3', score: 6 })).recordAssessment.assessment.passed).toBe(false);
    expect(await profilesOf(enrollmentId)).toHaveLength(3);
    expect((await latest()).skills).toEqual(afterFirst);
    expect((await ok(ASSESS, { e: enrollmentId, m: 'SNN-CYB-3', score: 6 })).recordAssessment.replayed).toBe(true);
    expect(await profilesOf(enrollmentId)).toHaveLength(3);

    await ok(ASSESS, { e: enrollmentId, m: 'SNN-CYB-2', score: 12 });
    const profiles = await profilesOf(enrollmentId);
    expect(profiles).toHaveLength(4);
    const skills = (profiles.at(-1) as PlacementProfile).skills;
    expect(skills).toEqual(expected(['SNN-CYB-1', 'SNN-CYB-2']));
    const before = afterFirst.find((s) => s.code === shared?.code)?.level as number;
    expect(skills.find((s) => s.code === shared?.code)?.level).toBe(before + 1);
    expect(skills.map((s) => s.code)).toEqual([...skills.map((s) => s.code)].sort());
    // Everything but the skills is as at enrolment.
    expect({ ...(profiles.at(-1) as PlacementProfile), skills: [] }).toEqual(profiles[0]);
  });

  it('writes no profile when the enrolment batch is refused', async () => {
    const full = await openCohort({ capacity: 1 });
    const cases: Array<[string, string[]]> = [
      [(await openCohort()).id, [await register(), randomUUID()]],
      [full.id, [await register(), await register()]],
    ];
    for (const [cohortId, ids] of cases) {
      const before = await outboxSize();
      const { errors } = await service.gql(ENROL_MANY, { k: cohortId, ids, key: randomUUID() });
      expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(await outboxSize()).toBe(before);
    }
  });

  it('is computed in a fixed number of statements for a batch of any size', async () => {
    const statementsToEnrol = async (n: number) => {
      const cohort = await openCohort();
      const ids = Array.from({ length: n }, () => randomUUID());
      const birthDate = addMonths(today, -12 * 21);
      const rows = ids.map((id) => ({ id, birthDate, departmentCode: '13', regionCode: '93', educationLevel: 'BAC' as const, graduate: true }));
      await service.database.db.insert(citizens).values(rows);
      const before = service.database.stats.statements;
      await enrol(cohort.id, ids);
      const count = service.database.stats.statements - before;
      for (const id of await rowsOf<{ id: string }>(service.database.db, sql`select id from enrollments where cohort_id = ${cohort.id}`)) {
        expect(await profilesOf(id.id)).toHaveLength(1);
      }
      return count;
    };
    expect(await statementsToEnrol(1)).toBe(await statementsToEnrol(40));
  });
});
