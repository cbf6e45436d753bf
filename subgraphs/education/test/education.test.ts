// The education subgraph alone, over real HTTP on port 0 and a real database (PGlite, or
// PostgreSQL when TEST_DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import education from '../src/server';

let service: TestSubgraph;

const gql = (query: string, variables: Record<string, unknown> = {}) => service.gql(query, variables);

beforeAll(async () => {
  service = await startTestSubgraph(education, { citizens: 400, seed: 7 });
});
afterAll(async () => {
  await service?.stop();
});

describe('education subgraph', () => {
  it('pages through cohorts with a cursor, without repeating or skipping any', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { data } = await gql('query($after: String) { cohorts(first: 50, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }', {
        after,
      });
      total = data.cohorts.totalCount;
      seen.push(...data.cohorts.nodes.map((n: { id: string }) => n.id));
      after = data.cohorts.pageInfo.hasNextPage ? data.cohorts.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(total).toBe(18 * 4 * 6);
  });

  it("pages through a cohort's enrolments with a cursor as one whole page gives them", async () => {
    const whole = await gql('{ cohorts(first: 200) { nodes { id enrollments(first: 200) { totalCount nodes { id status } } } } }');
    const cohorts: Array<{ id: string; enrollments: { totalCount: number; nodes: Array<{ id: string }> } }> = whole.data.cohorts.nodes;
    // The three largest: several pages each.
    const largest = [...cohorts].sort((a, b) => b.enrollments.totalCount - a.enrollments.totalCount).slice(0, 3);
    expect(largest[2]!.enrollments.totalCount).toBeGreaterThan(3);
    for (const cohort of largest) {
      const seen: Array<{ id: string }> = [];
      let after: string | null = null;
      do {
        // Both statement shapes, the first page without a cursor and the next ones with one.
        const { data, errors } = await gql(
          'query($id: ID!, $after: String) { cohort(id: $id) { enrollments(first: 3, after: $after) { nodes { id status } pageInfo { hasNextPage endCursor } } } }',
          { id: cohort.id, after },
        );
        expect(errors).toBeUndefined();
        seen.push(...data.cohort.enrollments.nodes);
        after = data.cohort.enrollments.pageInfo.hasNextPage ? data.cohort.enrollments.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(cohort.enrollments.nodes);
      expect(seen.length).toBe(cohort.enrollments.totalCount);
    }
  });

  it('filters cohorts by INSEE territory: a département means its region', async () => {
    const { data } = await gql('{ cohorts(first: 200, filter: { territory: "2A", track: AI }) { nodes { track region { code } } } }');
    expect(data.cohorts.nodes.length).toBe(6);
    for (const c of data.cohorts.nodes) expect(c).toEqual({ track: 'AI', region: { code: 'R94' } });
  });

  it('rejects a territory code that is not INSEE with BAD_USER_INPUT', async () => {
    const { data, errors } = await gql('{ cohorts(filter: { territory: "Paris" }) { totalCount } }');
    expect(data?.cohorts ?? null).toBeNull();
    expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/INSEE/);
  });

  it('answers NOT_FOUND for an unknown cohort and BAD_USER_INPUT for a malformed id', async () => {
    const missing = await gql('{ cohort(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(missing.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const malformed = await gql('{ cohort(id: "42") { id } }');
    expect(malformed.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('loads enrolments of many cohorts in a fixed number of statements', async () => {
    const query = 'query($n: Int) { cohorts(first: $n) { nodes { enrollments(first: 5) { totalCount nodes { status citizen { birthDate } } } } } }';
    const count = async (n: number) => {
      const before = service.database.stats.statements;
      const { errors } = await gql(query, { n });
      expect(errors).toBeUndefined();
      return service.database.stats.statements - before;
    };
    expect(await count(2)).toBe(await count(150));
  });

  it("answers an enrolment's citizen reference without reading the citizen, and reads it for more", async () => {
    const { data } = await gql('{ cohorts(first: 100) { nodes { id enrollments(first: 1) { totalCount } } } }');
    const cohort = data.cohorts.nodes.find((c: any) => c.enrollments.totalCount > 0).id;
    const statements = async (citizenFields: string) => {
      const before = service.database.stats.statements;
      const res = await gql(`query($id: ID!) { cohort(id: $id) { enrollments(first: 5) { nodes { citizen { ${citizenFields} } } } } }`, { id: cohort });
      expect(res.errors).toBeUndefined();
      return { n: service.database.stats.statements - before, nodes: res.data.cohort.enrollments.nodes };
    };
    const ids = await statements('id __typename');
    const rows = await statements('id birthDate');
    expect(rows.nodes.length).toBeGreaterThan(0);
    expect(ids.n).toBe(2); // the cohort and its page of enrolments; no citizen row
    expect(rows.n).toBeGreaterThan(ids.n); // the citizens (and the audit of a personal field)
    expect(ids.nodes.map((e: any) => e.citizen.id)).toEqual(rows.nodes.map((e: any) => e.citizen.id));
    expect(ids.nodes[0].citizen.__typename).toBe('Citizen');
    expect(rows.nodes.every((e: any) => typeof e.citizen.birthDate === 'string')).toBe(true);
  });

  it('resolves Citizen and Cohort entities for the gateway, null for unknown keys', async () => {
    const { data } = await gql('{ citizens(first: 1) { nodes { id enrollments { cohort { id } } } } }');
    const citizenId = data.citizens.nodes[0].id;
    const cohortId = data.citizens.nodes[0].enrollments[0].cohort.id;
    const res = await gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { id graduate } ... on Cohort { id track } } }', {
      r: [
        { __typename: 'Citizen', id: citizenId },
        { __typename: 'Cohort', id: cohortId },
        { __typename: 'Citizen', id: '00000000-0000-4000-8000-000000000000' },
      ],
    });
    expect(res.data._entities[0].id).toBe(citizenId);
    expect(res.data._entities[1].id).toBe(cohortId);
    expect(res.data._entities[2]).toBeNull();
  });

  it('resolves malformed entity keys to null without failing the rest of the batch', async () => {
    const { data } = await gql('{ citizens(first: 1) { nodes { id } } }');
    const res = await gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { id } ... on Cohort { id } } }', {
      r: [
        { __typename: 'Citizen', id: 'not-a-uuid' },
        { __typename: 'Cohort', id: '42' },
        { __typename: 'Citizen', id: data.citizens.nodes[0].id },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([null, null, { id: data.citizens.nodes[0].id }]);
  });

  it('answers the health probes', async () => {
    const base = service.url.replace('/graphql', '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
