// The gateway shapes responses with a compiled computeResponse (gateway/src/result-shaping.ts) in
// place of @apollo/gateway's interpreter. Both must give the same data, errors and null bubbling:
// first over hand-made subgraph answers that break the schema in every way a subgraph can, then
// over every answer the running federation shapes for real callers' operations.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type * as Internals from '@apollo/federation-internals';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERGRAPH_PATH } from '@snn/gateway';
import { apolloComputeResponse, computeResponse, type ComputeResponseArgs } from '@snn/gateway/testing';
import { SCENARIOS } from '../bench/scenarios';
import { bootFederation, type Federation } from './helpers/federation';
import { INTROSPECTION_SCOPE } from '@snn/platform';
import { ALL_SCOPES, bearerWithScopes } from '@snn/platform/testing';

const gatewayRequire = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
const fi = gatewayRequire('@apollo/federation-internals') as typeof Internals;
const shapingModule = gatewayRequire('./resultShaping.js') as { computeResponse: (args: ComputeResponseArgs) => unknown };
const apiSchema = fi.Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema();

/** Both shapers over the same answer; their results (errors as message and path) must be equal. */
function bothShape(query: string, input: Record<string, unknown> | null, variables: Record<string, unknown> = {}) {
  const operation = fi.operationFromDocument(apiSchema, parse(query), { validate: false });
  const introspectionHandling = (selection: Internals.FieldSelection) => ({ introspected: selection.element.responseName() });
  const shaped = (shaper: typeof computeResponse) => {
    const { data, errors } = shaper({ operation, variables, input: structuredClone(input), introspectionHandling });
    return { data: JSON.parse(JSON.stringify(data ?? null)), errors: errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code })) };
  };
  const ours = shaped(computeResponse);
  expect(ours).toEqual(shaped(apolloComputeResponse));
  return ours;
}

const ROSTER = `query($id: ID!, $withCredits: Boolean!, $lean: Boolean = false) { cohort(id: $id) { name track
  kind: __typename
  enrollments(first: 50) { nodes { status citizen { id __typename
    reservist @skip(if: $lean) { kind engagement skills { level skill { code name } } }
    credits @include(if: $withCredits) { ectsCredits grade }
    ...Skills
    also: reservist { noticeDays }
  } } } } }
fragment Skills on Citizen { reservist { skills { skill { minLevel } } } totalEcts }`;

const citizen = (over: Record<string, unknown> = {}) => ({
  id: 'c1',
  __typename: 'Citizen',
  reservist: { kind: 'CITIZEN', engagement: 'ACTIVE', skills: [{ level: 3, skill: { code: 'CYB', name: 'Cyber', minLevel: 1 } }] },
  credits: [{ ectsCredits: 6, grade: 14.5 }],
  totalEcts: 6,
  also: { noticeDays: 10 },
  ...over,
});
const answer = (...citizens: unknown[]) => ({
  cohort: { name: 'C', track: 'CYBERSECURITY', enrollments: { nodes: citizens.map((c) => ({ status: 'ENROLLED', citizen: c })) } },
});

describe('compiled and Apollo result shaping agree', () => {
  it('keeps requested fields in order, applies aliases, fragments, @skip/@include and defaults', () => {
    const ok = bothShape(ROSTER, answer(citizen(), citizen({ id: 'c2', credits: null })), { id: 'x', withCredits: true });
    expect(ok.errors).toEqual([]);
    expect(Object.keys(ok.data.cohort.enrollments.nodes[0].citizen)).toEqual(['id', '__typename', 'reservist', 'credits', 'totalEcts', 'also']);
    expect(ok.data.cohort.kind).toBe('Cohort');
    const skipped = bothShape(ROSTER, answer(citizen()), { id: 'x', withCredits: false, lean: true });
    expect(skipped.data.cohort.enrollments.nodes[0].citizen.credits).toBeUndefined();
  });

  it('bubbles a null in a non-null position up to the nearest nullable field, with one error', () => {
    const nullSkill = bothShape(ROSTER, answer(citizen({ reservist: { kind: 'CITIZEN', engagement: 'ACTIVE', skills: [{ level: 3, skill: null }] } })), {
      id: 'x',
      withCredits: true,
    });
    expect(nullSkill.errors).toHaveLength(1);
    expect(nullSkill.data.cohort.enrollments.nodes[0].citizen.reservist).toBeNull();
    const nullCitizen = bothShape(ROSTER, answer(null), { id: 'x', withCredits: false });
    expect(nullCitizen.data.cohort.enrollments).toBeNull();
    bothShape(ROSTER, { cohort: { name: null, track: 'AI', enrollments: null } }, { id: 'x', withCredits: false });
  });

  it('nulls out values of the wrong kind: string for Int, unknown enum, float for Int, object for String', () => {
    const bad = bothShape(
      ROSTER,
      answer(
        citizen({ totalEcts: '6' }),
        citizen({ credits: [{ ectsCredits: 6.5, grade: 'A' }] }),
        citizen({ reservist: { kind: 'PIRATE', engagement: 'ACTIVE', skills: [] } }),
        citizen({ reservist: { kind: 'CITIZEN', engagement: 'ACTIVE', skills: [{ level: 1, skill: { code: 7, name: 'Cyber', minLevel: 1e21 } }] } }),
        citizen({ id: 12, reservist: { kind: 'CITIZEN', engagement: 'ACTIVE', skills: [{ level: 1, skill: { code: 'CYB', name: { x: 1 }, minLevel: 1 } }] } }),
      ),
      { id: 'x', withCredits: true },
    );
    // An integer is a valid ID; 1e21 is not an Int.
    expect(bad.errors.map((e) => e.message.replace(/^Invalid value found for field /, ''))).toEqual([
      'Citizen.totalEcts.',
      'CreditAward.ectsCredits.',
      'Reservist.kind.',
      'Skill.minLevel.',
      'Skill.name.',
    ]);
  });

  it('rejects an unknown __typename and ignores missing fields', () => {
    bothShape(ROSTER, answer({ ...citizen(), __typename: 'Spaceship' }), { id: 'x', withCredits: true });
    bothShape(ROSTER, answer({ id: 'c3' }), { id: 'x', withCredits: true });
    bothShape(ROSTER, null, { id: 'x', withCredits: true });
  });

  it('keeps fields aliased with the names of Object.prototype members (the output objects are plain)', () => {
    const query = `query($id: ID!) { cohort(id: $id) { constructor: name toString: track __proto__: __typename
      hasOwnProperty: enrollments(first: 1) { nodes { valueOf: status } } } }`;
    const input = JSON.parse('{"cohort":{"constructor":"C","toString":"AI","__proto__":"Cohort","hasOwnProperty":{"nodes":[{"valueOf":"ENROLLED"}]}}}');
    const { data } = bothShape(query, input, { id: 'x' });
    expect(JSON.stringify(data)).toBe(
      '{"cohort":{"constructor":"C","toString":"AI","__proto__":"Cohort","hasOwnProperty":{"nodes":[{"valueOf":"ENROLLED"}]}}}',
    );
    const { data: raw } = computeResponse({
      operation: fi.operationFromDocument(apiSchema, parse(query), { validate: false }),
      variables: { id: 'x' },
      input,
      introspectionHandling: () => null,
    });
    expect(Object.getPrototypeOf((raw as { cohort: object }).cohort)).toBe(Object.prototype);
  });

  it('hands introspection fields to the introspection handler', () => {
    const intro = bothShape('{ __typename __schema { queryType { name } } t: __type(name: "Cohort") { name } }', {});
    expect(intro.data).toEqual({ __typename: 'Query', __schema: { introspected: '__schema' }, t: { introspected: 't' } });
  });
});

describe('the running gateway', () => {
  let fed: Federation;
  const compared: string[] = [];
  const differences: unknown[] = [];
  const operations: Internals.Operation[] = [];
  beforeAll(async () => {
    fed = await bootFederation();
    expect(shapingModule.computeResponse).toBe(computeResponse); // startGateway installed it
    // Every response the gateway shapes is shaped by Apollo's interpreter too, for comparison.
    shapingModule.computeResponse = (args) => {
      const ours = computeResponse(args);
      const apollo = apolloComputeResponse(args);
      compared.push(String(args.operation.name ?? 'anonymous'));
      operations.push(args.operation);
      if (JSON.stringify([ours.data, ours.errors]) !== JSON.stringify([apollo.data, apollo.errors])) differences.push({ ours, apollo });
      return ours;
    };
  }, 120_000);
  afterAll(async () => {
    shapingModule.computeResponse = computeResponse;
    await fed?.stop();
  });

  it("shapes every bench scenario's answers exactly as Apollo would", async () => {
    for (const scenario of SCENARIOS.filter((s) => !s.write)) {
      const requests = await scenario.pool({
        query: async (q, v) => (await fed.query(q, v)).data,
        token: async () => '',
      });
      for (const { variables } of requests.slice(0, 3)) {
        const res = await fed.query(scenario.query, variables);
        expect(res.errors).toBeUndefined();
      }
    }
    const developer = await bearerWithScopes(`${ALL_SCOPES} ${INTROSPECTION_SCOPE}`);
    const { data } = await fed.query('{ __typename __type(name: "Cohort") { name fields { name } } }', {}, undefined, developer);
    expect(data.__type.name).toBe('Cohort');
    expect(compared.length).toBeGreaterThanOrEqual(4);
    expect(differences).toEqual([]);
  });

  it('reuses one operation per query text, each request shaped by its own variables', async () => {
    const { data } = await fed.query('{ cohorts(first: 2) { nodes { id name } } }');
    const [a, b] = data.cohorts.nodes as Array<{ id: string; name: string }>;
    const query = 'query Reused($id: ID!, $withName: Boolean!) { cohort(id: $id) { id name @include(if: $withName) } }';
    operations.length = 0;
    // Concurrent requests of one text with different variables: none may see another's.
    const asked = [
      [a, true],
      [b, false],
      [b, true],
      [a, false],
    ] as const;
    const answers = await Promise.all(asked.map(([c, withName]) => fed.query(query, { id: c!.id, withName })));
    answers.forEach((res, i) => {
      const [c, withName] = asked[i]!;
      expect(res.errors).toBeUndefined();
      expect(res.data.cohort).toEqual(withName ? { id: c!.id, name: c!.name } : { id: c!.id });
    });
    expect(operations).toHaveLength(4);
    expect(new Set(operations).size).toBe(1);
  });
});
