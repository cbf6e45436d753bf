// The solidarity subgraph alone, over real HTTP on port 0 and a real database (PGlite, or
// PostgreSQL when TEST_DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import { Universe } from '@snn/platform/demo';
import solidarity from '../src/server';
import { INDICATORS, PERIODS } from '../src/catalogue';
import { observationRows } from '../src/seed/indicators';

let service: TestSubgraph;

const gql = (query: string, variables: Record<string, unknown> = {}) => service.gql(query, variables);

async function expectError(query: string, code: string, message?: RegExp) {
  const { errors } = await gql(query);
  expect(errors?.[0]?.extensions.code).toBe(code);
  if (message) expect(errors?.[0]?.message).toMatch(message);
}

beforeAll(async () => {
  service = await startTestSubgraph(solidarity, { citizens: 400, seed: 7 });
});
afterAll(async () => {
  await service?.stop();
});

describe('solidarity subgraph: territories', () => {
  it('pages through the 18 regions and 101 départements with a cursor, without repeating or skipping any', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { data } = await gql(
        'query($after: String) { territories(first: 25, after: $after) { totalCount nodes { code } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      total = data.territories.totalCount;
      seen.push(...data.territories.nodes.map((n: { code: string }) => n.code));
      after = data.territories.pageInfo.hasNextPage ? data.territories.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(total).toBe(119);
    expect(seen.length).toBe(119);
    expect(seen).toEqual(expect.arrayContaining(['2A', '2B', '971', '976', 'R11', 'R94']));
  });

  it('filters by level, zone and region', async () => {
    const { data } = await gql(`{
      regions: territories(first: 50, filter: { level: REGION }) { totalCount }
      deps: territories(first: 200, filter: { level: DEPARTMENT }) { totalCount }
      drom: territories(first: 50, filter: { zone: DROM }) { totalCount nodes { code zone } }
      bretagne: territories(filter: { region: "R53" }) { nodes { code region { code } } }
    }`);
    expect(data.regions.totalCount).toBe(18);
    expect(data.deps.totalCount).toBe(101);
    expect(data.drom.totalCount).toBe(10);
    expect(data.drom.nodes.every((n: { zone: string }) => n.zone === 'DROM')).toBe(true);
    expect(data.bretagne.nodes.map((n: { code: string }) => n.code).sort()).toEqual(['22', '29', '35', '56']);
    expect(data.bretagne.nodes.every((n: any) => n.region.code === 'R53')).toBe(true);
  });

  it('answers a territory with its region, départements, population and cost of living', async () => {
    const { data } = await gql(`{
      corse: territory(code: "2A") { code inseeCode name level zone region { code inseeCode name } departments { code } }
      idf: territory(code: "R11") { inseeCode name level region { code } population costOfLivingIndex departments { code population costOfLivingIndex } }
      reunion: territory(code: "974") { zone costOfLivingIndex }
    }`);
    expect(data.corse).toEqual({
      code: '2A',
      inseeCode: '2A',
      name: 'Corse-du-Sud',
      level: 'DEPARTMENT',
      zone: 'METRO',
      region: { code: 'R94', inseeCode: '94', name: 'Corse' },
      departments: [],
    });
    expect(data.idf).toMatchObject({ inseeCode: '11', name: 'Île-de-France', level: 'REGION', region: null });
    expect(data.idf.departments).toHaveLength(8);
    expect(data.idf.population).toBe(data.idf.departments.reduce((s: number, d: { population: number }) => s + d.population, 0));
    expect(data.idf.population).toBeGreaterThan(12_000_000);
    expect(data.idf.costOfLivingIndex).toBeGreaterThanOrEqual(104);
    expect(data.reunion).toEqual({ zone: 'DROM', costOfLivingIndex: expect.any(Number) });
    expect(data.reunion.costOfLivingIndex).toBeGreaterThanOrEqual(110);
    expect(data.reunion.costOfLivingIndex).toBeLessThanOrEqual(125);
  });

  it('answers NOT_FOUND for an unknown code and BAD_USER_INPUT for a malformed one or a bad filter', async () => {
    await expectError('{ territory(code: "99") { name } }', 'NOT_FOUND');
    await expectError('{ territory(code: "R99") { name } }', 'NOT_FOUND');
    await expectError('{ territory(code: "Paris") { name } }', 'BAD_USER_INPUT', /INSEE/);
    await expectError('{ territories(filter: { region: "75" }) { totalCount } }', 'BAD_USER_INPUT', /region/);
    await expectError('{ territories(filter: { region: "R99" }) { totalCount } }', 'BAD_USER_INPUT', /INSEE/);
    await expectError('{ territories(first: 500) { totalCount } }', 'BAD_USER_INPUT');
  });
});

describe('solidarity subgraph: universal basic services and pilots', () => {
  it('lists the UBS catalogue: two services in each of the five domains', async () => {
    const { data } = await gql('{ all: ubsServices { code name domain description } housing: ubsServices(domain: HOUSING) { code domain } }');
    expect(data.all).toHaveLength(10);
    const domains = data.all.map((s: { domain: string }) => s.domain);
    for (const d of ['HEALTH', 'EDUCATION', 'HOUSING', 'FOOD', 'CONNECTIVITY']) expect(domains.filter((x: string) => x === d)).toHaveLength(2);
    expect(data.housing).toHaveLength(2);
  });

  it('gives coverage per service and year, regions summing their départements, never below 11 people', async () => {
    const { data } = await gql(`{
      region: territory(code: "R53") {
        all: ubsCoverage { period }
        y2025: ubsCoverage(period: "2025") { service { code domain } territory { code } period coverageRate beneficiaries }
        departments { ubsCoverage(period: "2025") { service { code } beneficiaries coverageRate } }
      }
    }`);
    const region = data.region;
    expect(region.all).toHaveLength(30);
    expect(new Set(region.all.map((c: { period: string }) => c.period))).toEqual(new Set(['2024', '2025', '2026']));
    expect(region.y2025).toHaveLength(10);
    for (const c of region.y2025) {
      expect(c.territory.code).toBe('R53');
      expect(c.coverageRate).toBeGreaterThan(0);
      expect(c.coverageRate).toBeLessThanOrEqual(1);
      const local = region.departments.map((d: any) => d.ubsCoverage.find((x: any) => x.service.code === c.service.code).beneficiaries);
      expect(c.beneficiaries).toBe(local.reduce((a: number, b: number) => a + b, 0));
    }
    for (const d of region.departments) for (const c of d.ubsCoverage) expect(c.beneficiaries).toBeGreaterThanOrEqual(11);
    await expectError('{ territory(code: "75") { ubsCoverage(period: "25") { period } } }', 'BAD_USER_INPUT', /year/);
  });

  it('lists basic-income pilots, by département or by region', async () => {
    const { data } = await gql(`{
      all: basicIncomePilots { id name territory { code level } monthlyAmountCents indexation startDate endDate participants }
      aquitaine: basicIncomePilots(territory: "R75") { territory { code } }
      gironde: territory(code: "33") { basicIncomePilots { name } }
      region: territory(code: "R75") { basicIncomePilots { territory { code } } }
      paris: basicIncomePilots(territory: "75") { id }
    }`);
    expect(data.all.length).toBeGreaterThanOrEqual(8);
    expect(new Set(data.all.map((p: any) => p.territory.code)).size).toBe(data.all.length);
    for (const p of data.all) {
      expect(p.territory.level).toBe('DEPARTMENT');
      expect(p.startDate >= '2025-01-01' && p.endDate <= '2027-12-31' && p.startDate < p.endDate).toBe(true);
      expect(p.participants).toBeGreaterThanOrEqual(11);
      expect(p.monthlyAmountCents).toBeGreaterThan(0);
    }
    expect(data.aquitaine.map((p: any) => p.territory.code)).toContain('33');
    expect(data.region.basicIncomePilots).toEqual(data.aquitaine);
    expect(data.gironde.basicIncomePilots).toHaveLength(1);
    expect(data.paris).toEqual([]);
    await expectError('{ basicIncomePilots(territory: "Gironde") { id } }', 'BAD_USER_INPUT', /INSEE/);
  });
});

describe('solidarity subgraph: indicators', () => {
  it('lists the indicator definitions', async () => {
    const { data } = await gql('{ indicatorDefinitions { code name unit source description } }');
    const codes = data.indicatorDefinitions.map((d: { code: string }) => d.code);
    for (const code of [
      'SNN_PARTICIPATION_RATE',
      'SNN_COMPLETION_RATE',
      'RESERVE_TECH_STRENGTH',
      'INTERNSHIP_PLACEMENT_RATE',
      'UBS_HEALTH_ACCESS_RATE',
      'YOUTH_UNEMPLOYMENT_RATE',
      'DIGITAL_INCLUSION_RATE',
      'POVERTY_RATE',
    ])
      expect(codes).toContain(code);
    expect(data.indicatorDefinitions.find((d: any) => d.code === 'RESERVE_TECH_STRENGTH').unit).toBe('PERSONS');
  });

  it('pages through every observation of a territory, each series over years and quarters', async () => {
    const seen: any[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { data } = await gql(
        'query($after: String) { territory(code: "75") { indicators(first: 30, after: $after) { totalCount nodes { id indicator { code } territory { code } period breakdown value status } pageInfo { hasNextPage endCursor } } } }',
        { after },
      );
      const c = data.territory.indicators;
      total = c.totalCount;
      seen.push(...c.nodes);
      after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
    } while (after);
    const series = INDICATORS.reduce((n, i) => n + 1 + i.breakdowns.length, 0);
    expect(total).toBe(series * PERIODS.length);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((o) => o.id)).size).toBe(total);
    expect(seen.every((o) => o.territory.code === '75')).toBe(true);
    expect(new Set(seen.map((o) => o.period))).toEqual(new Set(['2024', '2025', '2026-Q1', '2026-Q2', '2026-Q3']));
    const latest = seen.filter((o) => o.period === '2026-Q3');
    expect(latest.some((o) => o.status === 'PROVISIONAL')).toBe(true);
    const poverty = seen.find((o) => o.id === 'POVERTY_RATE.75.AGE_18_25.2025');
    expect(poverty).toMatchObject({ indicator: { code: 'POVERTY_RATE' }, breakdown: 'AGE_18_25', status: 'OBSERVED' });
    expect(poverty.value).toBeGreaterThan(0);
  });

  it('filters a territory’s observations by code and period', async () => {
    const { data } = await gql(
      '{ territory(code: "R84") { indicators(filter: { code: "POVERTY_RATE", period: "2026-Q3" }) { totalCount nodes { breakdown period unit source status } } } }',
    );
    expect(data.territory.indicators.totalCount).toBe(2);
    for (const o of data.territory.indicators.nodes) expect(o).toMatchObject({ period: '2026-Q3', unit: 'PERCENT', status: 'PROVISIONAL' });
  });

  it('never publishes a count of fewer than 11 people: such cells are CONFIDENTIAL with no value', async () => {
    const { data } = await gql(`{ indicators(first: 200, filter: { code: "RESERVE_TECH_STRENGTH", period: "2026-Q3", level: DEPARTMENT }) {
      totalCount nodes { territory { level } breakdown value unit status } } }`);
    const cells = data.indicators.nodes;
    expect(data.indicators.totalCount).toBe(101 * 3);
    expect(cells.every((o: any) => o.territory.level === 'DEPARTMENT' && o.unit === 'PERSONS')).toBe(true);
    // 400 citizens: a few dozen reservists spread over 101 départements.
    expect(cells.some((o: any) => o.status === 'CONFIDENTIAL')).toBe(true);
    for (const o of cells) {
      if (o.status === 'CONFIDENTIAL') expect(o.value).toBeNull();
      else expect(o.value).toBeGreaterThanOrEqual(11);
    }
  });

  it('marks modelled figures ESTIMATED', async () => {
    const { data } = await gql(
      '{ indicators(filter: { code: "POVERTY_RATE", territory: "976", period: "2025", breakdown: "TOTAL" }) { nodes { value status source } } }',
    );
    expect(data.indicators.nodes).toHaveLength(1);
    expect(data.indicators.nodes[0].status).toBe('ESTIMATED');
    expect(data.indicators.nodes[0].value).toBeGreaterThan(50);
  });

  it('rejects malformed indicator filters with BAD_USER_INPUT', async () => {
    await expectError('{ indicators(filter: { period: "2026Q3" }) { totalCount } }', 'BAD_USER_INPUT', /SDMX/);
    await expectError('{ indicators(filter: { code: "poverty rate" }) { totalCount } }', 'BAD_USER_INPUT', /code/);
    await expectError('{ indicators(filter: { territory: "Paris" }) { totalCount } }', 'BAD_USER_INPUT', /INSEE/);
    await expectError('{ territory(code: "75") { indicators(filter: { period: "Q3" }) { totalCount } } }', 'BAD_USER_INPUT', /SDMX/);
    const { data } = await gql('{ indicators(filter: { code: "NO_SUCH_INDICATOR" }) { totalCount nodes { id } } }');
    expect(data.indicators).toEqual({ totalCount: 0, nodes: [] });
  });

  it('generates consistent series: regions sum their départements and sexes sum to the total', () => {
    const rows = [...observationRows(new Universe(7, 1_000_000))];
    const value = new Map(rows.map((r) => [r.id, r]));
    for (const r of rows) {
      if (r.unit === 'PERSONS' && r.value != null) expect(r.value).toBeGreaterThanOrEqual(11);
      expect(r.status === 'CONFIDENTIAL').toBe(r.value == null);
    }
    const f = value.get('RESERVE_TECH_STRENGTH.R53.SEX_F.2025');
    const m = value.get('RESERVE_TECH_STRENGTH.R53.SEX_M.2025');
    const t = value.get('RESERVE_TECH_STRENGTH.R53.TOTAL.2025');
    expect((f?.value as number) + (m?.value as number)).toBe(t?.value);
    const deps = ['22', '29', '35', '56'].map((d) => value.get(`RESERVE_TECH_STRENGTH.${d}.TOTAL.2025`)?.value as number);
    expect(deps.reduce((a, b) => a + b, 0)).toBe(t?.value);
    // The seed is a pure function of the universe.
    expect([...observationRows(new Universe(7, 1_000_000))].slice(0, 50)).toEqual(rows.slice(0, 50));
  });
});

describe('solidarity subgraph: federation and batching', () => {
  const count = async (query: string, variables: Record<string, unknown>) => {
    const before = service.database.stats.statements;
    const { errors } = await gql(query, variables);
    expect(errors).toBeUndefined();
    return service.database.stats.statements - before;
  };

  it('loads every edge of many territories in a fixed number of statements', async () => {
    const query = `query($n: Int) { territories(first: $n) { totalCount nodes {
      region { name } departments { code region { code } }
      ubsCoverage(period: "2025") { service { name } territory { code } }
      basicIncomePilots { territory { name } }
      indicators(first: 3, filter: { period: "2025" }) { totalCount nodes { indicator { name } territory { code } } }
    } } }`;
    expect(await count(query, { n: 2 })).toBe(await count(query, { n: 119 }));
  });

  it('loads observations of many territories in a fixed number of statements', async () => {
    const query = 'query($n: Int) { indicators(first: $n) { totalCount nodes { indicator { unit } territory { name region { name } } } } }';
    expect(await count(query, { n: 2 })).toBe(await count(query, { n: 200 }));
  });

  it('resolves Territory entities in a fixed number of statements, null for unknown keys', async () => {
    const { data } = await gql('{ territories(first: 119) { nodes { code } } }');
    const codes: string[] = data.territories.nodes.map((n: { code: string }) => n.code);
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory {
      code name population region { code } departments { code } basicIncomePilots { id }
      ubsCoverage(period: "2026") { beneficiaries } indicators(first: 2) { totalCount nodes { value } }
    } } }`;
    const reps = (cs: string[]) => cs.map((code) => ({ __typename: 'Territory', code }));
    expect(await count(query, { r: reps(codes.slice(0, 2)) })).toBe(await count(query, { r: reps(codes.slice(0, 100)) }));

    const res = await gql(query, { r: reps(['75', 'R11', '99', 'Paris']) });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0]).toMatchObject({ code: '75', name: 'Paris', region: { code: 'R11' } });
    expect(res.data._entities[1]).toMatchObject({ code: 'R11', region: null });
    expect(res.data._entities[1].departments).toHaveLength(8);
    expect(res.data._entities[2]).toBeNull();
    expect(res.data._entities[3]).toBeNull();
  });

  it('answers the health probes', async () => {
    const base = service.url.replace('/graphql', '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
