// The whole federation through the gateway: queries that cross all five subgraphs, and the
// errors a caller gets for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '@snn/platform/testing';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
beforeAll(async () => {
  fed = await bootFederation();
});
afterAll(async () => {
  await fed?.stop();
});

const ROSTER = /* GraphQL */ `
  query Roster($id: ID!, $first: Int) {
    cohort(id: $id) {
      name
      track
      region {
        code
        name
        level
      }
      enrollments(first: $first) {
        totalCount
        nodes {
          status
          citizen {
            id
            department {
              code
              name
              region {
                code
              }
            }
            reservist {
              engagement
              skills {
                level
                skill {
                  code
                  name
                  framework
                }
              }
            }
            placements {
              status
              offer {
                title
                track
                organisation {
                  name
                  nafCode
                }
              }
            }
            credits {
              ectsCredits
              grade
              status
              module {
                title
                university {
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`;

async function busiestCohortId(): Promise<string> {
  const { data } = await fed.query(
    '{ cohorts(first: 200, filter: { territory: "R11", track: CYBERSECURITY, startsOnOrBefore: "2025-12-31" }) { nodes { id enrollments(first: 0) { totalCount } } } }',
  );
  const nodes = data.cohorts.nodes as Array<{ id: string; enrollments: { totalCount: number } }>;
  return nodes.sort((a, b) => b.enrollments.totalCount - a.enrollments.totalCount)[0]!.id;
}

describe('one graph over five owners', () => {
  it('answers a cohort roster that crosses all five subgraphs', async () => {
    const id = await busiestCohortId();
    const { data, errors } = await fed.query(ROSTER, { id, first: 100 });
    expect(errors).toBeUndefined();
    const cohort = data.cohort;
    expect(cohort.region).toEqual({ code: 'R11', name: 'Île-de-France', level: 'REGION' });
    expect(cohort.enrollments.nodes.length).toBe(Math.min(100, cohort.enrollments.totalCount));
    const citizens = cohort.enrollments.nodes.map((n: any) => n.citizen);
    // Every citizen of an Île-de-France cohort lives in one of its départements (owned by solidarity).
    for (const c of citizens) expect(c.department.region.code).toBe('R11');
    // Reserve (armed-forces), placements (economy) and credits (universities) are all reachable.
    expect(citizens.some((c: any) => c.reservist && c.reservist.skills.length > 0 && c.reservist.skills[0].skill.name)).toBe(true);
    expect(citizens.some((c: any) => c.placements.length > 0 && c.placements[0].offer.organisation.name)).toBe(true);
    expect(citizens.some((c: any) => c.credits.length > 0 && c.credits[0].module.university.name)).toBe(true);
    for (const c of citizens) for (const p of c.placements) expect(p.offer.track).toBe(cohort.track);
  });

  it('names a reservist’s skills as education does, without asking education (armed forces @provides the name)', async () => {
    const id = await busiestCohortId();
    const roster = (fields: string) => `query ($id: ID!) { cohort(id: $id) { enrollments(first: 100) { nodes { citizen {
      reservist { skills { skill { ${fields} } } } } } } } }`;
    const educationStatements = async (query: string) => {
      const since = fed.statementsSince();
      const res = await fed.query(query, { id });
      expect(res.errors).toBeUndefined();
      return { data: res.data, statements: since().education };
    };
    const codesOnly = await educationStatements(roster('code'));
    const named = await educationStatements(roster('code name'));
    // The names cost education nothing: no fetch of its own after the armed forces'.
    expect(named.statements).toBe(codesOnly.statements);
    const skills = new Map<string, string>();
    for (const n of named.data.cohort.enrollments.nodes) for (const s of n.citizen.reservist?.skills ?? []) skills.set(s.skill.code, s.skill.name);
    expect(skills.size).toBeGreaterThan(0);
    const owned = await fed.query(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Skill { code name } } }`,
      { r: [...skills.keys()].map((code) => ({ __typename: 'Skill', code })) },
      fed.subgraphs.education.url,
    );
    expect(owned.errors).toBeUndefined();
    expect(new Map(owned.data._entities.map((s: { code: string; name: string }) => [s.code, s.name]))).toEqual(skills);
  });

  it('adds every owner’s figures to a territory', async () => {
    const { data, errors } = await fed.query(`{
      territory(code: "R53") {
        name population departments { code }
        cohorts(first: 3) { totalCount nodes { track } }
        internshipOffers(first: 3) { nodes { location { code } } }
        universities { nodes { name } }
        mobilisationOrders(first: 5) { nodes { kind } }
        indicators(first: 5) { totalCount nodes { period value status indicator { code } } }
      }
    }`);
    expect(errors).toBeUndefined();
    const t = data.territory;
    expect(t.name).toBe('Bretagne');
    expect(t.departments.map((d: any) => d.code).sort()).toEqual(['22', '29', '35', '56']);
    expect(t.cohorts.totalCount).toBe(4 * 6);
    expect(t.universities.nodes.map((u: any) => u.name)).toContain('Université de Rennes');
    for (const o of t.internshipOffers.nodes) expect(['22', '29', '35', '56']).toContain(o.location.code);
    expect(t.indicators.totalCount).toBeGreaterThan(0);
  });

  it('lists the 18 regions and 101 départements by INSEE code', async () => {
    const { data } = await fed.query(
      '{ r: territories(first: 200, filter: { level: REGION }) { totalCount } d: territories(first: 200, filter: { level: DEPARTMENT }) { totalCount nodes { code } } }',
    );
    expect(data.r.totalCount).toBe(18);
    expect(data.d.totalCount).toBe(101);
    const codes = data.d.nodes.map((n: any) => n.code);
    expect(codes).toEqual(expect.arrayContaining(['2A', '2B', '971', '972', '973', '974', '976']));
    expect(codes).not.toContain('20');
  });

  it('filters reservists, offers and modules by territory, track and status', async () => {
    const { data, errors } = await fed.query(`{
      reservists(first: 50, filter: { territory: "R11" }) { nodes { department { code region { code } } } }
      internshipOffers(first: 50, filter: { territory: "69", track: AI, status: PUBLISHED }) { nodes { track status location { code } } }
      modules(first: 50, filter: { track: PROGRAMMING }) { nodes { track ectsCredits } }
    }`);
    expect(errors).toBeUndefined();
    for (const r of data.reservists.nodes) expect(r.department.region.code).toBe('R11');
    for (const o of data.internshipOffers.nodes) expect(o).toEqual({ track: 'AI', status: 'PUBLISHED', location: { code: '69' } });
    expect(data.modules.nodes.length).toBeGreaterThan(0);
    for (const m of data.modules.nodes) expect(m.track).toBe('PROGRAMMING');
  });
});

describe('bad input gets a stable code, never a stack trace', () => {
  it('a territory that is not an INSEE code is BAD_USER_INPUT', async () => {
    for (const q of [
      '{ cohorts(filter: { territory: "Bretagne" }) { totalCount } }',
      '{ reservists(filter: { territory: "999" }) { totalCount } }',
      '{ internshipOffers(filter: { territory: "20" }) { totalCount } }',
    ]) {
      const { errors } = await fed.query(q);
      expect(errors?.[0]?.extensions?.code, q).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(/INSEE/);
      expect(JSON.stringify(errors)).not.toMatch(/stacktrace|at .*\.ts/);
    }
  });

  it('an unknown id is NOT_FOUND, a malformed one BAD_USER_INPUT', async () => {
    const unknown = await fed.query('{ cohort(id: "00000000-0000-4000-8000-000000000000") { name } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const malformed = await fed.query('{ citizen(id: "not-a-uuid") { id } }');
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a malformed query is GRAPHQL_PARSE_FAILED with HTTP 400, an unknown field GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await fetch(fed.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await bearer() },
      body: JSON.stringify({ query: '{ cohorts( ' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await fed.query('{ cohorts { nope } }');
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a page size out of range or a forged cursor is BAD_USER_INPUT', async () => {
    expect((await fed.query('{ cohorts(first: 100000) { totalCount } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await fed.query('{ cohorts(after: "!!") { totalCount } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a body that is not JSON is a 400 with a GraphQL error', async () => {
    const res = await fetch(fed.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await bearer() },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
