// Partial failure: a database that goes away and comes back, and a subgraph that is down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, startSubgraph, type RunningSubgraph } from '@snn/platform';
import { createTestDatabase, postGraphQL, testAuthConfig, testDatabaseKind, type TestDatabase } from '@snn/platform/testing';
import education from '@snn/education';
import { bootFederation, type Federation } from './helpers/federation';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy';

const post = async (url: string, query: string) => (await postGraphQL(url, query)).body;

// An embedded database cannot go away under its own process: this is a PostgreSQL scenario.
describe.skipIf(testDatabaseKind() !== 'postgres')('a subgraph whose PostgreSQL goes away', () => {
  let proxy: TcpProxy;
  let testDb: TestDatabase;
  let service: RunningSubgraph;

  beforeAll(async () => {
    testDb = await createTestDatabase('outage');
    const url = new URL((testDb.options as { url: string }).url);
    proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), max: 2 });
    service = await startSubgraph(education, { database, port: 0, seed: { citizens: 50, seed: 3 }, auth: await testAuthConfig() });
  });
  afterAll(async () => {
    await service?.stop();
    await service?.database.close();
    await proxy?.close();
    await testDb?.drop();
  });

  it('is not ready and answers SERVICE_UNAVAILABLE while the database is down, then recovers without a restart', async () => {
    const ready = () => fetch(service.url.replace('/graphql', '/health/ready')).then((r) => r.status);
    expect(await ready()).toBe(200);
    expect((await post(service.url, '{ cohorts { totalCount } }')).data.cohorts.totalCount).toBe(18 * 4 * 6);

    await proxy.cut();
    expect(await ready()).toBe(503);
    expect(await fetch(service.url.replace('/graphql', '/health/live')).then((r) => r.status)).toBe(200);
    const down = await post(service.url, '{ cohorts { totalCount } }');
    expect(down.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(down.errors?.[0]?.message).not.toMatch(/127\.0\.0\.1|ECONN/);

    await proxy.restore();
    await expect.poll(ready, { timeout: 10_000 }).toBe(200);
    expect((await post(service.url, '{ cohorts { totalCount } }')).data.cohorts.totalCount).toBe(18 * 4 * 6);
  });
});

describe('a subgraph that is down', () => {
  let fed: Federation;
  beforeAll(async () => {
    fed = await bootFederation();
  });
  afterAll(async () => {
    await fed?.stop();
  });

  it('costs only its own fields: the gateway returns the rest and SERVICE_UNAVAILABLE', async () => {
    const ids = await fed.query('{ cohorts(first: 1) { nodes { id } } internshipOffers(first: 1) { nodes { id } } }');
    const cohortId = ids.data.cohorts.nodes[0].id;
    const offerId = ids.data.internshipOffers.nodes[0].id;
    await fed.subgraphs.economy.stop();
    const query = 'query($c: ID!, $o: ID!) { cohort(id: $c) { id track } internshipOffer(id: $o) { title } }';
    const { data, errors } = await fed.query(query, { c: cohortId, o: offerId });
    expect(data?.cohort.id).toBe(cohortId);
    expect(data?.internshipOffer).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(errors?.[0]?.message).not.toMatch(/localhost|127\.0\.0\.1/);

    // Root lists too are nullable: an owner down loses its own lists, not the others' answers.
    const lists = await fed.query(
      '{ cohorts(first: 2) { nodes { id } } internshipOffers(first: 2) { nodes { id } } organisations(first: 1) { totalCount } skills { code } }',
    );
    expect(lists.data?.cohorts.nodes).toHaveLength(2);
    expect(lists.data?.skills.length).toBeGreaterThan(0);
    expect(lists.data?.internshipOffers).toBeNull();
    expect(lists.data?.organisations).toBeNull();
    // One error for the one fetch that failed (both lists came from it).
    expect(lists.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
  });
});
