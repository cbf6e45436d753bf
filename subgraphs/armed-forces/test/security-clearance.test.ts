// Citizens' security clearances, decided by the armed forces: set, changed and withdrawn through
// GraphQL, each change announced (armed-forces.clearance-changed) and audited in its transaction,
// a repeat changing nothing; read back on Citizen as it holds today; refused to anyone else. The
// armed-forces subgraph alone over real HTTP on port 0 (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, rowsOf, todayInFrance } from '@snn/platform';
import { bearer, bearerWithScopes, postGraphQL, startTestSubgraph, testIssuer, type TestSubgraph } from '@snn/platform/testing';
import { Universe } from '@snn/platform/demo';
import armedForces from '../src/server';

const SEED = { citizens: 2000, seed: 7 };
let service: TestSubgraph;
let officer: string;

const SET = `mutation($c: ID!, $l: Clearance!, $v: Date, $r: String!) {
  setSecurityClearance(citizenId: $c, clearance: $l, validUntil: $v, reason: $r) { clearance grantedOn validUntil } }`;
const READ = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { securityClearance { clearance grantedOn validUntil } } } }`;

const set = (vars: Record<string, unknown>, token = officer) => postGraphQL(service.url, SET, { r: 'stage en milieu sensible', ...vars }, token);
const read = async (citizenId: string, token = officer) =>
  (await postGraphQL(service.url, READ, { r: [{ __typename: 'Citizen', id: citizenId }] }, token)).body;
const eventsOf = (citizenId: string) =>
  rowsOf<{ payload: string }>(
    service.database.db,
    sql`select payload from outbox where type = 'armed-forces.clearance-changed' and aggregate_id = ${citizenId} order by occurred_at, id`,
  );
const auditsOf = async (citizenId: string) =>
  (
    await rowsOf<{ n: number }>(
      service.database.db,
      sql`select count(*)::int as n from audit_log where field = 'Mutation.setSecurityClearance' and ${citizenId} = any(object_ids)`,
    )
  )[0]!.n;

beforeAll(async () => {
  service = await startTestSubgraph(armedForces, SEED);
  officer = await bearer('armed-forces');
});
afterAll(async () => {
  await service?.stop();
});

describe('a security clearance', () => {
  it('is granted, renewed and withdrawn, each change announced and audited once', async () => {
    const citizenId = randomUUID();
    const today = todayInFrance();
    const until = addMonths(today, 60);
    expect((await read(citizenId)).data._entities[0].securityClearance).toEqual({ clearance: 'NONE', grantedOn: null, validUntil: null });

    const granted = await set({ c: citizenId, l: 'SECRET', v: until });
    expect(granted.body.errors).toBeUndefined();
    expect(granted.body.data.setSecurityClearance).toEqual({ clearance: 'SECRET', grantedOn: today, validUntil: until });
    expect((await read(citizenId)).data._entities[0].securityClearance).toEqual({ clearance: 'SECRET', grantedOn: today, validUntil: until });
    // The same decision again changes nothing: no second event, no second audit row.
    expect((await set({ c: citizenId, l: 'SECRET', v: until })).body.data.setSecurityClearance.clearance).toBe('SECRET');
    expect(await eventsOf(citizenId)).toHaveLength(1);
    expect(await auditsOf(citizenId)).toBe(1);

    await set({ c: citizenId, l: 'TRES_SECRET', v: addMonths(today, 24) });
    const withdrawn = await set({ c: citizenId, l: 'NONE', v: null });
    expect(withdrawn.body.data.setSecurityClearance).toEqual({ clearance: 'NONE', grantedOn: null, validUntil: null });
    const events = (await eventsOf(citizenId)).map((e) => JSON.parse(e.payload));
    expect(events).toEqual([
      { citizenId, clearance: 'SECRET', validUntil: until },
      { citizenId, clearance: 'TRES_SECRET', validUntil: addMonths(today, 24) },
      { citizenId, clearance: 'NONE', validUntil: null },
    ]);
    expect(await auditsOf(citizenId)).toBe(3);
    // Withdrawing from a citizen never cleared writes nothing at all.
    const never = randomUUID();
    expect((await set({ c: never, l: 'NONE', v: null })).body.data.setSecurityClearance.clearance).toBe('NONE');
    expect(await eventsOf(never)).toHaveLength(0);
    expect(await auditsOf(never)).toBe(0);
  });

  it('reads NONE once past its last day', async () => {
    const universe = new Universe(SEED.seed, SEED.citizens);
    let cleared = -1;
    for (let i = 0; i < universe.citizenCount && cleared < 0; i++) if (universe.clearance(i)) cleared = i;
    expect(cleared).toBeGreaterThanOrEqual(0);
    const id = universe.citizenId(cleared);
    const fact = universe.clearance(cleared)!;
    const held = (await read(id)).data._entities[0].securityClearance;
    expect(held).toEqual(
      fact.validUntil >= todayInFrance()
        ? { clearance: 'SECRET', grantedOn: fact.grantedOn, validUntil: fact.validUntil }
        : { clearance: 'NONE', grantedOn: null, validUntil: null },
    );
    await service.database.db.execute(
      sql`update security_clearances set granted_on = ${addDays(todayInFrance(), -400)}::date, valid_until = ${addDays(todayInFrance(), -1)}::date where citizen_id = ${id}`,
    );
    expect((await read(id)).data._entities[0].securityClearance).toEqual({ clearance: 'NONE', grantedOn: null, validUntil: null });
  });

  it('refuses a malformed decision as BAD_USER_INPUT naming the field, writing nothing', async () => {
    const citizenId = randomUUID();
    const today = todayInFrance();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ c: 'not-a-uuid', l: 'SECRET', v: addMonths(today, 12) }, 'citizenId'],
      [{ c: citizenId, l: 'SECRET', v: null }, 'validUntil'],
      [{ c: citizenId, l: 'SECRET', v: today }, 'validUntil'],
      [{ c: citizenId, l: 'SECRET', v: addMonths(today, 121) }, 'validUntil'],
      [{ c: citizenId, l: 'NONE', v: addMonths(today, 12) }, 'validUntil'],
      [{ c: citizenId, l: 'SECRET', v: addMonths(today, 12), r: '' }, 'reason'],
      [{ c: citizenId, l: 'SECRET', v: addMonths(today, 12), r: 'x'.repeat(501) }, 'reason'],
    ];
    for (const [vars, field] of cases) {
      const { body } = await set(vars);
      expect(body.errors?.[0]?.extensions, JSON.stringify(vars)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await eventsOf(citizenId)).toHaveLength(0);
  });

  it('is decided by the armed forces only, and read only with reserve:pii', async () => {
    const citizenId = randomUUID();
    const v = addMonths(todayInFrance(), 12);
    for (const token of [await bearer('economy'), await bearer('company', new Universe(SEED.seed, SEED.citizens).organisation(0).siren)]) {
      expect((await set({ c: citizenId, l: 'SECRET', v }, token)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    // Even with reserve:write, a caller acting for an organisation does not decide a clearance.
    const orgToken = `Bearer ${await (await testIssuer()).sign({ sub: 'snn-test:org', scope: 'reserve:write reserve:pii', org: '552100554' })}`;
    expect((await set({ c: citizenId, l: 'SECRET', v }, orgToken)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await eventsOf(citizenId)).toHaveLength(0);
    expect((await set({ c: citizenId, l: 'SECRET', v }, await bearerWithScopes('reserve:write'))).body.errors).toBeUndefined();
    expect(await eventsOf(citizenId)).toHaveLength(1);
    const reader = await bearerWithScopes('reserve:read citizen:read');
    const { errors } = await read(citizenId, reader);
    expect(errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
