// Education runs the service through the gateway: intakes opened and changed, citizens registered
// and enrolled by the programme's rules (at their boundaries, and under concurrent enrolments),
// followed through every legal and illegal change of status, assessed and certified. Each write
// commits whole with its audit row, or not at all; a retry writes nothing twice.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, rowsOf, todayInFrance } from '@snn/platform';
import { bearer, bearerWithScopes, postGraphQL } from '@snn/platform/testing';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
let agency: string;
const today = todayInFrance();
beforeAll(async () => {
  fed = await bootFederation();
  agency = await bearer('education');
});
afterAll(async () => {
  await fed?.stop();
});

const COHORT_FIELDS = 'id name track phase startDate endDate capacity seatsLeft intakeOpen nonGraduatePath region { code } curriculum { code }';
const CREATE = `mutation($input: CreateCohortInput!, $key: ID!) { createCohort(input: $input, idempotencyKey: $key) { replayed cohort { ${COHORT_FIELDS} } } }`;
const REGISTER = 'mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { replayed citizen { id graduate } } }';
const ENROL =
  'mutation($c: ID!, $k: ID!, $key: ID!) { enrollCitizen(citizenId: $c, cohortId: $k, idempotencyKey: $key) { replayed enrollment { id status } } }';
const ENROL_MANY =
  'mutation($k: ID!, $ids: [ID!]!, $key: ID!) { enrollCitizens(cohortId: $k, citizenIds: $ids, idempotencyKey: $key) { replayed enrollments { id status citizen { id } } } }';
const MOVE = `mutation($e: ID!, $to: EnrollmentTransitionTarget!, $on: Date!, $reason: String!, $until: Date, $why: ExemptionReason) {
  transitionEnrollment(enrollmentId: $e, to: $to, on: $on, reason: $reason, deferredUntil: $until, exemptionReason: $why) { replayed enrollment { id status deferredUntil exemptionReason } } }`;
const ASSESS = `mutation($e: ID!, $m: ID!, $score: Float!, $on: Date!) {
  recordAssessment(enrollmentId: $e, moduleCode: $m, score: $score, assessedOn: $on, assessor: "Centre SNN de Rennes") { replayed assessment { attempt passed score module { code } } } }`;
const CERTIFY = `mutation($e: ID!, $ended: Date!, $done: Date!) {
  certifyCompletion(enrollmentId: $e, internshipEndedOn: $ended, completedOn: $done) { replayed enrollment { id status completedOn internshipEndedOn } } }`;

const gql = (query: string, variables: Record<string, unknown>, token = agency, url = fed.gateway.url) => postGraphQL(url, query, variables, token);
const educationRows = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(fed.subgraphs.education.database.db, query);
const count = async (query: ReturnType<typeof sql>) => Number((await educationRows<{ n: number }>(query))[0]?.n);

function cohortInput(overrides: Record<string, unknown> = {}) {
  const startDate = (overrides.startDate as string | undefined) ?? today;
  return {
    name: `Test ${randomUUID().slice(0, 8)}`,
    track: 'CYBERSECURITY',
    region: 'R53',
    phase: 'NATIONAL',
    startDate,
    endDate: addDays(addMonths(startDate, 6), -1),
    capacity: 100,
    nonGraduatePath: true,
    ...overrides,
  };
}

async function openCohort(overrides: Record<string, unknown> = {}): Promise<{ id: string; startDate: string }> {
  const { body } = await gql(CREATE, { input: cohortInput(overrides), key: randomUUID() });
  expect(body.errors).toBeUndefined();
  return body.data.createCohort.cohort;
}

/** Registers a person born on `birthDate` (default: 20 years before today) and returns their id. */
async function register(birthDate = addMonths(today, -12 * 20), educationLevel = 'BAC'): Promise<string> {
  const id = randomUUID();
  const { body } = await gql(REGISTER, { input: { id, birthDate, department: '35', educationLevel } });
  expect(body.errors).toBeUndefined();
  return id;
}

async function enrol(citizenId: string, cohortId: string, key = randomUUID()) {
  return (await gql(ENROL, { c: citizenId, k: cohortId, key })).body;
}

async function enrolled(cohortId: string, birthDate?: string): Promise<{ citizenId: string; enrollmentId: string }> {
  const citizenId = await register(birthDate);
  const body = await enrol(citizenId, cohortId);
  expect(body.errors).toBeUndefined();
  return { citizenId, enrollmentId: body.data.enrollCitizen.enrollment.id };
}

const move = async (e: string, to: string, extra: Record<string, unknown> = {}) => (await gql(MOVE, { e, to, on: today, reason: `to ${to}`, ...extra })).body;

describe('intakes', () => {
  it('opens a cohort once per idempotency key, and refuses the key for another cohort', async () => {
    const input = cohortInput({ curriculum: ['SNN-CYB-1', 'SNN-CYB-2'] });
    const first = await gql(CREATE, { input, key: 'intake-1' });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.createCohort).toMatchObject({
      replayed: false,
      cohort: { track: 'CYBERSECURITY', region: { code: 'R53' }, seatsLeft: 100, intakeOpen: true, curriculum: [{ code: 'SNN-CYB-1' }, { code: 'SNN-CYB-2' }] },
    });
    const again = await gql(CREATE, { input, key: 'intake-1' });
    expect(again.body.data.createCohort).toEqual({ ...first.body.data.createCohort, replayed: true });
    const other = await gql(CREATE, { input: { ...input, capacity: 5 }, key: 'intake-1' });
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    expect(await count(sql`select count(*)::int as n from cohorts where name = ${input.name}`)).toBe(1);
  });

  it('holds a service of 6 to 12 months: the last day from six months on, to twelve months on', async () => {
    const startDate = addDays(today, 10);
    const cases: Array<[string, boolean]> = [
      [addDays(addMonths(startDate, 6), -2), false],
      [addDays(addMonths(startDate, 6), -1), true],
      [addDays(addMonths(startDate, 12), -1), true],
      [addMonths(startDate, 12), false],
    ];
    for (const [endDate, ok] of cases) {
      const { body } = await gql(CREATE, { input: cohortInput({ startDate, endDate }), key: randomUUID() });
      if (ok) expect(body.errors, endDate).toBeUndefined();
      else expect(body.errors?.[0]?.extensions, endDate).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endDate' });
    }
  });

  it('refuses a PILOT cohort outside the pilot regions, a département for a region, a start in the past, a module of another track', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ phase: 'PILOT', region: 'R11' }, 'input.phase'],
      [{ region: '35' }, 'input.region'],
      [{ startDate: addDays(today, -1) }, 'input.startDate'],
      [{ curriculum: ['SNN-PRO-1'] }, 'input.curriculum[0]'],
      [{ capacity: 0 }, 'input.capacity'],
      [{ name: '  ' }, 'input.name'],
    ];
    for (const [overrides, field] of cases) {
      const { body } = await gql(CREATE, { input: cohortInput(overrides), key: randomUUID() });
      expect(body.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const pilot = await gql(CREATE, { input: cohortInput({ phase: 'PILOT', region: 'R53' }), key: randomUUID() });
    expect(pilot.body.errors).toBeUndefined();
  });

  it('changes a cohort within its rules, and closes its intake', async () => {
    const cohort = await openCohort({ capacity: 2, startDate: addDays(today, 5) });
    await enrolled(cohort.id);
    const UPDATE = 'mutation($id: ID!, $input: UpdateCohortInput!) { updateCohort(id: $id, input: $input) { capacity seatsLeft startDate name } }';
    const below = await gql(UPDATE, { id: cohort.id, input: { capacity: 0 } });
    expect(below.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.capacity' });
    const moved = await gql(UPDATE, { id: cohort.id, input: { startDate: addDays(today, 6) } });
    expect(moved.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.startDate' });
    const grown = await gql(UPDATE, { id: cohort.id, input: { capacity: 3, name: 'Renamed' } });
    expect(grown.body.data.updateCohort).toMatchObject({ capacity: 3, seatsLeft: 2, name: 'Renamed' });

    const CLOSE = 'mutation($id: ID!) { closeCohortIntake(id: $id) { intakeOpen intakeClosedOn } }';
    const closed = await gql(CLOSE, { id: cohort.id });
    expect(closed.body.data.closeCohortIntake).toEqual({ intakeOpen: false, intakeClosedOn: today });
    expect((await gql(CLOSE, { id: cohort.id })).body.data.closeCohortIntake).toEqual({ intakeOpen: false, intakeClosedOn: today });
    const late = await enrol(await register(), cohort.id);
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cohortId', reason: 'INTAKE_CLOSED' });
  });
});

describe('registration', () => {
  it('registers a person once, audited; the same facts again are a replay, other facts a conflict', async () => {
    const id = randomUUID();
    const input = { id, birthDate: '2005-04-01', department: '2A', educationLevel: 'CAP_BEP' };
    const first = await gql(REGISTER, { input });
    expect(first.body.data.registerCitizen).toEqual({ replayed: false, citizen: { id, graduate: false } });
    expect((await gql(REGISTER, { input })).body.data.registerCitizen.replayed).toBe(true);
    const other = await gql(REGISTER, { input: { ...input, department: '75' } });
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.id' });
    const audit = await educationRows<{ action: string; scopes: string[]; sub: string }>(
      sql`select action, scopes, sub from audit_log where field = 'Mutation.registerCitizen' and ${id} = any(object_ids)`,
    );
    expect(audit).toEqual([{ action: 'WRITE', scopes: ['cohort:write', 'citizen:pii'], sub: 'snn-dev:education' }]);
  });

  it('refuses a malformed id, an unknown département, an impossible birth date', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ id: 'not-a-uuid' }, 'input.id'],
      [{ department: '20' }, 'input.department'],
      [{ birthDate: addDays(today, 1) }, 'input.birthDate'],
      [{ birthDate: '1950-01-01' }, 'input.birthDate'],
    ];
    for (const [overrides, field] of cases) {
      const { body } = await gql(REGISTER, { input: { id: randomUUID(), birthDate: '2004-02-29', department: '971', educationLevel: 'BAC', ...overrides } });
      expect(body.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('eligibility', () => {
  it('enrols from the 18th birthday to the eve of the 26th, on the cohort start day', async () => {
    const cohort = await openCohort({ startDate: addDays(today, 30) });
    const start = cohort.startDate;
    const cases: Array<[string, string, boolean]> = [
      ['17 years and 364 days', addDays(addMonths(start, -12 * 18), 1), false],
      ['18 that day', addMonths(start, -12 * 18), true],
      ['25 years and 364 days', addDays(addMonths(start, -12 * 26), 1), true],
      ['26 that day', addMonths(start, -12 * 26), false],
    ];
    for (const [label, birthDate, ok] of cases) {
      const body = await enrol(await register(birthDate), cohort.id);
      if (ok) expect(body.errors, label).toBeUndefined();
      else expect(body.errors?.[0]?.extensions, label).toMatchObject({ code: 'BAD_USER_INPUT', field: 'citizenId', reason: 'AGE_OUT_OF_RANGE' });
    }
  });

  it('refuses a second enrolment, a non-graduate without a path, an unknown citizen or cohort', async () => {
    const cohort = await openCohort();
    const other = await openCohort();
    const { citizenId } = await enrolled(cohort.id);
    expect((await enrol(citizenId, cohort.id)).errors?.[0]?.extensions).toMatchObject({ reason: 'ALREADY_ENROLLED', field: 'citizenId' });
    expect((await enrol(citizenId, other.id)).errors?.[0]?.extensions).toMatchObject({ reason: 'ALREADY_ENROLLED' });

    const noPath = await openCohort({ nonGraduatePath: false });
    const nonGraduate = await register(undefined, 'NO_DIPLOMA');
    expect((await enrol(nonGraduate, noPath.id)).errors?.[0]?.extensions).toMatchObject({ reason: 'NO_NON_GRADUATE_PATH' });
    expect((await enrol(nonGraduate, cohort.id)).errors).toBeUndefined();

    expect((await enrol(randomUUID(), cohort.id)).errors?.[0]?.extensions).toMatchObject({ reason: 'UNKNOWN_CITIZEN', field: 'citizenId' });
    expect((await enrol(await register(), randomUUID())).errors?.[0]?.extensions).toMatchObject({ reason: 'UNKNOWN_COHORT', field: 'cohortId' });
  });

  it('enrols a batch whole, or refuses it whole with one error per faulty row', async () => {
    const cohort = await openCohort({ capacity: 4 });
    const good = [await register(), await register(), await register()];
    const tooOld = await register(addMonths(today, -12 * 27));
    const ids = [good[0], tooOld, good[1], good[1], good[2]];
    const key = randomUUID();
    const refused = await gql(ENROL_MANY, { k: cohort.id, ids, key });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      errors: [
        { row: 1, field: 'citizenIds[1]', code: 'AGE_OUT_OF_RANGE' },
        { row: 3, field: 'citizenIds[3]', code: 'DUPLICATE_IN_REQUEST' },
      ],
    });
    expect(await count(sql`select count(*)::int as n from enrollments where cohort_id = ${cohort.id}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from idempotency_keys where key = ${key}`)).toBe(0);

    // The corrected batch under the same key: the key was not spent on the refusal.
    const full = await gql(ENROL_MANY, { k: cohort.id, ids: [...good, tooOld].slice(0, 3).concat(await register(), await register()), key: randomUUID() });
    expect(full.body.errors?.[0]?.extensions.errors).toEqual([{ row: 4, field: 'citizenIds[4]', code: 'COHORT_FULL' }]);
    const ok = await gql(ENROL_MANY, { k: cohort.id, ids: good, key });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.enrollCitizens.enrollments.map((e: { citizen: { id: string } }) => e.citizen.id)).toEqual(good);
    const replay = await gql(ENROL_MANY, { k: cohort.id, ids: good, key });
    expect(replay.body.data.enrollCitizens).toEqual({ ...ok.body.data.enrollCitizens, replayed: true });
    expect(await count(sql`select count(*)::int as n from enrollments where cohort_id = ${cohort.id}`)).toBe(3);
    expect(
      await count(sql`select count(*)::int as n from enrollment_transitions t join enrollments e on e.id = t.enrollment_id where e.cohort_id = ${cohort.id}`),
    ).toBe(3);
  });

  it('enrols once per idempotency key, and refuses the key for another citizen', async () => {
    const cohort = await openCohort();
    const citizenId = await register();
    const key = randomUUID();
    const first = await enrol(citizenId, cohort.id, key);
    const again = await enrol(citizenId, cohort.id, key);
    expect(again.data.enrollCitizen).toEqual({ replayed: true, enrollment: first.data.enrollCitizen.enrollment });
    expect((await enrol(await register(), cohort.id, key)).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
  });

  it('never fills a cohort past its capacity, however many enrol at once', async () => {
    const cohort = await openCohort({ capacity: 3 });
    const people = await Promise.all(Array.from({ length: 10 }, () => register()));
    const answers = await Promise.all(people.map((c) => enrol(c, cohort.id)));
    const full = answers.filter((a) => a.errors?.[0]?.extensions.reason === 'COHORT_FULL');
    expect(answers.filter((a) => a.data?.enrollCitizen).length).toBe(3);
    expect(full.length).toBe(7);
    expect(await count(sql`select count(*)::int as n from enrollments where cohort_id = ${cohort.id}`)).toBe(3);
  });

  it('writes one enrolment for one key sent many times at once, and one for a citizen enrolled in two cohorts at once', async () => {
    const cohort = await openCohort();
    const citizenId = await register();
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, () => enrol(citizenId, cohort.id, key)));
    expect(new Set(answers.map((a) => a.data?.enrollCitizen.enrollment.id)).size).toBe(1);
    expect(answers.filter((a) => a.data?.enrollCitizen.replayed === false).length).toBe(1);

    const [a, b] = [await openCohort(), await openCohort()];
    const twice = await register();
    const both = await Promise.all([enrol(twice, a.id), enrol(twice, b.id)]);
    expect(both.filter((x) => x.data?.enrollCitizen).length).toBe(1);
    expect(both.find((x) => x.errors)?.errors?.[0]?.extensions.reason).toBe('ALREADY_ENROLLED');
    expect(await count(sql`select count(*)::int as n from enrollments where citizen_id = ${twice}`)).toBe(1);
  });
});

describe('the path of a service', () => {
  const STATES = ['ENROLLED', 'IN_TRAINING', 'IN_INTERNSHIP', 'DEFERRED', 'WITHDRAWN', 'EXEMPTED', 'COMPLETED'] as const;
  const TARGETS = ['IN_TRAINING', 'IN_INTERNSHIP', 'WITHDRAWN', 'DEFERRED', 'EXEMPTED'] as const;
  const LEGAL: Record<(typeof STATES)[number], readonly string[]> = {
    ENROLLED: ['IN_TRAINING', 'WITHDRAWN', 'DEFERRED', 'EXEMPTED'],
    IN_TRAINING: ['IN_INTERNSHIP', 'WITHDRAWN'],
    IN_INTERNSHIP: ['WITHDRAWN'],
    DEFERRED: ['WITHDRAWN', 'EXEMPTED'],
    WITHDRAWN: [],
    EXEMPTED: [],
    COMPLETED: [],
  };
  const extraFor = (to: string) => (to === 'DEFERRED' ? { until: addMonths(today, 6) } : to === 'EXEMPTED' ? { why: 'EMPLOYMENT' } : {});

  async function passAll(enrollmentId: string) {
    for (const m of ['SNN-CYB-1', 'SNN-CYB-2', 'SNN-CYB-3', 'SNN-CYB-4']) {
      const { body } = await gql(ASSESS, { e: enrollmentId, m, score: 14, on: today });
      expect(body.errors).toBeUndefined();
    }
  }

  /** An enrolment brought to `state` by the legal path. */
  async function inState(cohortId: string, state: (typeof STATES)[number]): Promise<string> {
    const { enrollmentId } = await enrolled(cohortId);
    const path: Record<(typeof STATES)[number], string[]> = {
      ENROLLED: [],
      IN_TRAINING: ['IN_TRAINING'],
      IN_INTERNSHIP: ['IN_TRAINING', 'IN_INTERNSHIP'],
      DEFERRED: ['DEFERRED'],
      WITHDRAWN: ['WITHDRAWN'],
      EXEMPTED: ['EXEMPTED'],
      COMPLETED: ['IN_TRAINING', 'IN_INTERNSHIP'],
    };
    for (const to of path[state]) expect((await move(enrollmentId, to, extraFor(to))).errors).toBeUndefined();
    if (state === 'COMPLETED') {
      await passAll(enrollmentId);
      expect((await gql(CERTIFY, { e: enrollmentId, ended: today, done: today })).body.errors).toBeUndefined();
    }
    return enrollmentId;
  }

  it('allows exactly the legal transitions; an illegal one is a CONFLICT naming the current status', async () => {
    const cohort = await openCohort({ capacity: 1000 });
    for (const from of STATES) {
      for (const to of TARGETS) {
        const id = await inState(cohort.id, from);
        const body = await move(id, to, extraFor(to));
        if (from === to) continue; // the same change again: see the replay test
        if (LEGAL[from].includes(to)) {
          expect(body.errors, `${from} → ${to}`).toBeUndefined();
          expect(body.data.transitionEnrollment.enrollment.status).toBe(to);
        } else {
          expect(body.errors?.[0]?.extensions, `${from} → ${to}`).toMatchObject({ code: 'CONFLICT', status: from });
        }
      }
    }
  });

  it('answers a retried transition as done, writing it once', async () => {
    const cohort = await openCohort();
    const { enrollmentId } = await enrolled(cohort.id);
    const first = await move(enrollmentId, 'IN_TRAINING');
    const again = await move(enrollmentId, 'IN_TRAINING');
    expect(again.data.transitionEnrollment).toEqual({ ...first.data.transitionEnrollment, replayed: true });
    expect(await count(sql`select count(*)::int as n from enrollment_transitions where enrollment_id = ${enrollmentId}`)).toBe(2);
  });

  it('defers once in a life, within the age limit, and not into a cohort before the deferral ends', async () => {
    const cohort = await openCohort();
    const { citizenId, enrollmentId } = await enrolled(cohort.id);
    const until = addDays(today, 40);
    expect((await move(enrollmentId, 'DEFERRED', { until })).data.transitionEnrollment.enrollment).toMatchObject({ status: 'DEFERRED', deferredUntil: until });
    const early = await openCohort({ startDate: addDays(today, 20) });
    expect((await enrol(citizenId, early.id)).errors?.[0]?.extensions.reason).toBe('DEFERRED_UNTIL');
    const later = await openCohort({ startDate: addDays(today, 45) });
    const second = await enrol(citizenId, later.id);
    expect(second.errors).toBeUndefined();
    const again = await move(second.data.enrollCitizen.enrollment.id, 'DEFERRED', { until: addDays(today, 100) });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ALREADY_DEFERRED' });

    const oldest = await enrolled(cohort.id, addDays(addMonths(today, -12 * 26), 10)); // 26 in ten days
    const tooLate = await move(oldest.enrollmentId, 'DEFERRED', { until: addDays(today, 30) });
    expect(tooLate.errors?.[0]?.extensions).toMatchObject({ field: 'deferredUntil', reason: 'AGE_OUT_OF_RANGE' });
    const noDate = await move(oldest.enrollmentId, 'DEFERRED');
    expect(noDate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deferredUntil' });
  });

  it('assesses, resits after a fail, refuses to certify before every module is passed, then certifies with its event', async () => {
    const cohort = await openCohort();
    const { citizenId, enrollmentId } = await enrolled(cohort.id);
    await move(enrollmentId, 'IN_TRAINING');
    const fail = await gql(ASSESS, { e: enrollmentId, m: 'SNN-CYB-1', score: 8, on: today });
    expect(fail.body.data.recordAssessment.assessment).toMatchObject({ attempt: 1, passed: false });
    const resit = await gql(ASSESS, { e: enrollmentId, m: 'SNN-CYB-1', score: 12.5, on: today });
    expect(resit.body.data.recordAssessment.assessment).toMatchObject({ attempt: 2, passed: true });
    expect((await gql(ASSESS, { e: enrollmentId, m: 'SNN-CYB-1', score: 12.5, on: today })).body.data.recordAssessment.replayed).toBe(true);
    expect((await gql(ASSESS, { e: enrollmentId, m: 'SNN-CYB-1', score: 15, on: today })).body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'moduleCode',
    });
    expect((await gql(ASSESS, { e: enrollmentId, m: 'SNN-PRO-1', score: 15, on: today })).body.errors?.[0]?.extensions.field).toBe('moduleCode');

    const notYet = await gql(CERTIFY, { e: enrollmentId, ended: today, done: today });
    expect(notYet.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'IN_TRAINING' });
    await move(enrollmentId, 'IN_INTERNSHIP');
    const missing = await gql(CERTIFY, { e: enrollmentId, ended: today, done: today });
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ reason: 'MODULES_NOT_PASSED', modules: ['SNN-CYB-2', 'SNN-CYB-3', 'SNN-CYB-4'] });
    const events = sql`select count(*)::int as n from outbox where aggregate_id = ${enrollmentId} and type = 'education.service-completed'`;
    expect(await count(events)).toBe(0);

    for (const m of ['SNN-CYB-2', 'SNN-CYB-3', 'SNN-CYB-4']) await gql(ASSESS, { e: enrollmentId, m, score: 11, on: today });
    const future = await gql(CERTIFY, { e: enrollmentId, ended: addDays(today, 1), done: addDays(today, 1) });
    expect(future.body.errors?.[0]?.extensions.field).toBe('internshipEndedOn');
    const done = await gql(CERTIFY, { e: enrollmentId, ended: today, done: today });
    expect(done.body.data.certifyCompletion).toEqual({
      replayed: false,
      enrollment: { id: enrollmentId, status: 'COMPLETED', completedOn: today, internshipEndedOn: today },
    });
    expect((await gql(CERTIFY, { e: enrollmentId, ended: today, done: today })).body.data.certifyCompletion.replayed).toBe(true);
    const [event] = await educationRows<{ type: string; version: number; payload: string }>(
      sql`select type, version, payload from outbox where aggregate_id = ${enrollmentId} and type = 'education.service-completed'`,
    );
    expect(event).toMatchObject({ type: 'education.service-completed', version: 1 });
    expect(JSON.parse(event!.payload)).toEqual({ citizenId, enrollmentId, cohortId: cohort.id, track: 'CYBERSECURITY', completedOn: today });
    expect(await count(events)).toBe(1);

    const record = await gql(
      `query($id: ID!) { citizen(id: $id) { serviceRecord { status startDate completedOn totalEcts cohort { id } modulesPassed { code }
        history { from to on reason recordedBy } } } }`,
      { id: citizenId },
    );
    expect(record.body.errors).toBeUndefined();
    const service = record.body.data.citizen.serviceRecord;
    expect(service).toMatchObject({ status: 'COMPLETED', startDate: cohort.startDate, completedOn: today, totalEcts: null, cohort: { id: cohort.id } });
    expect(service.modulesPassed.map((m: { code: string }) => m.code)).toEqual(['SNN-CYB-1', 'SNN-CYB-2', 'SNN-CYB-3', 'SNN-CYB-4']);
    expect(service.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'ENROLLED'],
      ['ENROLLED', 'IN_TRAINING'],
      ['IN_TRAINING', 'IN_INTERNSHIP'],
      ['IN_INTERNSHIP', 'COMPLETED'],
    ]);
    expect(service.history[1]).toMatchObject({ reason: 'to IN_TRAINING', recordedBy: 'snn-dev:education' });
    // A reason may be personal (health, family): reading it is audited against the enrolment.
    const reads = await educationRows<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'READ' and field = 'EnrollmentTransition.reason' and ${enrollmentId} = any(object_ids)`,
    );
    expect(reads[0]?.n).toBe(1);
    const writes = await educationRows<{ field: string }>(
      sql`select field from audit_log where action = 'WRITE' and ${enrollmentId} = any(object_ids) order by id`,
    );
    expect(writes.map((w) => w.field)).toEqual([
      'Mutation.enrollCitizen',
      'Mutation.transitionEnrollment',
      'Mutation.recordAssessment',
      'Mutation.recordAssessment',
      'Mutation.transitionEnrollment',
      'Mutation.recordAssessment',
      'Mutation.recordAssessment',
      'Mutation.recordAssessment',
      'Mutation.certifyCompletion',
    ]);
  });
});

describe('who may run the service', () => {
  it('refuses universities, companies and Parliament at the gateway and at the subgraph; registering needs citizen:pii too', async () => {
    const cohort = await openCohort();
    const citizenId = await register();
    for (const token of [
      await bearer('university', '0751717J'),
      await bearer('company', '552081317'),
      await bearer('parliament'),
      await bearer('armed-forces'),
    ]) {
      for (const url of [fed.gateway.url, fed.subgraphs.education.url]) {
        const { body } = await gql(ENROL, { c: citizenId, k: cohort.id, key: randomUUID() }, token, url);
        expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
        const created = await gql(CREATE, { input: cohortInput(), key: randomUUID() }, token, url);
        expect(created.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      }
    }
    const withoutPii = await bearerWithScopes('cohort:write cohort:read');
    const registered = await gql(REGISTER, { input: { id: randomUUID(), birthDate: '2004-01-01', department: '35', educationLevel: 'BAC' } }, withoutPii);
    expect(registered.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await count(sql`select count(*)::int as n from enrollments where citizen_id = ${citizenId}`)).toBe(0);
  });
});
