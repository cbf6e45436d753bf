// The gateway runs query plans with its own executor (gateway/src/plan-execution.ts) in place of
// @apollo/gateway's executeQueryPlan. Both must give the same data, errors (message, path, code,
// subgraph) and extensions: first over made-up subgraph answers that fail in the ways a subgraph
// can (errors at entity indexes, a call that throws, a wrong number of entities, null and
// keyless entities), with the plans Apollo's planner makes for our supergraph; then over every
// bench scenario and edge of the running federation, the same requests answered by each.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type * as Internals from '@apollo/federation-internals';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERGRAPH_PATH } from '@snn/gateway';
import { apolloExecuteQueryPlan, executeQueryPlan, executions, usePlanExecution } from '@snn/gateway/testing';
import { SCENARIOS } from '../bench/scenarios';
import { bootFederation, type Federation } from './helpers/federation';

const gatewayRequire = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
const fi = gatewayRequire('@apollo/federation-internals') as typeof Internals;
const { buildOperationContext } = createRequire(import.meta.url)('@apollo/gateway') as {
  buildOperationContext(options: { schema: unknown; operationDocument: unknown }): unknown;
};
const { QueryPlanner } = gatewayRequire('@apollo/query-planner') as {
  QueryPlanner: new (supergraph: Internals.Supergraph) => { buildQueryPlan(operation: Internals.Operation): any };
};
// As ApolloGateway builds them from the supergraph (its index.js).
const supergraph = fi.Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8'));
const apiSchema = supergraph.apiSchema();
const planner = new QueryPlanner(supergraph);
const supergraphSchema = supergraph.schema.toGraphQLJSSchema();
const apiGraphQLSchema = apiSchema.toGraphQLJSSchema();

type Answer = { data?: unknown; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> } | Error;
/** A stand-in subgraph: answers each call from what it was asked (a fresh object each time, as JSON.parse gives). */
type Subgraph = (request: { query: string; variables: Record<string, any> }) => Answer;

/** A result as JSON, its errors (GraphQLErrors or not) by message, path and extensions. */
function plain(result: { data?: unknown; errors?: readonly any[]; extensions?: { valueCompletion?: readonly any[] } }): any {
  const errors = (list?: readonly any[]) => list?.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions }));
  return JSON.parse(JSON.stringify({ data: result.data, errors: errors(result.errors), valueCompletion: errors(result.extensions?.valueCompletion) }));
}

/** Both executors over the same plan and the same stand-in subgraphs; what each answered, as JSON. */
async function bothRun(query: string, subgraphs: Record<string, Subgraph>, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = fi.operationFromDocument(apiSchema, document, { validate: false });
  const plan = planner.buildQueryPlan(operation);
  const run = async (execute: typeof executeQueryPlan) => {
    const calls: string[] = [];
    const serviceMap = Object.fromEntries(
      supergraph
        .subgraphs()
        .values()
        .map((s) => [
          s.name,
          {
            process: async ({ request }: { request: { query: string; variables: Record<string, any> } }) => {
              calls.push(s.name);
              const answer = subgraphs[s.name]?.(request) ?? new Error(`no stand-in for ${s.name}`);
              if (answer instanceof Error) throw answer;
              return structuredClone(answer);
            },
          } as never,
        ]),
    );
    const operationContext = buildOperationContext({ schema: apiGraphQLSchema, operationDocument: document });
    const result = await execute(
      plan,
      serviceMap,
      { request: { variables }, context: {}, metrics: {} } as never,
      operationContext as never,
      supergraphSchema,
      apiSchema,
    );
    return { result: plain(result), calls: calls.sort() };
  };
  const ours = await run(executeQueryPlan);
  expect(ours).toEqual(await run(apolloExecuteQueryPlan));
  return ours;
}

const ROSTER = `query($id: ID!) { cohort(id: $id) { name track enrollments(first: 50) { nodes { status citizen { id
  reservist { kind skills { level skill { code } } } placements { status } credits { ectsCredits module { title } } } } } } }`;
const citizens = ['c1', 'c2', 'c3', 'c4'];
const cohortOf = (nodes: unknown[]) => ({ data: { cohort: { name: 'Cohorte', track: 'AI', enrollments: { nodes } } } });
const education: Subgraph = () => cohortOf(citizens.map((id) => ({ status: 'ENROLLED', citizen: { __typename: 'Citizen', id } })));
/** Each representation answered by `entity`, in order. */
const entities =
  (entity: (rep: { id: string }, i: number) => unknown): Subgraph =>
  ({ variables }) => ({ data: { _entities: variables.representations.map(entity) } });
const armedForces = entities((rep) => ({ reservist: rep.id === 'c2' ? null : { kind: 'CITIZEN', skills: [{ level: 2, skill: { code: 'ECF.A.9' } }] } }));
const economy = entities(() => ({ placements: [{ status: 'ACTIVE' }] }));
const universities = entities((rep) => ({ credits: [{ ectsCredits: 6, module: { title: `Module of ${rep.id}` } }] }));

describe("our plan executor and Apollo's agree", () => {
  it('on a roster across four subgraphs', async () => {
    const { result, calls } = await bothRun(ROSTER, { education, 'armed-forces': armedForces, economy, universities }, { id: 'x' });
    expect(result.errors).toBeUndefined();
    expect(result.data.cohort.enrollments.nodes).toHaveLength(4);
    expect(result.data.cohort.enrollments.nodes[1].citizen.reservist).toBeNull();
    expect(result.data.cohort.enrollments.nodes[0].citizen).toEqual({
      id: 'c1',
      reservist: { kind: 'CITIZEN', skills: [{ level: 2, skill: { code: 'ECF.A.9' } }] },
      placements: [{ status: 'ACTIVE' }],
      credits: [{ ectsCredits: 6, module: { title: 'Module of c1' } }],
    });
    expect(calls).toEqual(['armed-forces', 'economy', 'education', 'universities']);
  });

  it('on errors at entity indexes, with and without a code, and on a root field', async () => {
    const failing: Subgraph = ({ variables }) => ({
      data: { _entities: variables.representations.map((_: unknown, i: number) => (i === 1 ? null : { credits: [] })) },
      errors: [
        { message: 'not yours', path: ['_entities', 1, 'credits'], extensions: { code: 'FORBIDDEN' } },
        { message: 'broken', path: ['_entities', 2] },
        { message: '', path: ['_entities'] },
      ],
    });
    const { result } = await bothRun(ROSTER, { education, 'armed-forces': armedForces, economy, universities: failing }, { id: 'x' });
    expect(result.errors.map((e: any) => [e.message, e.path, e.extensions.code, e.extensions.serviceName])).toEqual([
      ['not yours', ['cohort', 'enrollments', 'nodes', 1, 'citizen', 'credits'], 'FORBIDDEN', 'universities'],
      ['broken', ['cohort', 'enrollments', 'nodes', 2, 'citizen'], 'DOWNSTREAM_SERVICE_ERROR', 'universities'],
      [
        'Error while fetching subquery from service "universities"',
        ['cohort', 'enrollments', 'nodes', '@', 'citizen', '_entities'],
        'DOWNSTREAM_SERVICE_ERROR',
        'universities',
      ],
    ]);
    const root = await bothRun('{ cohort(id: "x") { name } }', {
      education: () => ({ data: { cohort: null }, errors: [{ message: 'gone', path: ['cohort'], extensions: { code: 'NOT_FOUND' } }] }),
    });
    expect(root.result.errors[0]).toMatchObject({ message: 'gone', path: ['cohort'], extensions: { code: 'NOT_FOUND', serviceName: 'education' } });
  });

  it('on a subgraph call that fails and on a wrong number of entities: errors, the rest answered', async () => {
    const { result } = await bothRun(
      ROSTER,
      {
        education,
        'armed-forces': () => new Error('connect ECONNREFUSED'),
        economy: ({ variables }) => ({ data: { _entities: variables.representations.slice(1).map(() => ({ placements: [] })) } }),
        universities,
      },
      { id: 'x' },
    );
    expect(result.errors.map((e: any) => e.message).sort()).toEqual([
      `Expected "data._entities" to contain ${citizens.length} elements`,
      'connect ECONNREFUSED',
    ]);
    expect(result.data.cohort.enrollments.nodes[0].citizen.credits).toHaveLength(1);
  });

  it('on null and keyless entities (fetched for none of them; the nulls bubble up) and on nothing to fetch', async () => {
    const sent: number[] = [];
    const counting: Subgraph = (request) => {
      sent.push(request.variables.representations.length);
      return universities(request);
    };
    const { result } = await bothRun(
      ROSTER,
      {
        education: () =>
          cohortOf([
            { status: 'ENROLLED', citizen: { __typename: 'Citizen', id: 'c1' } },
            { status: 'ENROLLED', citizen: null },
            null,
            { status: 'ENROLLED', citizen: { __typename: 'Citizen' } },
          ]),
        'armed-forces': armedForces,
        economy,
        universities: counting,
      },
      { id: 'x' },
    );
    expect(sent).toEqual([1, 1]); // c1 alone, by each executor
    expect(result.data.cohort.enrollments).toBeNull();
    expect(result.valueCompletion.length).toBeGreaterThan(0);
    const none = await bothRun(ROSTER, { education: () => cohortOf([]) }, { id: 'x' });
    expect(none.calls).toEqual(['education']);
  });

  it('on introspection and on plans it leaves to Apollo', async () => {
    const before = { ...executions };
    const { result } = await bothRun('{ __typename t: __type(name: "Cohort") { name } }', {});
    expect(result.data).toEqual({ __typename: 'Query', t: { name: 'Cohort' } });
    expect(executions.apollo - before.apollo).toBe(1);
    expect(executions.ours - before.ours).toBe(0);
  });
});

describe('the running gateway', () => {
  let fed: Federation;
  beforeAll(async () => {
    fed = await bootFederation();
  }, 120_000);
  afterAll(async () => {
    usePlanExecution('ours');
    await fed?.stop();
  });

  /** The same request answered by the gateway with each executor. */
  async function both(query: string, variables: Record<string, unknown> = {}, authorization?: string) {
    usePlanExecution('apollo');
    const apollo = await fed.query(query, variables, undefined, authorization);
    usePlanExecution('ours');
    const before = executions.ours;
    const ours = await fed.query(query, variables, undefined, authorization);
    expect(ours).toEqual(apollo);
    return { answer: ours, ranOurs: executions.ours > before };
  }

  it("answers every bench scenario's requests as Apollo's executor does, running the plans itself", async () => {
    for (const scenario of SCENARIOS.filter((s) => !s.write)) {
      const requests = await scenario.pool({ query: async (q, v) => (await fed.query(q, v)).data, token: async () => '' });
      for (const { variables } of requests.slice(0, 3)) {
        const { answer, ranOurs } = await both(scenario.query, variables);
        expect(answer.errors).toBeUndefined();
        expect(ranOurs).toBe(true);
      }
    }
  });

  it('answers fragments, aliases, __typename, @skip/@include and unknown ids alike', async () => {
    const { data } = await fed.query('{ cohorts(first: 1, filter: { startsOnOrBefore: "2026-06-30" }) { nodes { id } } }');
    const id = data.cohorts.nodes[0].id;
    const query = `query($id: ID!, $lean: Boolean!) { cohort(id: $id) { __typename ...C enrollments(first: 5) { nodes { citizen { id t: __typename
      reservist @skip(if: $lean) { kind } credits @include(if: $lean) { ectsCredits } ... on Citizen { placements { status } } } } } }
      nobody: cohort(id: "00000000-0000-0000-0000-000000000000") { name } }
      fragment C on Cohort { name track }`;
    for (const lean of [true, false]) {
      const { answer } = await both(query, { id, lean });
      expect(answer.data.cohort.enrollments.nodes).toHaveLength(5);
      expect(answer.errors?.map((e: any) => [e.path, e.extensions.code])).toEqual([[['nobody'], 'NOT_FOUND']]);
    }
  });
});
