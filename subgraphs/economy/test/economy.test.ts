// The economy subgraph alone, over real HTTP on port 0 and a real database (PGlite, or
// PostgreSQL when TEST_DATABASE_URL is set).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nafLabel, rowsOf } from '@snn/platform';
import { startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import { Universe } from '@snn/platform/demo';
import { MIN_MONTHLY_GRATIFICATION_CENTS } from '../src/data/gratification';
import economy from '../src/server';

const SEED = { citizens: 1000, seed: 7 };
const universe = new Universe(SEED.seed, SEED.citizens);
let service: TestSubgraph;

const gql = (query: string, variables: Record<string, unknown> = {}) => service.gql(query, variables);

async function statementsOf(query: string, variables: Record<string, unknown>): Promise<number> {
  const before = service.database.stats.statements;
  const { errors } = await gql(query, variables);
  expect(errors).toBeUndefined();
  return service.database.stats.statements - before;
}

const sqlRows = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(service.database.db, query);

beforeAll(async () => {
  service = await startTestSubgraph(economy, SEED);
});
afterAll(async () => {
  await service?.stop();
});

describe('economy subgraph', () => {
  it('pages through offers with a cursor, without repeating or skipping any', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { data } = await gql(
        'query($after: String) { internshipOffers(first: 50, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      total = data.internshipOffers.totalCount;
      seen.push(...data.internshipOffers.nodes.map((n: { id: string }) => n.id));
      after = data.internshipOffers.pageInfo.hasNextPage ? data.internshipOffers.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(total).toBe(universe.offerCount);
  });

  it('filters offers by territory, track, status, remote policy and start date', async () => {
    const { data, errors } =
      await gql(`{ internshipOffers(first: 200, filter: { territory: "R11", track: CYBERSECURITY, status: PUBLISHED, startsOnOrAfter: "2026-01-01" }) {
      totalCount nodes { track status startDate location { code } } } }`);
    expect(errors).toBeUndefined();
    expect(data.internshipOffers.totalCount).toBe(data.internshipOffers.nodes.length);
    expect(data.internshipOffers.nodes.length).toBeGreaterThan(0);
    const idf = ['75', '77', '78', '91', '92', '93', '94', '95'];
    for (const o of data.internshipOffers.nodes) {
      expect(o).toMatchObject({ track: 'CYBERSECURITY', status: 'PUBLISHED' });
      expect(o.startDate >= '2026-01-01').toBe(true);
      expect(idf).toContain(o.location.code);
    }
    const remote = await gql(
      '{ internshipOffers(first: 200, filter: { territory: "75", remotePolicy: REMOTE }) { nodes { remotePolicy location { code } } } }',
    );
    for (const o of remote.data.internshipOffers.nodes) expect(o).toEqual({ remotePolicy: 'REMOTE', location: { code: '75' } });
  });

  it('rejects malformed filters and ids with BAD_USER_INPUT and unknown ids with NOT_FOUND', async () => {
    for (const query of [
      '{ internshipOffers(filter: { territory: "Paris" }) { totalCount } }',
      '{ internshipOffers(filter: { organisationId: "12345" }) { totalCount } }',
      '{ organisations(filter: { nafCode: "99.99Q" }) { totalCount } }',
      '{ placements(filter: { territory: "R99" }) { totalCount } }',
      '{ organisation(id: "12345678") { id } }',
      '{ internshipOffer(id: "OFF-1") { id } }',
      '{ placement(id: "42") { id } }',
    ]) {
      const { errors } = await gql(query);
      expect(errors?.[0]?.extensions.code, query).toBe('BAD_USER_INPUT');
    }
    expect((await gql('{ internshipOffers(filter: { territory: "Paris" }) { totalCount } }')).errors?.[0]?.message).toMatch(/INSEE/);
    for (const query of [
      '{ organisation(id: "999999999") { id } }',
      '{ internshipOffer(id: "00000000-0000-4000-8000-000000000000") { id } }',
      '{ placement(id: "00000000-0000-4000-8000-000000000000") { id } }',
    ]) {
      const { errors } = await gql(query);
      expect(errors?.[0]?.extensions.code, query).toBe('NOT_FOUND');
    }
  });

  it('serves organisations by SIREN with their sector label and their own offers', async () => {
    const org = universe.organisation(3);
    const { data, errors } = await gql(
      `query($id: ID!) { organisation(id: $id) { id siren siret name kind nafCode sector size department { code }
      offers(first: 200) { totalCount nodes { organisation { id } hostSiret } } published: offers(status: PUBLISHED, first: 200) { totalCount nodes { status } } } }`,
      { id: org.siren },
    );
    expect(errors).toBeUndefined();
    const o = data.organisation;
    expect(o).toMatchObject({
      id: org.siren,
      siren: org.siren,
      siret: org.siret,
      name: org.name,
      kind: org.kind,
      nafCode: org.nafCode,
      size: org.size,
      department: { code: org.departmentCode },
    });
    expect(o.sector).toBe(nafLabel(org.nafCode));
    expect(o.offers.totalCount).toBe(o.offers.nodes.length);
    for (const offer of o.offers.nodes) {
      expect(offer.organisation.id).toBe(org.siren);
      expect(offer.hostSiret.slice(0, 9)).toBe(org.siren);
    }
    for (const offer of o.published.nodes) expect(offer.status).toBe('PUBLISHED');
    const filtered = await gql(
      '{ organisations(first: 200, filter: { kind: PUBLIC_BODY, territory: "R11" }) { totalCount nodes { kind department { code } } } }',
    );
    for (const n of filtered.data.organisations.nodes) expect(n.kind).toBe('PUBLIC_BODY');
  });

  it('pays the legal minimum gratification over two months, and the database enforces it', async () => {
    expect(MIN_MONTHLY_GRATIFICATION_CENTS).toBe(66_990);
    const [row] = await sqlRows<{ n: number }>(
      sql`select count(*)::int as n from internship_offers where duration_months > 2 and monthly_stipend_cents < ${MIN_MONTHLY_GRATIFICATION_CENTS}`,
    );
    expect(Number(row?.n)).toBe(0);
    const org = universe.organisation(0);
    await expect(
      service.database.db.execute(sql`insert into internship_offers (id, organisation_id, host_siret, partner_reference, title, description, track,
      department_code, region_code, remote_policy, start_date, duration_months, seats, monthly_stipend_cents, expires_on, how_to_apply, tutor_role, clearance, status)
      values ('00000000-0000-4000-8000-0000000000aa', ${org.siren}, ${org.siret}, 'UNDERPAID-1', 't', 'd', 'AI', '75', '11', 'ON_SITE', '2026-09-01', 4, 1, 50000,
      '2026-08-01', 'h', 'Responsable data', 'NONE', 'DRAFT')`),
    ).rejects.toThrow();
  });

  it('places interns without exceeding any offer’s seats, in offers of their track', async () => {
    const over = await sqlRows<{ offer_id: string }>(sql`select p.offer_id from placements p join internship_offers o on o.id = p.offer_id
      group by p.offer_id, o.seats having count(*) > o.seats`);
    expect(over).toEqual([]);
    const [placed] = await sqlRows<{ n: number }>(sql`select count(*)::int as n from placements`);
    expect(Number(placed?.n)).toBeGreaterThan(0);
    const { data } = await gql(
      '{ placements(first: 200, filter: { status: COMPLETED }) { totalCount nodes { status evaluation { score comment } startDate endDate offer { status track } organisation { id } } } }',
    );
    expect(data.placements.totalCount).toBeGreaterThan(0);
    for (const p of data.placements.nodes) {
      expect(p.evaluation.score).toBeGreaterThanOrEqual(0);
      expect(p.evaluation.score).toBeLessThanOrEqual(20);
      expect(p.offer.status).not.toBe('DRAFT');
      expect(p.endDate >= p.startDate).toBe(true);
    }
  });

  it('extends Citizen with placements, ranked applications and the priority-hiring right', async () => {
    let completed: ReturnType<Universe['citizen']> | undefined;
    const placedIds = new Set(
      (await sqlRows<{ citizen_id: string }>(sql`select citizen_id from placements where status = 'COMPLETED'`)).map((r) => r.citizen_id),
    );
    for (let i = 0; i < universe.citizenCount && !completed; i++) {
      const c = universe.citizen(i);
      if (placedIds.has(c.id)) completed = c;
    }
    const enrolled = Array.from({ length: 200 }, (_, i) => universe.citizen(i)).find((c) => c.enrollment.status === 'ENROLLED');
    expect(completed && enrolled).toBeTruthy();
    const { data, errors } = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { id
      placements { status offer { id track } evaluation { score } }
      applications { rank status offer { id } }
      priorityHiringRight { grantedOn validUntil usedOn } } } }`,
      {
        r: [
          { __typename: 'Citizen', id: completed!.id },
          { __typename: 'Citizen', id: enrolled!.id },
          { __typename: 'Citizen', id: 'not-a-uuid' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    const [c, e, bad] = data._entities;
    expect(c.placements).toHaveLength(1);
    expect(c.placements[0]).toMatchObject({ status: 'COMPLETED', offer: { track: completed!.track } });
    const accepted = c.applications.filter((a: { status: string }) => a.status === 'ACCEPTED');
    expect(accepted).toHaveLength(1);
    expect(accepted[0].offer.id).toBe(c.placements[0].offer.id);
    expect(c.applications.map((a: { rank: number }) => a.rank)).toEqual(c.applications.map((_: unknown, i: number) => i + 1));
    const cohort = universe.cohort(completed!.cohortIndex);
    expect(c.priorityHiringRight.grantedOn).toBe(cohort.endDate);
    expect(c.priorityHiringRight.validUntil).toBe(`${Number(cohort.endDate.slice(0, 4)) + 2}${cohort.endDate.slice(4)}`);
    expect(e.placements).toEqual([]);
    expect(e.priorityHiringRight).toBeNull();
    expect(e.applications.length).toBeGreaterThanOrEqual(1);
    for (const a of e.applications) expect(a.status).toBe('SUBMITTED');
    expect(bad).toBeNull();
  });

  it('lists a territory’s published offers, by département or region', async () => {
    const { data, errors } = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory { code
      internshipOffers(first: 200, track: PROGRAMMING) { totalCount nodes { status track location { code } } } } } }`,
      {
        r: [
          { __typename: 'Territory', code: 'R84' },
          { __typename: 'Territory', code: '69' },
          { __typename: 'Territory', code: 'XX' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    const [region, dep, unknown] = data._entities;
    expect(unknown).toBeNull();
    expect(region.internshipOffers.totalCount).toBe(region.internshipOffers.nodes.length);
    expect(region.internshipOffers.totalCount).toBeGreaterThanOrEqual(dep.internshipOffers.totalCount);
    for (const o of [...region.internshipOffers.nodes, ...dep.internshipOffers.nodes]) expect(o).toMatchObject({ status: 'PUBLISHED', track: 'PROGRAMMING' });
    for (const o of dep.internshipOffers.nodes) expect(o.location.code).toBe('69');
  });

  it('loads every edge of many offers in a fixed number of statements', async () => {
    const query = `query($n: Int) { internshipOffers(first: $n) { nodes { location { code } requiredSkills { level skill { code } }
      organisation { name offers(first: 2) { totalCount nodes { id } } }
      applications(first: 2) { totalCount nodes { rank citizen { id } offer { id } } } } } }`;
    expect(await statementsOf(query, { n: 2 })).toBe(await statementsOf(query, { n: 120 }));
    const placementsQuery = 'query($n: Int) { placements(first: $n) { nodes { offer { title } organisation { name } citizen { id } evaluation { score } } } }';
    expect(await statementsOf(placementsQuery, { n: 2 })).toBe(await statementsOf(placementsQuery, { n: 150 }));
  });

  it('resolves entities for the gateway in a fixed number of statements, null for unknown keys', async () => {
    const offers = await sqlRows<{ id: string; organisation_id: string }>(sql`select id, organisation_id from internship_offers order by id limit 100`);
    const placementIds = await sqlRows<{ id: string; citizen_id: string }>(sql`select id, citizen_id from placements order by id limit 100`);
    const representations = (n: number) => [
      ...offers.slice(0, n).map((o) => ({ __typename: 'InternshipOffer', id: o.id })),
      ...offers.slice(0, n).map((o) => ({ __typename: 'Organisation', id: o.organisation_id })),
      ...placementIds.slice(0, n).map((p) => ({ __typename: 'Placement', id: p.id })),
      ...placementIds.slice(0, n).map((p) => ({ __typename: 'Citizen', id: p.citizen_id })),
      ...['R11', '75', 'R93', '13', '2A', '971'].slice(0, Math.max(2, n / 10)).map((code) => ({ __typename: 'Territory', code })),
    ];
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on InternshipOffer { id title organisation { name } requiredSkills { level } applications(first: 3) { totalCount nodes { status } } }
      ... on Organisation { id name offers(first: 3, status: PUBLISHED) { totalCount nodes { id } } }
      ... on Placement { id status offer { id } }
      ... on Citizen { id placements { id } ranked: applications { rank } priorityHiringRight { validUntil } }
      ... on Territory { code internshipOffers(first: 3) { totalCount nodes { id } } } } }`;
    // One statement per loader the query touches, whatever the number of entities: 16 at most. A
    // citizen's placements come with their offers and organisations (one joined statement), so the
    // offer and organisation loaders run none when every key they are asked was among those: up to
    // 2 fewer, depending on which rows the keys meet.
    for (const n of [2, 30, 60]) {
      const statements = await statementsOf(query, { r: representations(n) });
      expect(statements).toBeLessThanOrEqual(16);
      expect(statements).toBeGreaterThanOrEqual(14);
    }

    const { data, errors } = await gql(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on InternshipOffer { id } ... on Organisation { id } ... on Placement { id } } }',
      {
        r: [
          { __typename: 'InternshipOffer', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'InternshipOffer', id: 'OFF-1' },
          { __typename: 'Organisation', id: '999999999' },
          { __typename: 'Organisation', id: 'ACME' },
          { __typename: 'Placement', id: 'nope' },
          { __typename: 'Organisation', id: offers[0]!.organisation_id },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data._entities.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(data._entities[5].id).toBe(offers[0]!.organisation_id);
  });

  it('answers the health probes', async () => {
    const base = service.url.replace('/graphql', '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
