// The universities subgraph alone, over real HTTP on port 0 and a real database (PGlite, or
// PostgreSQL when TEST_DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import { Universe, type CitizenFacts } from '@snn/platform/demo';
import universities from '../src/server';

const SEED = { citizens: 400, seed: 7 };
let service: TestSubgraph;

const gql = (query: string, variables: Record<string, unknown> = {}) => service.gql(query, variables);

/** Every node of a paginated root field, following cursors. */
async function all(field: string, selection: string, filter = '{}') {
  const nodes: any[] = [];
  let after: string | null = null;
  do {
    const { data, errors } = await gql(
      `query($after: String) { ${field}(first: 200, after: $after, filter: ${filter}) { nodes { ${selection} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    expect(errors).toBeUndefined();
    nodes.push(...data[field].nodes);
    after = data[field].pageInfo.hasNextPage ? data[field].pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

beforeAll(async () => {
  service = await startTestSubgraph(universities, SEED);
});
afterAll(async () => {
  await service?.stop();
});

describe('universities subgraph', () => {
  it('pages through universities with a cursor, without repeating or skipping any', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { data } = await gql(
        'query($after: String) { universities(first: 7, after: $after) { totalCount nodes { id uai } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      total = data.universities.totalCount;
      for (const u of data.universities.nodes) expect(u.uai).toBe(u.id);
      seen.push(...data.universities.nodes.map((n: { id: string }) => n.id));
      after = data.universities.pageInfo.hasNextPage ? data.universities.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(total).toBe(new Universe(SEED.seed, SEED.citizens).universities.length);
  });

  it('filters universities by INSEE territory: a region covers its départements', async () => {
    const region = await gql('{ universities(filter: { territory: "R11" }) { totalCount nodes { name region { code } department { code } } } }');
    expect(region.data.universities.totalCount).toBe(2);
    for (const u of region.data.universities.nodes) expect(u.region.code).toBe('R11');
    const dep = await gql('{ universities(filter: { territory: "2B" }) { nodes { name department { code } region { code } } } }');
    expect(dep.data.universities.nodes).toEqual([{ name: 'Université de Corse', department: { code: '2B' }, region: { code: 'R94' } }]);
    const bad = await gql('{ universities(filter: { territory: "Paris" }) { totalCount } }');
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/INSEE/);
  });

  it('looks a university up by UAI: NOT_FOUND when unknown, BAD_USER_INPUT when malformed', async () => {
    const { data } = await gql('{ universities(first: 1) { nodes { id name } } }');
    const { id, name } = data.universities.nodes[0];
    expect((await gql('query($id: ID!) { university(id: $id) { name } }', { id: id.toLowerCase() })).data.university.name).toBe(name);
    // 0755890V is a well-formed UAI (Sorbonne's real one) that the demo universe does not hold.
    expect((await gql('{ university(id: "0755890V") { id } }')).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    for (const bad of ['42', '0755890A', '075589V']) {
      const res = await gql('query($id: ID!) { university(id: $id) { id } }', { id: bad });
      expect(res.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/UAI/);
    }
  });

  it('filters modules by territory, track, university and language', async () => {
    const corse = await gql(
      '{ modules(first: 50, filter: { territory: "R94", track: AI }) { totalCount nodes { track university { department { code } } } } }',
    );
    expect(corse.data.modules.totalCount).toBe(4);
    for (const m of corse.data.modules.nodes) expect(m).toEqual({ track: 'AI', university: { department: { code: '2B' } } });

    const english = await all('modules', 'language', '{ language: "EN" }');
    expect(english.length).toBeGreaterThan(0);
    for (const m of english) expect(m.language).toBe('en');

    const { data } = await gql('{ universities(first: 1) { nodes { id } } }');
    const uai = data.universities.nodes[0].id;
    const own = await gql('query($u: ID!) { modules(first: 50, filter: { universityId: $u }) { totalCount nodes { university { id } } } }', { u: uai });
    expect(own.data.modules.totalCount).toBe(16);
    for (const m of own.data.modules.nodes) expect(m.university.id).toBe(uai);

    for (const filter of ['{ language: "french" }', '{ universityId: "X" }', '{ territory: "R99" }']) {
      expect((await gql(`{ modules(filter: ${filter}) { totalCount } }`)).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('describes modules in ECTS: 25–30 hours of work per credit, skills taught from the reference', async () => {
    const modules = await all('modules', 'code ectsCredits hours skillsTaught { code }');
    expect(modules.length).toBe(new Universe(SEED.seed, SEED.citizens).modules.length);
    for (const m of modules) {
      expect(m.hours).toBeGreaterThanOrEqual(25 * m.ectsCredits);
      expect(m.hours).toBeLessThanOrEqual(30 * m.ectsCredits);
      expect(m.skillsTaught).toHaveLength(3);
      for (const s of m.skillsTaught) expect(s.code).toMatch(/^(ECF|ECSF|DIGCOMP)\./);
    }
    const one = await gql('query($c: ID!) { module(code: $c) { code title } }', { c: modules[0].code });
    expect(one.data.module.code).toBe(modules[0].code);
    expect((await gql('{ module(code: "0755890V-CYB1") { code } }')).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await gql('{ module(code: "CYB1") { code } }')).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('pages a university’s modules per parent, with a per-track total', async () => {
    const q =
      'query($after: String) { universities(first: 3) { nodes { modules(first: 3, after: $after, track: CYBERSECURITY) { totalCount nodes { code track } pageInfo { hasNextPage endCursor } } } } }';
    const first = await gql(q);
    for (const u of first.data.universities.nodes) {
      expect(u.modules.totalCount).toBe(4);
      expect(u.modules.nodes).toHaveLength(3);
      expect(u.modules.pageInfo.hasNextPage).toBe(true);
    }
    const firstUni = first.data.universities.nodes[0].modules;
    const next = await gql(q, { after: firstUni.pageInfo.endCursor });
    const rest = next.data.universities.nodes[0].modules;
    expect(rest.nodes).toHaveLength(1);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(firstUni.nodes.map((n: { code: string }) => n.code)).not.toContain(rest.nodes[0].code);
  });

  it('seeds credits only for passed modules of the citizen’s track, at the universities of their region', async () => {
    const universe = new Universe(SEED.seed, SEED.citizens);
    const citizens = new Map<string, CitizenFacts>();
    for (let i = 0; i < universe.citizenCount; i++) citizens.set(universe.citizen(i).id, universe.citizen(i));
    const credits = await all(
      'creditAwards',
      'id citizen { id } module { code track ectsCredits university { id } } awardingBody { id } ectsCredits grade status assessedOn awardedOn',
    );
    expect(credits.length).toBeGreaterThan(100);
    const perCitizen = new Map<string, Set<string>>();
    for (const c of credits) {
      const facts = citizens.get(c.citizen.id) as CitizenFacts;
      expect(['COMPLETED', 'IN_INTERNSHIP']).toContain(facts.enrollment.status);
      if (facts.enrollment.status === 'IN_INTERNSHIP') expect(c.status).toBe('PROVISIONAL');
      expect(c.module.track).toBe(facts.track);
      expect(universe.universitiesOfRegion(facts.regionCode).map((u) => u.id)).toContain(c.awardingBody.id);
      expect(c.awardingBody.id).toBe(c.module.university.id);
      expect(c.ectsCredits).toBe(c.module.ectsCredits);
      expect(c.grade).toBeGreaterThanOrEqual(10);
      expect(c.grade).toBeLessThanOrEqual(20);
      expect(Number.isInteger(c.grade * 2)).toBe(true);
      expect(c.awardedOn >= c.assessedOn).toBe(true);
      const modules = perCitizen.get(c.citizen.id) ?? new Set();
      modules.add(c.module.code);
      perCitizen.set(c.citizen.id, modules);
    }
    for (const modules of perCitizen.values()) expect([2, 3]).toContain(modules.size);
    expect(credits.filter((c) => c.status === 'FINAL').length / credits.length).toBeGreaterThan(0.5);
  });

  it('filters credit awards by university, module, status and award date', async () => {
    const { data } = await gql('{ creditAwards(first: 1, filter: { status: FINAL }) { nodes { id module { code } awardingBody { id } awardedOn } } }');
    const sample = data.creditAwards.nodes[0];
    const byUni = await all('creditAwards', 'awardingBody { id }', `{ universityId: "${sample.awardingBody.id}" }`);
    for (const c of byUni) expect(c.awardingBody.id).toBe(sample.awardingBody.id);
    const byModule = await all('creditAwards', 'module { code }', `{ moduleCode: "${sample.module.code}" }`);
    expect(byModule.length).toBeGreaterThan(0);
    for (const c of byModule) expect(c.module.code).toBe(sample.module.code);
    const revoked = await all('creditAwards', 'status', '{ status: REVOKED }');
    for (const c of revoked) expect(c.status).toBe('REVOKED');
    const recent = await all('creditAwards', 'awardedOn', `{ awardedOnOrAfter: "${sample.awardedOn}" }`);
    expect(recent.length).toBeGreaterThan(0);
    for (const c of recent) expect(c.awardedOn >= sample.awardedOn).toBe(true);

    expect((await gql(`{ creditAward(id: "${sample.id}") { id } }`)).data.creditAward.id).toBe(sample.id);
    expect((await gql('{ creditAward(id: "00000000-0000-4000-8000-000000000000") { id } }')).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await gql('{ creditAward(id: "42") { id } }')).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect((await gql('{ creditAwards(filter: { moduleCode: "nope" }) { totalCount } }')).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('adds credits and FINAL-only total ECTS to Citizen; unknown keys give null, not an error', async () => {
    const { data } = await gql('{ creditAwards(first: 200) { nodes { citizen { id } } } }');
    const citizenId = data.creditAwards.nodes[0].citizen.id;
    const res = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { id totalEcts credits { ectsCredits status citizen { id } } } } }',
      {
        r: [
          { __typename: 'Citizen', id: citizenId },
          { __typename: 'Citizen', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'Citizen', id: 'not-a-uuid' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const [citizen, unknown, malformed] = res.data._entities;
    expect(citizen.credits.length).toBeGreaterThanOrEqual(2);
    for (const c of citizen.credits) expect(c.citizen.id).toBe(citizenId);
    const finals = citizen.credits.filter((c: { status: string }) => c.status === 'FINAL');
    expect(citizen.totalEcts).toBe(finals.reduce((s: number, c: { ectsCredits: number }) => s + c.ectsCredits, 0));
    expect(unknown).toEqual({ id: '00000000-0000-4000-8000-000000000000', totalEcts: 0, credits: [] });
    expect(malformed).toBeNull();
  });

  it('resolves University, Module and Territory entities, null for unknown keys', async () => {
    const { data } = await gql('{ modules(first: 1) { nodes { code university { id } } } }');
    const { code, university } = data.modules.nodes[0];
    const res = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on University { id name } ... on Module { code title } ... on Territory { code universities { totalCount nodes { name } } } } }',
      {
        r: [
          { __typename: 'University', id: university.id },
          { __typename: 'Module', code },
          { __typename: 'Territory', code: 'R11' },
          { __typename: 'Territory', code: '75' },
          { __typename: 'University', id: '0755890V' },
          { __typename: 'Module', code: 'X' },
          { __typename: 'Territory', code: '99' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const [u, m, region, dep, ...unknown] = res.data._entities;
    expect(u.id).toBe(university.id);
    expect(m.code).toBe(code);
    expect(region.universities.totalCount).toBe(2);
    expect(dep.universities).toEqual({ totalCount: 1, nodes: [{ name: 'Sorbonne Université' }] });
    expect(unknown).toEqual([null, null, null]);
  });

  it('loads nested edges of many parents in a fixed number of statements', async () => {
    const count = async (query: string, variables: Record<string, unknown>) => {
      const before = service.database.stats.statements;
      const { errors } = await gql(query, variables);
      expect(errors).toBeUndefined();
      return service.database.stats.statements - before;
    };
    const modules =
      'query($n: Int) { modules(first: $n) { totalCount nodes { skillsTaught { code } university { name region { code } modules(first: 2, track: AI) { totalCount nodes { code } } } } } }';
    expect(await count(modules, { n: 2 })).toBe(await count(modules, { n: 200 }));
    const credits =
      'query($n: Int) { creditAwards(first: $n) { nodes { citizen { id } module { title skillsTaught { code } university { name } } awardingBody { uai } } } }';
    expect(await count(credits, { n: 2 })).toBe(await count(credits, { n: 200 }));

    const { data } = await gql('{ creditAwards(first: 200) { nodes { citizen { id } module { code } awardingBody { id } } } }');
    const nodes = data.creditAwards.nodes as Array<{ citizen: { id: string }; module: { code: string }; awardingBody: { id: string } }>;
    const reps = (n: number) => [
      ...nodes.slice(0, n).map((c) => ({ __typename: 'Citizen', id: c.citizen.id })),
      ...nodes.slice(0, n).map((c) => ({ __typename: 'Module', code: c.module.code })),
      ...nodes.slice(0, n).map((c) => ({ __typename: 'University', id: c.awardingBody.id })),
      ...['R11', '75', 'R84', '69', 'R94', '2B', 'R93', '13'].slice(0, Math.max(2, n / 25)).map((code) => ({ __typename: 'Territory', code })),
    ];
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Citizen { totalEcts credits { grade module { title } awardingBody { name } } }
      ... on Module { university { name } skillsTaught { code } }
      ... on University { modules(first: 2) { totalCount nodes { code } } }
      ... on Territory { universities(first: 1) { totalCount nodes { modules(first: 1) { nodes { code } } } } } } }`;
    // One entity type per request: mixed types share loaders, and whether two of them meet in one
    // batch depends on which statement returns first, which would make the count flaky, not larger.
    for (const type of ['Citizen', 'Module', 'University', 'Territory']) {
      const of = (n: number) => reps(n).filter((r) => r.__typename === type);
      expect(await count(entities, { r: of(1) }), type).toBe(await count(entities, { r: of(200) }));
    }
  });

  it('answers the health probes', async () => {
    const base = service.url.replace('/graphql', '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
