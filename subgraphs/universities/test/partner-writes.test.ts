// Universities write: their modules, their credits in bulk (all or nothing, idempotent), revisions
// with a history, and signed portable credentials. The subgraph alone over real HTTP on port 0 and
// a real database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, bulkInsert, rowsOf, todayInFrance } from '@snn/platform';
import { bearer, postGraphQL, startTestSubgraph, testDatabaseKind, type TestSubgraph } from '@snn/platform/testing';
import { Universe } from '@snn/platform/demo';
import { serviceEnrolments } from '../src/data/tables';
import universities from '../src/server';

const SEED = { citizens: 300, seed: 7 };
const universe = new Universe(SEED.seed, SEED.citizens);
const UAI = (universe.universities[0] as { id: string }).id;
const OTHER_UAI = (universe.universities[1] as { id: string }).id;
const today = todayInFrance();
const ENROLLED_ON = addDays(today, -120);

let service: TestSubgraph;
let mine: string;
let theirs: string;

const call = (query: string, variables: Record<string, unknown>, authorization = mine) => postGraphQL(service.url, query, variables, authorization);
const count = async (query: ReturnType<typeof sql>) => Number((await rowsOf<{ n: number }>(service.database.db, query))[0]?.n);
const awardsOfModule = (code: string) => count(sql`select count(*)::int as n from credit_awards where module_code = ${code}`);

/** Citizens education has told this subgraph about (its event-fed copy), enrolled 120 days ago. */
async function enrolledCitizens(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await bulkInsert(
    service.database.db,
    serviceEnrolments,
    ids.map((citizenId) => ({ enrollmentId: randomUUID(), citizenId, enrolledOn: ENROLLED_ON })),
  );
  return ids;
}

const UPSERT = `mutation($input: ModuleInput!) { upsertModule(input: $input) { created module { code title ectsCredits hours status university { id } skillLevels { level skill { code } } } } }`;
let moduleCounter = 0;
function moduleOf(overrides: Record<string, unknown> = {}, uai = UAI) {
  return {
    code: `${uai}-T${++moduleCounter}`,
    title: 'Réponse aux incidents',
    ectsCredits: 6,
    hours: 160,
    track: 'CYBERSECURITY',
    skillsTaught: [
      { skillCode: 'ECSF.INCIDENT_RESPONDER', level: 3 },
      { skillCode: 'ECF.B.3', level: 2 },
    ],
    language: 'fr',
    ...overrides,
  };
}
async function newModule(overrides: Record<string, unknown> = {}): Promise<string> {
  const input = moduleOf(overrides);
  const { body } = await call(UPSERT, { input });
  expect(body.errors).toBeUndefined();
  return input.code;
}

const PUBLISH = `mutation($code: ID!, $awards: [CreditAwardInput!]!, $key: ID!) {
  publishCredits(moduleCode: $code, awards: $awards, idempotencyKey: $key) { published replayed awards(first: 200) { totalCount nodes { id status ectsCredits grade gradeScale gradeLabel citizen { id } } } }
}`;
const award = (citizenId: string, overrides: Record<string, unknown> = {}) => ({
  citizenId,
  ects: 6,
  grade: '14.5',
  gradeScale: 'FR_20',
  awardedOn: addDays(today, -10),
  ...overrides,
});
const publish = (code: string, awards: unknown[], key = randomUUID(), authorization = mine) => call(PUBLISH, { code, awards, key }, authorization);

beforeAll(async () => {
  service = await startTestSubgraph(universities, SEED);
  mine = await bearer('university', UAI);
  theirs = await bearer('university', OTHER_UAI);
});
afterAll(async () => {
  await service?.stop();
});

describe('upsertModule', () => {
  it('creates a module of the caller, then updates it in place, with its skills and levels', async () => {
    const input = moduleOf();
    const created = await call(UPSERT, { input });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.upsertModule).toMatchObject({ created: true, module: { code: input.code, status: 'ACTIVE', university: { id: UAI } } });
    expect(created.body.data.upsertModule.module.skillLevels).toEqual([
      { level: 2, skill: { code: 'ECF.B.3' } },
      { level: 3, skill: { code: 'ECSF.INCIDENT_RESPONDER' } },
    ]);
    const updated = await call(UPSERT, {
      input: { ...input, title: 'Réponse aux incidents (v2)', skillsTaught: [{ skillCode: 'ECF.B.3', level: 4 }], status: 'RETIRED' },
    });
    expect(updated.body.data.upsertModule).toMatchObject({ created: false, module: { title: 'Réponse aux incidents (v2)', status: 'RETIRED' } });
    expect(updated.body.data.upsertModule.module.skillLevels).toEqual([{ level: 4, skill: { code: 'ECF.B.3' } }]);
    expect(await count(sql`select count(*)::int as n from audit_log where field = 'Mutation.upsertModule' and ${input.code} = any(object_ids)`)).toBe(2);
  });

  it('refuses what a catalogue must not hold, each with its field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ectsCredits: 31, hours: 900 }, 'input.ectsCredits'],
      [{ ectsCredits: 0 }, 'input.ectsCredits'],
      [{ ectsCredits: 6, hours: 149 }, 'input.hours'],
      [{ ectsCredits: 6, hours: 181 }, 'input.hours'],
      [{ skillsTaught: [{ skillCode: 'NOPE.1', level: 1 }] }, 'input.skillsTaught[0].skillCode'],
      [{ skillsTaught: [{ skillCode: 'ECF.B.3', level: 6 }] }, 'input.skillsTaught[0].level'],
      [{ skillsTaught: [] }, 'input.skillsTaught'],
      [{ language: 'french' }, 'input.language'],
      [{ title: '  ' }, 'input.title'],
    ];
    for (const [overrides, field] of cases) {
      const input = moduleOf(overrides);
      const { body } = await call(UPSERT, { input });
      expect(body.errors?.[0]?.extensions, JSON.stringify(overrides)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await count(sql`select count(*)::int as n from modules where code = ${input.code}`)).toBe(0);
    }
  });

  it('lets a university write its own modules only', async () => {
    const foreign = moduleOf({}, OTHER_UAI);
    const { body } = await call(UPSERT, { input: foreign });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const company = await call(UPSERT, { input: moduleOf() }, await bearer('company', '552100554'));
    expect(company.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await count(sql`select count(*)::int as n from modules where code = ${foreign.code}`)).toBe(0);
  });

  it('fixes the ECTS of a module once it has awarded credits', async () => {
    const code = await newModule();
    const [citizen] = await enrolledCitizens(1);
    expect((await publish(code, [award(citizen as string)])).body.errors).toBeUndefined();
    const { body } = await call(UPSERT, { input: { ...moduleOf(), code, ectsCredits: 5, hours: 140 } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.ectsCredits' });
  });
});

describe('publishCredits', () => {
  it('publishes a batch whole, with one event per 500 awards and one audit row', async () => {
    const code = await newModule();
    const citizens = await enrolledCitizens(3);
    const outboxBefore = await count(sql`select count(*)::int as n from outbox where type = 'universities.credits-changed'`);
    const { body } = await publish(code, [
      award(citizens[0] as string),
      award(citizens[1] as string, { grade: 'B', gradeScale: 'ECTS_LETTER', status: 'FINAL' }),
      award(citizens[2] as string, { grade: '72', gradeScale: 'PERCENT', ects: 4 }),
    ]);
    expect(body.errors).toBeUndefined();
    expect(body.data.publishCredits).toMatchObject({ published: 3, replayed: false, awards: { totalCount: 3 } });
    const byCitizen = new Map(body.data.publishCredits.awards.nodes.map((n: any) => [n.citizen.id, n]));
    expect(byCitizen.get(citizens[0])).toMatchObject({ status: 'PROVISIONAL', grade: 14.5, gradeScale: 'FR_20', gradeLabel: '14.5/20', ectsCredits: 6 });
    expect(byCitizen.get(citizens[1])).toMatchObject({ status: 'FINAL', grade: null, gradeLabel: 'B' });
    expect(byCitizen.get(citizens[2])).toMatchObject({ grade: 72, gradeLabel: '72/100', ectsCredits: 4 });
    expect(await count(sql`select count(*)::int as n from outbox where type = 'universities.credits-changed'`)).toBe(outboxBefore + 1);
    expect(await count(sql`select count(*)::int as n from audit_log where field = 'Mutation.publishCredits' and ${code} = any(object_ids)`)).toBe(1);
  });

  it('refuses every faulty row at once, with its row, field and code, and writes nothing', async () => {
    const code = await newModule();
    const [a, b, c, d, e, f, g] = (await enrolledCitizens(7)) as [string, string, string, string, string, string, string];
    const { body } = await publish(code, [
      award(a),
      award('not-a-uuid'),
      award(randomUUID()),
      award(b, { ects: 7 }),
      award(c, { grade: '9.5' }),
      award(c, {}),
      award(d, { grade: 'Z', gradeScale: 'ECTS_LETTER' }),
      award(e, { awardedOn: addDays(today, 1) }),
      award(f, { awardedOn: addDays(ENROLLED_ON, -1) }),
      award(g, { assessedOn: addDays(today, -5) }),
      award(a, { status: 'REVOKED' }),
    ]);
    const ext = body.errors?.[0]?.extensions;
    expect(ext?.code).toBe('BAD_USER_INPUT');
    const codes = (ext?.errors as Array<{ row: number; field: string; code: string }>).map((e) => [e.row, e.field, e.code]);
    expect(codes).toEqual(
      expect.arrayContaining([
        [1, 'awards[1].citizenId', 'INVALID_CITIZEN_ID'],
        [2, 'awards[2].citizenId', 'NOT_ENROLLED'],
        [3, 'awards[3].ects', 'ECTS_OUT_OF_RANGE'],
        [4, 'awards[4].grade', 'GRADE_NOT_PASSING'],
        [5, 'awards[5].citizenId', 'DUPLICATE_IN_REQUEST'],
        [6, 'awards[6].grade', 'GRADE_INVALID'],
        [7, 'awards[7].awardedOn', 'AWARDED_IN_FUTURE'],
        [8, 'awards[8].awardedOn', 'AWARDED_BEFORE_ENROLMENT'],
        [9, 'awards[9].assessedOn', 'ASSESSED_AFTER_AWARD'],
        [10, 'awards[10].status', 'STATUS_INVALID'],
        [10, 'awards[10].citizenId', 'DUPLICATE_IN_REQUEST'],
      ]),
    );
    expect(codes).toHaveLength(11);
    expect(codes.some(([row]) => row === 0)).toBe(false);
    expect(await awardsOfModule(code)).toBe(0);
  });

  it('never takes a citizen past 60 ECTS, nor awards one module twice', async () => {
    const [citizen] = (await enrolledCitizens(1)) as [string];
    const big = [
      await newModule({ ectsCredits: 30, hours: 800 }),
      await newModule({ ectsCredits: 30, hours: 800 }),
      await newModule({ ectsCredits: 1, hours: 28 }),
    ];
    expect((await publish(big[0] as string, [award(citizen, { ects: 30 })])).body.errors).toBeUndefined();
    expect((await publish(big[1] as string, [award(citizen, { ects: 30 })])).body.errors).toBeUndefined();
    const over = await publish(big[2] as string, [award(citizen, { ects: 1 })]);
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'awards[0].ects', reason: 'ECTS_CAP_EXCEEDED' });
    const again = await publish(big[0] as string, [award(citizen, { ects: 30 })]);
    expect(again.body.errors?.[0]?.extensions?.reason).toBe('ALREADY_AWARDED');
  });

  it('a batch of 10,000 with one bad row writes nothing and names that row', async () => {
    const code = await newModule();
    const citizens = await enrolledCitizens(10_000);
    const awards = citizens.map((id) => award(id));
    awards[7_777] = award(citizens[7_777] as string, { grade: '8' });
    const { body } = await publish(code, awards);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      errorCount: 1,
      errors: [{ row: 7_777, field: 'awards[7777].grade', code: 'GRADE_NOT_PASSING' }],
    });
    expect(await awardsOfModule(code)).toBe(0);
    awards[7_777] = award(citizens[7_777] as string);
    const fixed = await publish(code, awards);
    expect(fixed.body.errors).toBeUndefined();
    expect(fixed.body.data.publishCredits.published).toBe(10_000);
    expect(await awardsOfModule(code)).toBe(10_000);
  }, 120_000);

  it('answers a retry with the first result, refuses the key for another batch, and writes once under concurrent retries', async () => {
    const code = await newModule();
    const citizens = await enrolledCitizens(20);
    const awards = citizens.map((id) => award(id));
    const key = randomUUID();
    const first = await publish(code, awards, key);
    const retry = await publish(code, awards, key);
    expect(retry.body.data.publishCredits).toMatchObject({ published: 20, replayed: true });
    expect(retry.body.data.publishCredits.awards.nodes.map((n: any) => n.id).sort()).toEqual(
      first.body.data.publishCredits.awards.nodes.map((n: any) => n.id).sort(),
    );
    const other = await publish(code, awards.slice(1), key);
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });

    const code2 = await newModule();
    const key2 = randomUUID();
    const answers = await Promise.all(Array.from({ length: 4 }, () => publish(code2, awards, key2)));
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    expect(answers.filter((a) => !a.body.data.publishCredits.replayed)).toHaveLength(1);
    expect(await awardsOfModule(code2)).toBe(20);
  });

  it('lets a university award its own active modules only', async () => {
    const code = await newModule();
    const [citizen] = (await enrolledCitizens(1)) as [string];
    const foreign = await publish(code, [award(citizen)], randomUUID(), theirs);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await publish(`${UAI}-NOSUCH`, [award(citizen)]);
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [early] = (await enrolledCitizens(1)) as [string];
    const key = randomUUID();
    expect((await publish(code, [award(early)], key)).body.errors).toBeUndefined();
    await call(UPSERT, { input: { ...moduleOf(), code, status: 'RETIRED' } });
    const retired = await publish(code, [award(citizen)]);
    expect(retired.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MODULE_RETIRED' });
    // A retry of a batch published before the retirement still gets its first answer.
    expect((await publish(code, [award(early)], key)).body.data.publishCredits).toMatchObject({ published: 1, replayed: true });
    const ministry = await publish(code, [award(citizen)], randomUUID(), await bearer());
    expect(ministry.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await awardsOfModule(code)).toBe(1);
  });

  it.runIf(testDatabaseKind() === 'postgres')(
    'a connection dropped in the middle of a batch leaves it absent; a retry with the key completes it once',
    async () => {
      const code = await newModule();
      const awards = (await enrolledCitizens(2_000)).map((id) => award(id));
      const key = randomUUID();
      // Hold the audit chain's lock: the batch's transaction writes its awards, then waits there.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const holder = service.database.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(727272)`);
        locked();
        await held;
      });
      await lockTaken;
      const pending = publish(code, awards, key);
      let waiting = 0;
      for (let i = 0; i < 200 && waiting === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        waiting = await count(
          sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%pg_advisory_xact_lock%' and pid <> pg_backend_pid()`,
        );
      }
      expect(waiting).toBe(1);
      await rowsOf(
        service.database.db,
        sql`select pg_terminate_backend(pid) from pg_stat_activity where wait_event_type = 'Lock' and query like '%pg_advisory_xact_lock%' and pid <> pg_backend_pid()`,
      );
      const dropped = await pending;
      expect(dropped.body.errors?.length).toBeGreaterThan(0);
      release();
      await holder;
      expect(await awardsOfModule(code)).toBe(0);
      const retried = await publish(code, awards, key);
      expect(retried.body.errors).toBeUndefined();
      expect(retried.body.data.publishCredits).toMatchObject({ published: 2_000, replayed: false });
      expect(await awardsOfModule(code)).toBe(2_000);
      expect((await publish(code, awards, key)).body.data.publishCredits.replayed).toBe(true);
    },
    60_000,
  );
});

const REVISE = `mutation($id: ID!, $status: CreditStatus!, $ects: Int, $grade: String, $reason: String!) {
  reviseCreditAward(id: $id, status: $status, ects: $ects, grade: $grade, reason: $reason) {
    id status ectsCredits gradeLabel history { by org fromStatus toStatus ectsBefore ectsAfter gradeBefore gradeAfter reason at }
  }
}`;

async function publishedAward(): Promise<{ id: string; citizen: string; code: string }> {
  const code = await newModule();
  const [citizen] = (await enrolledCitizens(1)) as [string];
  const { body } = await publish(code, [award(citizen)]);
  return { id: body.data.publishCredits.awards.nodes[0].id, citizen, code };
}

describe('reviseCreditAward', () => {
  it('confirms with a correction, then revokes, each revision in the history with who and why', async () => {
    const { id } = await publishedAward();
    const confirmed = await call(REVISE, { id, status: 'FINAL', ects: 5, grade: '15', reason: 'jury du 3 décembre' });
    expect(confirmed.body.errors).toBeUndefined();
    expect(confirmed.body.data.reviseCreditAward).toMatchObject({ status: 'FINAL', ectsCredits: 5, gradeLabel: '15/20' });
    const revoked = await call(REVISE, { id, status: 'REVOKED', reason: 'fraude constatée' });
    const history = revoked.body.data.reviseCreditAward.history;
    expect(history.map((h: any) => [h.fromStatus, h.toStatus, h.ectsBefore, h.ectsAfter, h.gradeBefore, h.gradeAfter, h.reason])).toEqual([
      [null, 'PROVISIONAL', null, 6, null, '14.5/20', 'published'],
      ['PROVISIONAL', 'FINAL', 6, 5, '14.5/20', '15/20', 'jury du 3 décembre'],
      ['FINAL', 'REVOKED', 5, 5, '15/20', '15/20', 'fraude constatée'],
    ]);
    for (const h of history) expect(h).toMatchObject({ by: expect.stringContaining(UAI), org: UAI });
    const again = await call(REVISE, { id, status: 'FINAL', reason: 'retour' });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'REVOKED' });
  });

  it("refuses illegal changes and hides another university's awards", async () => {
    const { id } = await publishedAward();
    const bad = await call(REVISE, { id, status: 'FINAL', grade: '8', reason: 'jury' });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'grade' });
    const foreign = await call(REVISE, { id, status: 'REVOKED', reason: 'x' }, theirs);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const missing = await call(REVISE, { id: randomUUID(), status: 'REVOKED', reason: 'x' });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await count(sql`select count(*)::int as n from credit_revisions where award_id = ${id}`)).toBe(0);
  });
});

const CREDENTIAL = `query($reps: [_Any!]!, $uai: ID!) { _entities(representations: $reps) { ... on Citizen { creditCredential(universityId: $uai) { jwt keyId issuer { id } awards { id } } } } }`;
const VERIFY = `query($jwt: String!) { verifyCreditCredential(jwt: $jwt) { valid status issuer { id } revokedAwardIds } }`;

describe('portable credentials', () => {
  it('issues a signed record that verifies, fails once tampered, and says revoked after a revocation', async () => {
    const { id, citizen } = await publishedAward();
    const { body } = await call(CREDENTIAL, { reps: [{ __typename: 'Citizen', id: citizen }], uai: UAI });
    expect(body.errors).toBeUndefined();
    const credential = body.data._entities[0].creditCredential;
    expect(credential).toMatchObject({ issuer: { id: UAI }, awards: [{ id }] });

    // Offline: the published keys alone check the signature, and the payload is ELM-shaped.
    const jwks = await (await fetch(new URL(`/universities/${UAI}/jwks.json`, service.url))).json();
    const { payload, protectedHeader } = await jwtVerify(credential.jwt, createLocalJWKSet(jwks));
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: credential.keyId });
    expect(payload).toMatchObject({ iss: `urn:uai:${UAI}`, sub: `urn:snn:citizen:${citizen}` });
    const claim = (payload as any).vc.credentialSubject.hasClaim[0];
    expect(claim).toMatchObject({
      type: 'LearningAchievement',
      specifiedBy: { creditPoint: { framework: 'ECTS', point: 6 } },
      wasDerivedFrom: { grade: { noteLiteral: '14.5/20' } },
    });

    const verified = await call(VERIFY, { jwt: credential.jwt }, await bearer('parliament'));
    expect(verified.body.data.verifyCreditCredential).toEqual({ valid: true, status: 'VALID', issuer: { id: UAI }, revokedAwardIds: [] });

    const [h, p, s] = credential.jwt.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...payload,
        vc: { ...(payload as any).vc, credentialSubject: { ...(payload as any).vc.credentialSubject, id: 'urn:snn:citizen:someone-else' } },
      }),
    ).toString('base64url');
    const tampered = await call(VERIFY, { jwt: `${h}.${forged}.${s}` });
    expect(tampered.body.data.verifyCreditCredential).toMatchObject({ valid: false, status: 'BAD_SIGNATURE' });
    expect(p).not.toBe(forged);
    expect((await call(VERIFY, { jwt: 'not a credential' })).body.data.verifyCreditCredential.status).toBe('MALFORMED');

    await call(REVISE, { id, status: 'REVOKED', reason: 'erreur de saisie' });
    const after = await call(VERIFY, { jwt: credential.jwt });
    expect(after.body.data.verifyCreditCredential).toEqual({ valid: false, status: 'REVOKED', issuer: { id: UAI }, revokedAwardIds: [id] });
  });

  it("gives a university its own credentials only; an unknown university's keys are 404", async () => {
    const { citizen } = await publishedAward();
    const { body } = await call(CREDENTIAL, { reps: [{ __typename: 'Citizen', id: citizen }], uai: UAI }, theirs);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await fetch(new URL('/universities/0000000A/jwks.json', service.url))).status).toBe(404);
  });
});
