// Subgraphs run operations compiled by graphql-jit where it is exact, and on graphql-js elsewhere
// (platform/src/executor.ts). The same subgraph is started a second time on the same database with
// Apollo Server's own graphql-js execution, and every request here must get the same status and
// the same answer from both: data, errors, codes and paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraph, type RunningSubgraph, type SubgraphName } from '@snn/platform';
import { bearer, postGraphQL, testAuthConfig } from '@snn/platform/testing';
import { bootFederation, type Federation } from './helpers/federation';
import { DEFINITIONS } from './helpers/subgraphs';

let fed: Federation;
const reference = {} as Record<SubgraphName, RunningSubgraph>;
let citizens: string[];

beforeAll(async () => {
  fed = await bootFederation();
  const auth = await testAuthConfig();
  for (const def of DEFINITIONS) {
    const compiled = fed.subgraphs[def.name];
    reference[def.name] = await startSubgraph(def, { database: compiled.database, port: 0, seed: false, auth, executor: 'graphql-js' });
  }
  const { data } = await fed.query(
    `{ cohorts(first: 3, filter: { startsOnOrBefore: "2026-06-30" }) { nodes { enrollments(first: 50) { nodes { citizen { id } } } } } }`,
  );
  citizens = data.cohorts.nodes.flatMap((c: any) => c.enrollments.nodes.map((e: any) => e.citizen.id));
}, 120_000);
afterAll(async () => {
  for (const s of Object.values(reference)) await s?.stop();
  await fed?.stop();
});

/** Both executions of `subgraph` answer `query` alike; returns the answer. */
async function same(subgraph: SubgraphName, query: string, variables: Record<string, unknown> = {}, authorization?: string) {
  const [compiled, plain] = await Promise.all([
    postGraphQL(fed.subgraphs[subgraph].url, query, variables, authorization),
    postGraphQL(reference[subgraph].url, query, variables, authorization),
  ]);
  expect(compiled).toEqual(plain);
  return compiled;
}

const representations = () => [...citizens.map((id) => ({ __typename: 'Citizen', id })), { __typename: 'Citizen', id: 'not-a-uuid' }];

describe('compiled and graphql-js execution answer alike', () => {
  it('entity fetches as the gateway plans them, with nested lists, enums, floats and a malformed key', async () => {
    const credits = await same(
      'universities',
      `query Roster__universities__3($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Citizen { credits { ectsCredits grade status module { title track university { name } } } totalEcts } } }`,
      { representations: representations() },
    );
    expect(credits.body.errors).toBeUndefined();
    expect(credits.body.data._entities.some((c: any) => c.credits?.length > 0)).toBe(true);
    const reserve = await same(
      'armed-forces',
      `query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Citizen { reservist { kind engagement skills { level skill { code } } } } } }`,
      { representations: representations() },
    );
    expect(reserve.body.errors).toBeUndefined();
    const placements = await same(
      'economy',
      `query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Citizen { placements { status startDate offer { title organisation { name } } } } } }`,
      { representations: representations() },
    );
    expect(placements.body.errors).toBeUndefined();
  });

  it('fields the caller may not read: FORBIDDEN at their paths, nulls where the schema allows them', async () => {
    const parliament = await bearer('parliament');
    const answer = await same(
      'universities',
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen { credits { grade } totalEcts } } }`,
      { representations: representations().slice(0, 3) },
      parliament,
    );
    expect(answer.body.errors?.map((e) => e.extensions.code)).toContain('FORBIDDEN');
    expect(answer.body.errors?.[0]?.path).toEqual(['_entities', 0, 'credits']);
  });

  it('an error that is not a GraphQL error (an unknown entity type): same message, code and path', async () => {
    const unknown = await same(
      'universities',
      'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen { totalEcts } } }',
      {
        representations: [
          { __typename: 'Citizen', id: citizens[0] },
          { __typename: 'NoSuchType', id: 'x' },
        ],
      },
    );
    expect(unknown.body.errors?.length).toBeGreaterThan(0);
  });

  it('a count asked for (lazy totalCount), and one not asked for', async () => {
    const counted = await same('solidarity', '{ territories(first: 5) { totalCount nodes { code name level } pageInfo { hasNextPage endCursor } } }');
    expect(counted.body.data.territories.totalCount).toBe(119);
    await same('solidarity', 'query($first: Int) { territories(first: $first) { nodes { code } } }', { first: 3 });
  });

  it('input objects, @include and mutations (run on graphql-js in both)', async () => {
    await same('solidarity', '{ territories(first: 50, filter: { level: REGION }) { totalCount nodes { code } } }');
    await same('solidarity', 'query($f: TerritoryFilter, $withName: Boolean!) { territories(filter: $f) { nodes { code name @include(if: $withName) } } }', {
      f: { zone: 'DROM' },
      withName: false,
    });
  });

  it('refusals before execution: a variable of the wrong type, an unknown operation, a bad argument', async () => {
    const wrongType = await same('solidarity', 'query($first: Int) { territories(first: $first) { nodes { code } } }', { first: 'ten' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    await same('solidarity', 'query A { territories { totalCount } } query B { territories { totalCount } }', {});
    const tooMany = await same('solidarity', '{ territories(first: 100000) { nodes { code } } }');
    expect(tooMany.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});
