// The gateway shares one subgraph round trip between identical queries in flight from the same
// token, and merges concurrent entity fetches of one token into one call, except when they read
// personal data: each such read must reach its owner and be audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubgraphSource } from '@snn/gateway/testing';
import { type SubgraphName } from '@snn/platform';
import { bearer, testIssuer } from '@snn/platform/testing';
import { bootFederation, metricValue, type Federation } from './helpers/federation';

let fed: Federation;
beforeAll(async () => {
  fed = await bootFederation();
});
afterAll(async () => {
  await fed?.stop();
});

/** GraphQL requests a subgraph has answered so far. */
const answered = (name: SubgraphName) => metricValue(fed.subgraphs[name].url, 'snn_http_requests_total\\{route="graphql",status="200",[^}]*\\}');
/** The gateway's entity fetches so far, and the subgraph calls they went out as. */
const entityTotals = async () => ({
  fetches: await metricValue(fed.gateway.url, 'snn_gateway_entity_fetches_total\\{[^}]*\\}'),
  calls: await metricValue(fed.gateway.url, 'snn_gateway_entity_calls_total\\{[^}]*\\}'),
});

async function concurrently(n: number, query: string, authorization: string) {
  return Promise.all(Array.from({ length: n }, () => fed.query(query, {}, undefined, authorization)));
}

describe('identical subgraph calls in flight', () => {
  it('are sent once for a query without personal data, and every caller gets the whole answer', async () => {
    const parliament = await bearer('parliament');
    const query =
      '{ territories(filter: { level: REGION }, first: 20) { nodes { code internshipOffers(first: 1) { totalCount } universities(first: 1) { totalCount } } } }';
    const [alone] = await concurrently(1, query, parliament);
    expect(alone!.errors).toBeUndefined();
    const before = await answered('economy');
    const answers = await concurrently(8, query, parliament);
    const calls = (await answered('economy')) - before;
    for (const a of answers) expect(a).toEqual(alone);
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThan(8);
  });

  it('are each sent when the query reads personal data (each read is audited by its owner)', async () => {
    const education = await bearer('education');
    const query = '{ citizens(first: 3) { nodes { id birthDate } } }';
    const before = await answered('education');
    const answers = await concurrently(6, query, education);
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect((await answered('education')) - before).toBe(6);
  });

  it('are each sent for different tokens', async () => {
    const query = '{ territories(filter: { level: REGION }, first: 20) { nodes { code internshipOffers(first: 1) { totalCount } } } }';
    const tokens = await Promise.all(Array.from({ length: 5 }, () => bearer('parliament')));
    const before = await answered('economy');
    const answers = await Promise.all(tokens.map((t) => fed.query(query, {}, undefined, t)));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect((await answered('economy')) - before).toBe(5);
  });
});

describe('entity fetches of concurrent requests from one token', () => {
  const CREDITS =
    'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Citizen { credits { ectsCredits module { title } } totalEcts } } }';
  let groups: Array<Array<{ __typename: 'Citizen'; id: string }>>;
  beforeAll(async () => {
    const { data } = await fed.query(
      `{ cohorts(first: 4, filter: { startsOnOrBefore: "2026-06-30" }) { nodes { enrollments(first: 20) { nodes { citizen { id } } } } } }`,
    );
    groups = data.cohorts.nodes.map((c: any) => c.enrollments.nodes.map((e: any) => ({ __typename: 'Citizen', id: e.citizen.id })));
    groups[1]!.push({ __typename: 'Citizen', id: 'not-a-uuid' }); // resolves to null, in its own answer
  });

  /** The gateway's data source for `universities`, as the query planner calls it for each request. */
  function source(batchEntities: boolean, operationsRunning?: () => number) {
    return new SubgraphSource<{ authorization: string; shareCalls: boolean }>(fed.subgraphs.universities.url, {
      connections: 4,
      timeoutMs: 10_000,
      batchEntities,
      operationsRunning,
    });
  }
  const fetchFor =
    (s: ReturnType<typeof source>, authorization: string, shareCalls = true) =>
    (representations: unknown[]) =>
      s.process({ kind: 'incoming operation', request: { query: CREDITS, variables: { representations } }, context: { authorization, shareCalls } } as any);

  it('go to the subgraph as one call, and each request gets the answer it gets alone', async () => {
    const authorization = await bearer();
    const batching = source(true);
    const alone = source(false);
    try {
      const expected = [];
      for (const group of groups) expected.push(await fetchFor(alone, authorization)(group));
      const before = await answered('universities');
      const merged = await Promise.all(groups.map(fetchFor(batching, authorization)));
      expect((await answered('universities')) - before).toBe(1);
      expect(merged).toEqual(expected);
      expect((merged[1] as any).data._entities.at(-1)).toBeNull();
      expect((merged[0] as any).data._entities.some((c: any) => c.credits.length > 0)).toBe(true);
    } finally {
      await batching.close();
      await alone.close();
    }
  });

  it('of an operation running alone go out at once, one call each, and merge again once others run', async () => {
    const authorization = await bearer();
    let running = 1;
    const batching = source(true, () => running);
    try {
      let before = await answered('universities');
      const alone = await Promise.all(groups.map(fetchFor(batching, authorization)));
      expect((await answered('universities')) - before).toBe(groups.length);
      running = 2;
      before = await answered('universities');
      expect(await Promise.all(groups.map(fetchFor(batching, authorization)))).toEqual(alone);
      expect((await answered('universities')) - before).toBe(1);
    } finally {
      await batching.close();
    }
  });

  it('share the answer of an identical fetch already on its way, each caller with its own copy', async () => {
    const authorization = await bearer();
    const batching = source(true);
    try {
      const before = await answered('universities');
      const first = fetchFor(batching, authorization)(groups[0]!);
      await new Promise((resolve) => setImmediate(resolve)); // the first call has gone out
      const second = fetchFor(batching, authorization)(groups[0]!);
      const [a, b] = (await Promise.all([first, second])) as any[];
      expect((await answered('universities')) - before).toBe(1);
      expect(b).toEqual(a);
      a.data._entities[0].merged = true; // what the gateway does with its answer
      expect(b.data._entities[0].merged).toBeUndefined();
    } finally {
      await batching.close();
    }
  });

  it("keep each item's errors with its own request, at its own index", async () => {
    const noCredits = `Bearer ${await (await testIssuer()).sign({ sub: 'snn-test:no-credits', scope: 'citizen:read cohort:read' })}`;
    const batching = source(true);
    const alone = source(false);
    try {
      const expected = [];
      for (const group of groups) expected.push(await fetchFor(alone, noCredits)(group));
      expect((expected[2] as any).errors.map((e: any) => e.extensions.code)).toContain('FORBIDDEN');
      expect((expected[2] as any).errors.every((e: any) => e.path[1] < groups[2]!.length)).toBe(true);
      expect(await Promise.all(groups.map(fetchFor(batching, noCredits)))).toEqual(expected);
    } finally {
      await batching.close();
      await alone.close();
    }
  });

  it('are sent apart for different tokens and for queries that read personal data', async () => {
    const batching = source(true);
    try {
      const tokens = await Promise.all(groups.map(() => bearer()));
      let before = await answered('universities');
      await Promise.all(groups.map((group, i) => fetchFor(batching, tokens[i]!)(group)));
      expect((await answered('universities')) - before).toBe(groups.length);
      before = await answered('universities');
      await Promise.all(groups.map(fetchFor(batching, tokens[0]!, false)));
      expect((await answered('universities')) - before).toBe(groups.length);
    } finally {
      await batching.close();
    }
  });

  it('through the gateway, answer concurrent rosters as they answer one at a time', async () => {
    const roster = `query($id: ID!) { cohort(id: $id) { enrollments(first: 20) { nodes { citizen { id
      reservist { kind skills { level skill { code } } } placements { status } credits { ectsCredits } } } } } }`;
    const { data } = await fed.query(`{ cohorts(first: 6, filter: { startsOnOrBefore: "2026-06-30" }) { nodes { id } } }`);
    const ids: string[] = data.cohorts.nodes.map((c: any) => c.id);
    const expected = [];
    const t0 = await entityTotals();
    for (const id of ids) expected.push(await fed.query(roster, { id }));
    const t1 = await entityTotals();
    const together = await Promise.all(ids.map((id) => fed.query(roster, { id })));
    const t2 = await entityTotals();
    expect(together).toEqual(expected);
    for (const answer of together) expect(answer.errors).toBeUndefined();
    // One at a time, every fetch is a call of its own; together, never more calls than fetches.
    expect(t1.fetches - t0.fetches).toBeGreaterThanOrEqual(ids.length);
    expect(t1.calls - t0.calls).toBe(t1.fetches - t0.fetches);
    expect(t2.fetches - t1.fetches).toBe(t1.fetches - t0.fetches);
    expect(t2.calls - t1.calls).toBeLessThanOrEqual(t2.fetches - t1.fetches);
  });
});
