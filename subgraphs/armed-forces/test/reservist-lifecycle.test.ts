// A reservist's lifecycle through GraphQL: an outside professional enrolled with certified skills;
// an SNN citizen only once invited (their service completed), once, with the clearance the armed
// forces decided; changes and renewals; a training that renews an expired certification, which the
// search then counts; idempotent enrolment; bad input; who may write. The armed-forces subgraph
// alone over real HTTP on port 0 (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, rowsOf, todayInFrance } from '@snn/platform';
import { bearer, postGraphQL, startTestSubgraph, testIssuer, type TestSubgraph } from '@snn/platform/testing';
import armedForces from '../src/server';

let service: TestSubgraph;
let officer: string;
const today = todayInFrance();

const RESERVIST = `id kind engagement clearance employer shortNoticeClause crisisShortNotice noticeDays daysThisYear citizen { id }
  department { code } contract { startDate endDate annualDays } skills { skill { code } level certifiedBy certifiedOn expiresOn }
  trainings { skill { code name } level provider completedOn validUntil }`;
const ENROL = `mutation($input: EnrolReservistInput!, $key: ID!) { enrolReservist(input: $input, idempotencyKey: $key) { ${RESERVIST} } }`;
const UPDATE = `mutation($id: ID!, $input: ReservistChangeInput!) { updateReservist(id: $id, input: $input) { ${RESERVIST} } }`;
const TRAIN = `mutation($id: ID!, $skill: ID!, $level: Int!, $on: Date!, $years: Int) {
  recordTraining(reservistId: $id, skill: $skill, level: $level, provider: "Pôle d'excellence cyber", completedOn: $on, validYears: $years) { ${RESERVIST} } }`;

const professional = (over: Record<string, unknown> = {}) => ({
  department: '35',
  engagement: 'ACTIVE',
  contractStart: today,
  contractYears: 5,
  employer: 'Opérateur régional',
  shortNoticeClause: true,
  crisisShortNotice: true,
  clearance: 'SECRET',
  skills: [
    { skill: 'ECSF.FORENSICS', level: 4, certifiedBy: 'ANSSI', certifiedOn: addDays(today, -1200), expiresOn: addDays(today, -100) },
    { skill: 'ECF.B.3', level: 2, certifiedBy: 'COMCYBER', certifiedOn: addDays(today, -30), expiresOn: addDays(today, 700) },
  ],
  ...over,
});
const enrol = (input: Record<string, unknown>, key: string = randomUUID(), token = officer) => postGraphQL(service.url, ENROL, { input, key }, token);
const audits = async (field: string) =>
  (await rowsOf<{ n: number }>(service.database.db, sql`select count(*)::int as n from audit_log where field = ${`Mutation.${field}`}`))[0]!.n;

beforeAll(async () => {
  service = await startTestSubgraph(armedForces, { citizens: 800, seed: 3 });
  officer = await bearer('armed-forces');
});
afterAll(async () => {
  await service?.stop();
});

describe('a reservist', () => {
  it('is enrolled as an outside professional with certified skills, once per key', async () => {
    const key = randomUUID();
    const first = await enrol(professional(), key);
    expect(first.body.errors).toBeUndefined();
    const r = first.body.data.enrolReservist;
    expect(r).toMatchObject({
      kind: 'PROFESSIONAL',
      citizen: null,
      clearance: 'SECRET',
      employer: 'Opérateur régional',
      noticeDays: 15,
      crisisShortNotice: true,
      daysThisYear: 0,
      department: { code: '35' },
      contract: { startDate: today, endDate: addDays(addMonths(today, 60), -1), annualDays: 30 },
      trainings: [],
    });
    expect(r.skills.map((s: any) => [s.skill.code, s.level])).toEqual([
      ['ECF.B.3', 2],
      ['ECSF.FORENSICS', 4],
    ]);
    const again = await enrol(professional(), key);
    expect(again.body.data.enrolReservist.id).toBe(r.id);
    const other = await enrol(professional({ employer: 'Autre' }), key);
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    expect(await audits('enrolReservist')).toBe(1);
  });

  it('is enrolled as a citizen only once invited, once, with the clearance the armed forces decided', async () => {
    const citizenId = randomUUID();
    const input = professional({ citizenId, clearance: undefined, employer: undefined });
    const early = await enrol(input);
    expect(early.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_INVITED', field: 'citizenId' });
    await service.database.db.execute(sql`insert into reserve_invitations (citizen_id, enrollment_id, track, service_completed_on, event_id)
      values (${citizenId}, ${randomUUID()}, 'CYBERSECURITY', ${addDays(today, -3)}, ${randomUUID()})`);
    const SET = `mutation($c: ID!, $v: Date) { setSecurityClearance(citizenId: $c, clearance: TRES_SECRET, validUntil: $v, reason: "poste sensible") { clearance } }`;
    expect((await postGraphQL(service.url, SET, { c: citizenId, v: addMonths(today, 24) }, officer)).body.errors).toBeUndefined();
    const ok = await enrol(input);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.enrolReservist).toMatchObject({ kind: 'CITIZEN', citizen: { id: citizenId }, clearance: 'TRES_SECRET', employer: null });
    const twice = await enrol(input);
    expect(twice.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ENROLLED' });
    const withClearance = await enrol({ ...input, clearance: 'SECRET' });
    expect(withClearance.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clearance' });
  });

  it('changes and renews its engagement', async () => {
    const r = (await enrol(professional({ contractYears: 1 }))).body.data.enrolReservist;
    const changed = await postGraphQL(
      service.url,
      UPDATE,
      { id: r.id, input: { engagement: 'PASSIVE', employer: null, shortNoticeClause: false, contractEnd: addDays(addMonths(today, 36), -1) } },
      officer,
    );
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data.updateReservist).toMatchObject({
      engagement: 'PASSIVE',
      employer: null,
      noticeDays: 30,
      contract: { endDate: addDays(addMonths(today, 36), -1) },
    });
    const tooLong = await postGraphQL(service.url, UPDATE, { id: r.id, input: { contractEnd: addMonths(today, 60) } }, officer);
    expect(tooLong.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractEnd' });
    const missing = await postGraphQL(service.url, UPDATE, { id: randomUUID(), input: { engagement: 'ACTIVE' } }, officer);
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is trained: the expired certification is renewed and the search counts it again', async () => {
    const r = (await enrol(professional({ department: '2A' }))).body.data.enrolReservist;
    const SEARCH = `query { searchReserve(skills: [{ skill: "ECSF.FORENSICS", minLevel: 4 }], territory: "2A", first: 200) { nodes { reservist { id } certifiedSkills } } }`;
    const hit = async () => (await postGraphQL(service.url, SEARCH, {}, officer)).body.data.searchReserve.nodes.find((n: any) => n.reservist.id === r.id);
    expect((await hit()).certifiedSkills).toBe(0);
    const trained = await postGraphQL(service.url, TRAIN, { id: r.id, skill: 'ECSF.FORENSICS', level: 3, on: addDays(today, -2), years: 2 }, officer);
    expect(trained.body.errors).toBeUndefined();
    const after = trained.body.data.recordTraining;
    // Level 3 trained, 4 held: the higher stays; the certification now runs two years from the training.
    expect(after.skills.find((s: any) => s.skill.code === 'ECSF.FORENSICS')).toEqual({
      skill: { code: 'ECSF.FORENSICS' },
      level: 4,
      certifiedBy: "Pôle d'excellence cyber",
      certifiedOn: addDays(today, -2),
      expiresOn: addDays(addMonths(addDays(today, -2), 24), -1),
    });
    expect(after.trainings).toEqual([
      {
        skill: { code: 'ECSF.FORENSICS', name: 'Digital Forensics Investigator' },
        level: 3,
        provider: "Pôle d'excellence cyber",
        completedOn: addDays(today, -2),
        validUntil: addDays(addMonths(addDays(today, -2), 24), -1),
      },
    ]);
    expect((await hit()).certifiedSkills).toBe(1);
    // A new skill is granted by its training.
    const granted = await postGraphQL(service.url, TRAIN, { id: r.id, skill: 'ECSF.AUDITOR', level: 2, on: today }, officer);
    expect(granted.body.data.recordTraining.skills.map((s: any) => s.skill.code)).toContain('ECSF.AUDITOR');
    expect(await audits('recordTraining')).toBe(2);
    const future = await postGraphQL(service.url, TRAIN, { id: r.id, skill: 'ECSF.AUDITOR', level: 2, on: addDays(today, 1) }, officer);
    expect(future.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'completedOn' });
    const digcomp = await postGraphQL(service.url, TRAIN, { id: r.id, skill: 'DIGCOMP.4.1', level: 2, on: today }, officer);
    expect(digcomp.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'skill' });
  });

  it('refuses bad input with the field', async () => {
    const skill = professional().skills[1]!;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ contractYears: 6 }, 'contractYears'],
      [{ contractYears: 0 }, 'contractYears'],
      [{ contractStart: addDays(today, 400) }, 'contractStart'],
      [{ department: 'R53' }, 'department'],
      [{ department: '96' }, 'department'],
      [{ annualDays: 0 }, 'annualDays'],
      [{ citizenId: 'not-a-uuid' }, 'citizenId'],
      [{ employer: '  ' }, 'employer'],
      [{ skills: [{ ...skill, skill: 'DIGCOMP.4.1' }] }, 'skills[0].skill'],
      [{ skills: [{ ...skill, skill: 'ECF.Z.1' }] }, 'skills[0].skill'],
      [{ skills: [{ ...skill, level: 6 }] }, 'skills[0].level'],
      [{ skills: [skill, skill] }, 'skills[1].skill'],
      [{ skills: [{ ...skill, expiresOn: skill.certifiedOn }] }, 'skills[0].expiresOn'],
      [{ skills: [{ ...skill, certifiedOn: addDays(today, 1) }] }, 'skills[0].certifiedOn'],
    ];
    for (const [over, field] of cases) {
      const res = await enrol(professional(over));
      expect(res.body.errors?.[0]?.extensions, JSON.stringify(over)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect((await enrol(professional(), 'a key with spaces')).body.errors?.[0]?.extensions?.field).toBe('idempotencyKey');
  });

  it("counts in its territory's strength per skill family, small counts withheld outside the reserve", async () => {
    await service.database.db.execute(sql`delete from reservists where department_code = '90'`);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await enrol(professional({ department: '90' }))).body.data.enrolReservist.id);
    const STRENGTH = `query { _entities(representations: [{ __typename: "Territory", code: "90" }]) { ... on Territory { reserveStrength { family reservists available confidential } } } }`;
    const strength = async (token: string) => {
      const res = await postGraphQL(service.url, STRENGTH, {}, token);
      expect(res.body.errors).toBeUndefined();
      return Object.fromEntries(res.body.data._entities[0].reserveStrength.map((f: any) => [f.family, [f.reservists, f.available, f.confidential]]));
    };
    const parliament = await bearer('parliament');
    const all = { ECF_A: [0, 0, false], ECF_B: [12, 12, false], ECF_C: [0, 0, false], ECF_D: [0, 0, false], ECF_E: [0, 0, false], ECSF: [12, 12, false] };
    expect(await strength(parliament)).toEqual(all);
    for (const id of ids.slice(0, 2)) await postGraphQL(service.url, UPDATE, { id, input: { engagement: 'PASSIVE' } }, officer);
    expect(await strength(officer)).toMatchObject({ ECF_B: [12, 10, false], ECSF: [12, 10, false] });
    expect(await strength(parliament)).toMatchObject({ ECF_B: [12, null, true], ECSF: [12, null, true] });
    const university = await postGraphQL(service.url, STRENGTH, {}, await bearer('university', '0751717J'));
    expect(university.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('is written under reserve:write alone, never for an organisation', async () => {
    const issuer = await testIssuer();
    const forCompany = `Bearer ${await issuer.sign({ sub: 'snn-test:company', scope: 'reserve:read reserve:write', org: '552081317', client_kind: 'company' })}`;
    for (const token of [await bearer('education'), await bearer('economy'), forCompany]) {
      expect((await enrol(professional(), randomUUID(), token)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
