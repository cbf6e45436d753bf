// The armed-forces subgraph alone, over real HTTP on port 0 and a real database (PGlite, or
// PostgreSQL when TEST_DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, departmentCodesOf, encodeCursor, territoryByCode } from '@snn/platform';
import { startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import { REFERENCE_DATE, Universe } from '@snn/platform/demo';
import armedForces from '../src/server';

const SEED = { citizens: 2000, seed: 7 };
let service: TestSubgraph;

const gql = (query: string, variables: Record<string, unknown> = {}) => service.gql(query, variables);

async function statementsOf(query: string, variables: Record<string, unknown>) {
  const before = service.database.stats.statements;
  const { errors } = await gql(query, variables);
  expect(errors).toBeUndefined();
  return service.database.stats.statements - before;
}

async function allReservists(filter: Record<string, unknown>, fields = 'id') {
  const out: any[] = [];
  let after: string | null = null;
  do {
    const { data, errors } = await gql(
      `query($f: ReservistFilter, $after: String) { reservists(filter: $f, first: 200, after: $after) { nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`,
      { f: filter, after },
    );
    expect(errors).toBeUndefined();
    out.push(...data.reservists.nodes);
    after = data.reservists.pageInfo.hasNextPage ? data.reservists.pageInfo.endCursor : null;
  } while (after);
  return out;
}

beforeAll(async () => {
  service = await startTestSubgraph(armedForces, SEED);
});
afterAll(async () => {
  await service?.stop();
});

describe('armed-forces subgraph: reservists', () => {
  it('pages through every reservist with a cursor, without repeating or skipping any', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { data } = await gql(
        'query($after: String) { reservists(first: 97, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      total = data.reservists.totalCount;
      seen.push(...data.reservists.nodes.map((n: { id: string }) => n.id));
      after = data.reservists.pageInfo.hasNextPage ? data.reservists.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    const universe = new Universe(SEED.seed, SEED.citizens);
    const citizens = await gql('{ reservists(filter: { kind: CITIZEN }) { totalCount } }');
    const professionals = await gql('{ reservists(filter: { kind: PROFESSIONAL }) { totalCount } }');
    expect(professionals.data.reservists.totalCount).toBe(universe.professionalCount);
    // 15 % of the citizens who started their service (most of them at the reference date).
    expect(citizens.data.reservists.totalCount).toBeGreaterThan(SEED.citizens * 0.15 * 0.5);
    expect(citizens.data.reservists.totalCount).toBeLessThan(SEED.citizens * 0.15);
    expect(total).toBe(citizens.data.reservists.totalCount + universe.professionalCount);
  });

  it('keeps the reserve rules: 1–5 year contracts, 30 days a year by default, 15 days notice only with the clause', async () => {
    const all = await allReservists(
      {},
      'kind citizen { id } shortNoticeClause noticeDays contract { startDate endDate annualDays } skills { level certifiedOn expiresOn skill { code } } availability { from to }',
    );
    for (const r of all) {
      expect(r.noticeDays).toBe(r.shortNoticeClause ? 15 : 30);
      const years = (Date.parse(r.contract.endDate) - Date.parse(r.contract.startDate)) / (365.25 * 86_400_000);
      expect(years).toBeGreaterThan(0.95);
      expect(years).toBeLessThan(5.01);
      expect(r.contract.startDate >= '2023-01-01' && r.contract.startDate <= '2026-12-31').toBe(true);
      expect(r.citizen === null).toBe(r.kind === 'PROFESSIONAL');
      expect(r.skills.length).toBeGreaterThanOrEqual(1);
      expect(r.skills.length).toBeLessThanOrEqual(r.kind === 'CITIZEN' ? 3 : 5);
      for (const s of r.skills) {
        expect(s.level).toBeGreaterThanOrEqual(r.kind === 'CITIZEN' ? 1 : 2);
        expect(s.level).toBeLessThanOrEqual(r.kind === 'CITIZEN' ? 3 : 5);
        expect(s.certifiedOn < s.expiresOn).toBe(true);
        if (r.kind === 'PROFESSIONAL') expect(s.skill.code).toMatch(/^(ECF|ECSF)\./);
      }
      expect(r.availability.length).toBeGreaterThanOrEqual(1);
      expect(r.availability.length).toBeLessThanOrEqual(3);
      for (const [k, w] of r.availability.entries()) {
        expect(w.from <= w.to && w.from >= '2026-01-01' && w.to <= '2027-12-31').toBe(true);
        if (k > 0) expect(w.from > r.availability[k - 1].to).toBe(true);
      }
    }
    const defaults = all.filter((r) => r.contract.annualDays === 30).length;
    expect(defaults / all.length).toBeGreaterThan(0.9);
    const clauses = all.filter((r) => r.shortNoticeClause).length / all.length;
    expect(clauses).toBeGreaterThan(0.2);
    expect(clauses).toBeLessThan(0.4);
  });

  it('filters by territory, skill and level, clearance, engagement, kind and availability', async () => {
    const region = await allReservists({ territory: 'R53' }, 'department { code }');
    const breton = new Set(departmentCodesOf(territoryByCode('R53')!));
    expect(region.length).toBeGreaterThan(0);
    for (const r of region) expect(breton.has(r.department.code)).toBe(true);

    const skilled = await allReservists({ skill: 'ECSF.INCIDENT_RESPONDER', minLevel: 3 }, 'skills { level skill { code } }');
    expect(skilled.length).toBeGreaterThan(0);
    for (const r of skilled) expect(r.skills.some((s: any) => s.skill.code === 'ECSF.INCIDENT_RESPONDER' && s.level >= 3)).toBe(true);

    const cleared = await allReservists({ clearance: 'SECRET', engagement: 'ACTIVE', kind: 'PROFESSIONAL' }, 'clearance engagement kind');
    expect(new Set(cleared.map((r) => r.clearance))).toEqual(new Set(['SECRET', 'TRES_SECRET']));
    for (const r of cleared) expect([r.engagement, r.kind]).toEqual(['ACTIVE', 'PROFESSIONAL']);

    const day = '2026-06-15';
    const available = await allReservists({ availableOn: day }, 'contract { startDate endDate } availability { from to }');
    expect(available.length).toBeGreaterThan(0);
    for (const r of available) {
      expect(r.contract.startDate <= day && day <= r.contract.endDate).toBe(true);
      expect(r.availability.some((w: any) => w.from <= day && day <= w.to)).toBe(true);
    }
    const { data } = await gql('{ all: reservists { totalCount } some: reservists(filter: { availableOn: "2026-06-15" }) { totalCount } }');
    expect(data.some.totalCount).toBe(available.length);
    expect(data.some.totalCount).toBeLessThan(data.all.totalCount);
  });

  it('rejects bad filters with BAD_USER_INPUT and a readable message', async () => {
    for (const [filter, pattern] of [
      ['{ territory: "Paris" }', /INSEE/],
      ['{ skill: "HACKING" }', /skill code/],
      ['{ minLevel: 7 }', /between 1 and 5/],
      ['{ availableOn: "2026-13-45" }', /Date/i],
    ] as const) {
      const { data, errors } = await gql(`{ reservists(filter: ${filter}) { totalCount } }`);
      expect(data?.reservists ?? null).toBeNull();
      expect(errors?.[0]?.extensions.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
      expect(errors?.[0]?.message).toMatch(pattern);
    }
    const page = await gql('{ reservists(first: 1000) { totalCount } }');
    expect(page.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for an unknown reservist or order and BAD_USER_INPUT for a malformed id', async () => {
    const missing = await gql('{ reservist(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(missing.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const malformed = await gql('{ reservist(id: "R-42") { id } }');
    expect(malformed.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const order = await gql('{ mobilisationOrder(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(order.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const badOrder = await gql('{ mobilisationOrder(id: "42") { id } }');
    expect(badOrder.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('adds the reservist profile to citizens: the one seeded for a reservist, null for others', async () => {
    const universe = new Universe(SEED.seed, SEED.citizens);
    const { data } = await gql('{ reservists(first: 1, filter: { kind: CITIZEN }) { nodes { id citizen { id } } } }');
    const { id, citizen } = data.reservists.nodes[0];
    const representations = [{ __typename: 'Citizen', id: citizen.id }];
    // Citizens who never enrolled in the reserve: the first few whose id is not the one above.
    for (let i = 0; representations.length < 40; i++)
      if (universe.citizenId(i) !== citizen.id) representations.push({ __typename: 'Citizen', id: universe.citizenId(i) });
    const res = await gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { id reservist { id kind } } } }', { r: representations });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0]).toEqual({ id: citizen.id, reservist: { id, kind: 'CITIZEN' } });
    const others = res.data._entities.slice(1).map((e: any) => e.reservist);
    expect(others.filter((r: unknown) => r === null).length).toBeGreaterThan(25);
    const bad = await gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { id reservist { id } } } }', {
      r: [{ __typename: 'Citizen', id: 'not-a-uuid' }],
    });
    expect(bad.errors).toBeUndefined();
    expect(bad.data._entities[0]).toBeNull();
  });

  it('gives citizens their reservist profile with its skills in one statement, as the profile read alone has them', async () => {
    const universe = new Universe(SEED.seed, SEED.citizens);
    const representations = Array.from({ length: 200 }, (_, i) => ({ __typename: 'Citizen', id: universe.citizenId(i) }));
    const SKILLS = 'skills { level skill { code name } }';
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { id reservist { id kind ${SKILLS} } } } }`;
    expect(await statementsOf(query, { r: representations })).toBe(1);
    const { data } = await gql(query, { r: representations });
    const profiles = data._entities.map((e: any) => e.reservist).filter((r: unknown) => r !== null);
    // Among them reservists with several skills.
    expect(profiles.length).toBeGreaterThan(10);
    expect(profiles.some((p: any) => p.skills.length > 1)).toBe(true);
    // Each as the reservist's own field gives it, read by id (skills by their own statement).
    for (const p of profiles) {
      const alone = await gql(`query($id: ID!) { reservist(id: $id) { id kind ${SKILLS} } }`, { id: p.id });
      expect(p).toEqual(alone.data.reservist);
    }
  });
});

describe('armed-forces subgraph: mobilisation orders', () => {
  const ORDER_FIELDS =
    'id reference kind status motive duty reportDate durationDays issuedAt deadline area { code } requirements { skill { code } minLevel count }';

  it('holds 8 exercises and 4 crises over different areas, each with 2–4 requirements', async () => {
    const { data } = await gql(`{ mobilisationOrders(first: 50) { totalCount nodes { ${ORDER_FIELDS} } } }`);
    const orders = data.mobilisationOrders.nodes;
    expect(data.mobilisationOrders.totalCount).toBe(12);
    expect(orders.filter((o: any) => o.kind === 'EXERCISE').length).toBe(8);
    expect(new Set(orders.map((o: any) => o.area.code)).size).toBe(12);
    expect(new Set(orders.map((o: any) => o.status))).toEqual(new Set(['DRAFT', 'ISSUED', 'CLOSED']));
    for (const o of orders) {
      expect(o.requirements.length).toBeGreaterThanOrEqual(2);
      expect(o.requirements.length).toBeLessThanOrEqual(4);
      expect(o.issuedAt === null).toBe(o.status === 'DRAFT');
      if (o.issuedAt) expect(o.issuedAt < o.deadline).toBe(true);
      if (o.status !== 'DRAFT') expect(o.status === 'CLOSED').toBe(addDays(o.reportDate, o.durationDays) <= REFERENCE_DATE);
    }
    const crises = await gql('{ mobilisationOrders(filter: { kind: CRISIS }) { totalCount nodes { kind } } }');
    expect(crises.data.mobilisationOrders.totalCount).toBe(4);
  });

  it('calls every reservist of the area under contract on the report date, with respondedAt null exactly when SILENT', async () => {
    const { data } = await gql('{ mobilisationOrders(first: 50) { nodes { id status reportDate area { code } responses(first: 0) { totalCount } } } }');
    for (const o of data.mobilisationOrders.nodes) {
      const inArea = await allReservists({ territory: o.area.code }, 'contract { startDate endDate }');
      const called = inArea.filter((r) => r.contract.startDate <= o.reportDate && o.reportDate <= r.contract.endDate);
      expect(o.responses.totalCount).toBe(o.status === 'DRAFT' ? 0 : called.length);
    }
    const busiest = [...data.mobilisationOrders.nodes].sort((a: any, b: any) => b.responses.totalCount - a.responses.totalCount)[0];
    expect(busiest.responses.totalCount).toBeGreaterThan(10);
    const area = new Set(departmentCodesOf(territoryByCode(busiest.area.code)!));
    const responses: any[] = [];
    let after: string | null = null;
    do {
      const res = await gql(
        'query($id: ID!, $after: String) { mobilisationOrder(id: $id) { responses(first: 7, after: $after) { nodes { answer respondedAt reservist { id department { code } } order { id } } pageInfo { hasNextPage endCursor } } } }',
        { id: busiest.id, after },
      );
      const page = res.data.mobilisationOrder.responses;
      responses.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(responses.length).toBe(busiest.responses.totalCount);
    expect(new Set(responses.map((r) => r.reservist.id)).size).toBe(responses.length);
    for (const r of responses) {
      expect(r.respondedAt === null).toBe(r.answer === 'SILENT');
      expect(area.has(r.reservist.department.code)).toBe(true);
      expect(r.order.id).toBe(busiest.id);
    }
    const byAnswer = await gql(
      `{ mobilisationOrder(id: "${busiest.id}") { a: responses(answer: ACCEPTED) { totalCount } d: responses(answer: DECLINED) { totalCount } s: responses(answer: SILENT) { totalCount nodes { answer } } } }`,
    );
    const { a, d, s } = byAnswer.data.mobilisationOrder;
    expect(a.totalCount + d.totalCount + s.totalCount).toBe(busiest.responses.totalCount);
    for (const n of s.nodes) expect(n.answer).toBe('SILENT');
  });

  it('lists a reservist’s responses, consistent with the orders’ side', async () => {
    const { data } = await gql('{ mobilisationOrders(filter: { territory: "R11" }) { nodes { id reportDate } } }');
    const order = data.mobilisationOrders.nodes[0];
    const rs = await allReservists({ territory: 'R11' }, 'contract { startDate endDate } responses { totalCount nodes { order { id } answer } }');
    expect(rs.length).toBeGreaterThan(0);
    let called = 0;
    for (const r of rs) {
      const underContract = r.contract.startDate <= order.reportDate && order.reportDate <= r.contract.endDate;
      expect(r.responses.nodes.map((n: any) => n.order.id).includes(order.id)).toBe(underContract);
      called += underContract ? 1 : 0;
    }
    expect(called).toBeGreaterThan(0);
  });

  it('filters orders by territory (covering or within it) and rejects a non-INSEE territory', async () => {
    const region = await gql('{ mobilisationOrders(filter: { territory: "R93" }) { nodes { area { code } } } }');
    expect(region.data.mobilisationOrders.nodes.map((o: any) => o.area.code)).toEqual(['13']);
    const dep = await gql('{ mobilisationOrders(filter: { territory: "92", status: CLOSED }) { nodes { area { code } status } } }');
    expect(dep.data.mobilisationOrders.nodes).toEqual([{ area: { code: 'R11' }, status: 'CLOSED' }]);
    const bad = await gql('{ mobilisationOrders(filter: { territory: "Bretagne" }) { totalCount } }');
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('adds to Territory the orders whose area covers it; an unknown territory is null', async () => {
    const res = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory { code mobilisationOrders { totalCount nodes { area { code } } } } } }',
      {
        r: [
          { __typename: 'Territory', code: '35' },
          { __typename: 'Territory', code: 'R93' },
          { __typename: 'Territory', code: '13' },
          { __typename: 'Territory', code: '75' },
          { __typename: 'Territory', code: 'ZZ' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const [rennes, paca, marseille, paris, unknown] = res.data._entities;
    expect(rennes.mobilisationOrders).toEqual({ totalCount: 1, nodes: [{ area: { code: 'R53' } }] });
    // A département order does not cover its whole region.
    expect(paca.mobilisationOrders).toEqual({ totalCount: 0, nodes: [] });
    expect(marseille.mobilisationOrders.nodes).toEqual([{ area: { code: '13' } }]);
    expect(paris.mobilisationOrders.nodes).toEqual([{ area: { code: 'R11' } }]);
    expect(unknown).toBeNull();
  });
});

describe('armed-forces subgraph: internship hosts', () => {
  it('lists military internship hosts by territory and track', async () => {
    const all = await gql('{ militaryInternshipHosts { id name seats tracks department { code } } }');
    expect(all.data.militaryInternshipHosts.length).toBeGreaterThanOrEqual(12);
    const brittany = await gql('{ militaryInternshipHosts(territory: "R53", track: CYBERSECURITY) { name tracks department { code } } }');
    expect(brittany.data.militaryInternshipHosts.map((h: any) => h.name)).toContain('Commandement de la cyberdéfense (COMCYBER)');
    for (const h of brittany.data.militaryInternshipHosts) {
      expect(['35', '29', '22', '56']).toContain(h.department.code);
      expect(h.tracks).toContain('CYBERSECURITY');
    }
    const bad = await gql('{ militaryInternshipHosts(territory: "100") { id } }');
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('armed-forces subgraph: batching', () => {
  it('loads reservists with their lists and responses in a fixed number of statements', async () => {
    // Start the pages where the next two reservists both have responses, so that the small page
    // reaches every level of the query too.
    const rs = await allReservists({ territory: 'R11', kind: 'CITIZEN' }, 'id responses(first: 0) { totalCount }');
    const k = rs.findIndex((r, i) => r.responses.totalCount > 0 && rs[i + 1]?.responses.totalCount > 0);
    expect(k).toBeGreaterThanOrEqual(0);
    const after = k === 0 ? null : encodeCursor('Reservist', rs[k - 1].id);
    const query = `query($n: Int, $after: String) { reservists(first: $n, after: $after, filter: { territory: "R11", kind: CITIZEN }) { totalCount nodes {
      id department { code } citizen { id reservist { id } }
      skills { level skill { code } } availability { from to }
      responses(first: 3) { totalCount nodes { answer respondedAt order { reference requirements { count skill { code } } } } }
    } } }`;
    expect(await statementsOf(query, { n: 2, after })).toBe(await statementsOf(query, { n: 40, after }));
  });

  it('loads orders with requirements and paged responses in a fixed number of statements', async () => {
    const query = `query($n: Int) { mobilisationOrders(first: $n, filter: { status: CLOSED }) { nodes {
      requirements { minLevel } responses(first: 5, answer: ACCEPTED) { totalCount nodes { reservist { skills { level } availability { from } responses(first: 2) { totalCount } } } }
    } } }`;
    expect(await statementsOf(query, { n: 2 })).toBe(await statementsOf(query, { n: 20 }));
  });

  it('resolves many entities through _entities in a fixed number of statements', async () => {
    const all = await allReservists({}, 'id citizen { id } responses(first: 0) { totalCount }');
    const called = all.filter((r) => r.responses.totalCount > 0);
    const citizens = all.filter((r) => r.citizen);
    const { data } = await gql('{ mobilisationOrders(first: 50) { nodes { id responses(first: 0) { totalCount } } } }');
    const orders = data.mobilisationOrders.nodes.filter((o: any) => o.responses.totalCount > 0);
    const territories = ['75', '92', '93', '94', 'R11', 'R53', '35', '13'];
    expect(Math.min(called.length, citizens.length)).toBeGreaterThanOrEqual(40);
    const reps = (n: number) =>
      Array.from({ length: n }, (_, i) => [
        { __typename: 'Reservist', id: called[i].id },
        { __typename: 'Citizen', id: citizens[i].citizen.id },
        { __typename: 'MobilisationOrder', id: orders[i % orders.length].id },
        { __typename: 'Territory', code: territories[i % territories.length] },
      ]).flat();
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Reservist { skills { level } availability { from } responses(first: 2) { totalCount nodes { answer } } }
      ... on Citizen { reservist { id skills { level } } }
      ... on MobilisationOrder { requirements { count } responses(first: 2) { totalCount nodes { reservist { id } } } }
      ... on Territory { mobilisationOrders(first: 3) { totalCount nodes { requirements { count } } } }
    } }`;
    expect(await statementsOf(query, { r: reps(2) })).toBe(await statementsOf(query, { r: reps(40) }));
  });
});

describe('armed-forces subgraph: service', () => {
  it('answers the health probes', async () => {
    const base = service.url.replace('/graphql', '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
