// Who may read and write what: every caller preset against every root field (mutations included),
// entity edge and `_entities` path, through the gateway and straight at the owning subgraph. The
// expectations are written out by hand from the design's caller table, not derived from the
// @scopes declarations under test.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, luhnComplete, todayInFrance, type CallerPreset, type SubgraphName } from '@snn/platform';
import { bearer, postGraphQL, type GraphQLResponse } from '@snn/platform/testing';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
let citizenId: string;
let reservistId: string;
beforeAll(async () => {
  fed = await bootFederation();
  const { data } = await fed.query('{ reservists(first: 1, filter: { kind: CITIZEN }) { nodes { id citizen { id } } } }');
  reservistId = data.reservists.nodes[0].id;
  citizenId = data.reservists.nodes[0].citizen.id;
  // The two company tenants are organisations of the economy database, so that they may post offers.
  for (const siren of ['300000012', '400000011']) {
    await fed.subgraphs.economy.database.db.execute(sql`insert into organisations (siren, siret, name, kind, naf_code, size, department_code, region_code)
      values (${siren}, ${luhnComplete(`${siren}0001`)}, ${`Tenant ${siren}`}, 'COMPANY', '62.01Z', 'SME', '75', '11')`);
  }
});
afterAll(async () => {
  await fed?.stop();
});

/** Tokens: each preset; university and company twice, as two tenants. */
const TOKENS: Array<[string, CallerPreset, string?]> = [
  ['education', 'education'],
  ['armed-forces', 'armed-forces'],
  ['solidarity', 'solidarity'],
  ['economy', 'economy'],
  ['university A', 'university', '0751000E'],
  ['university B', 'university', '0351370H'],
  ['company A', 'company', '300000012'],
  ['company B', 'company', '400000011'],
  ['parliament', 'parliament'],
];
const ALL = TOKENS.map(([name]) => name);
const MINISTRIES_AND_PARLIAMENT_INDICATORS = ['education', 'armed-forces', 'solidarity', 'economy', 'parliament'];

interface Cell {
  name: string;
  subgraph: SubgraphName;
  query: (caller: string) => string;
  allowed: string[];
}

/**
 * A published offer posted by `caller` for its own organisation (for company A's when it acts for no
 * company): the same each time, so the second call is a replay. Published, so that no test below
 * meets a tenant's draft it did not expect.
 */
function postOwnOffer(caller: string): string {
  const [, preset, own] = TOKENS.find(([n]) => n === caller) ?? [];
  const org = preset === 'company' && own ? own : '300000012';
  const today = todayInFrance();
  return `mutation { postInternshipOffer(idempotencyKey: "matrix-${caller.replace(/ /g, '-')}", input: {
    organisationId: "${org}", hostSiret: "${luhnComplete(`${org}0001`)}", partnerReference: "MATRIX-${caller.replace(/ /g, '-')}",
    title: "Analyste SOC junior", description: "Qualifier les alertes.", track: CYBERSECURITY,
    requiredSkills: [{ skillCode: "ECF.B.3", level: 2 }], location: "75", remotePolicy: ON_SITE,
    startDate: "${addDays(today, 60)}", durationMonths: 2, seats: 1, monthlyStipendCents: 0, expiresOn: "${addDays(today, 30)}",
    howToApply: "Par courriel.", tutorRole: "Responsable du SOC", clearance: NONE, publish: true }) { replayed offer { status } } }`;
}

const CELLS: Cell[] = [
  // Reference data: any valid token.
  { name: 'territories', subgraph: 'solidarity', query: () => '{ territories(first: 1) { nodes { code name } } }', allowed: ALL },
  { name: 'skills', subgraph: 'education', query: () => '{ skills(framework: ECSF) { code } }', allowed: ALL },
  { name: 'modules', subgraph: 'universities', query: () => '{ modules(first: 1) { nodes { code ectsCredits } } }', allowed: ALL },
  { name: 'internshipOffers (public fields)', subgraph: 'economy', query: () => '{ internshipOffers(first: 1) { nodes { title } } }', allowed: ALL },
  { name: 'militaryInternshipHosts', subgraph: 'armed-forces', query: () => '{ militaryInternshipHosts { name } }', allowed: ALL },
  // Cohorts.
  {
    name: 'cohorts',
    subgraph: 'education',
    query: () => '{ cohorts(first: 1) { nodes { name } } }',
    allowed: ['education', 'armed-forces', 'university A', 'university B'],
  },
  // Citizens and their personal data.
  { name: 'citizens', subgraph: 'education', query: () => '{ citizens(first: 1) { nodes { id } } }', allowed: ['education', 'armed-forces'] },
  { name: 'Citizen.birthDate (pii)', subgraph: 'education', query: () => `{ citizen(id: "${citizenId}") { birthDate } }`, allowed: ['education'] },
  {
    name: 'Cohort.enrollments',
    subgraph: 'education',
    query: () => '{ cohorts(first: 1) { nodes { enrollments(first: 1) { totalCount } } } }',
    allowed: ['education', 'armed-forces'],
  },
  // Reserve.
  { name: 'reservists', subgraph: 'armed-forces', query: () => '{ reservists(first: 1) { nodes { engagement } } }', allowed: ['armed-forces'] },
  { name: 'Reservist.clearance (pii)', subgraph: 'armed-forces', query: () => `{ reservist(id: "${reservistId}") { clearance } }`, allowed: ['armed-forces'] },
  { name: 'mobilisationOrders', subgraph: 'armed-forces', query: () => '{ mobilisationOrders(first: 1) { nodes { kind } } }', allowed: ['armed-forces'] },
  // Placements and credits.
  {
    name: 'placements',
    subgraph: 'economy',
    query: () => '{ placements(first: 1) { nodes { status } } }',
    allowed: ['education', 'economy', 'company A', 'company B'],
  },
  {
    name: 'creditAwards',
    subgraph: 'universities',
    query: () => '{ creditAwards(first: 1) { nodes { grade } } }',
    allowed: ['education', 'university A', 'university B'],
  },
  // Indicators: aggregates.
  { name: 'indicators', subgraph: 'solidarity', query: () => '{ indicators(first: 1) { nodes { value } } }', allowed: MINISTRIES_AND_PARLIAMENT_INDICATORS },
  {
    name: 'Territory.ubsCoverage',
    subgraph: 'solidarity',
    query: () => '{ territory(code: "R11") { ubsCoverage(period: "2025") { coverageRate } } }',
    allowed: MINISTRIES_AND_PARLIAMENT_INDICATORS,
  },
  // Writes: a company posts offers (offer:write), for its own organisation.
  { name: 'postInternshipOffer (own organisation)', subgraph: 'economy', query: postOwnOffer, allowed: ['company A', 'company B'] },
];

/** Entity edges, through the gateway (as part of a citizen) and as `_entities` at the owning subgraph. */
const EDGES: Array<{ name: string; subgraph: SubgraphName; typename: string; key: () => Record<string, string>; selection: string; allowed: string[] }> = [
  {
    name: 'Citizen.reservist',
    subgraph: 'armed-forces',
    typename: 'Citizen',
    key: () => ({ id: citizenId }),
    selection: 'reservist { engagement }',
    allowed: ['armed-forces'],
  },
  {
    name: 'Citizen.placements',
    subgraph: 'economy',
    typename: 'Citizen',
    key: () => ({ id: citizenId }),
    selection: 'placements { status }',
    allowed: ['education', 'economy', 'company A', 'company B'],
  },
  {
    name: 'Citizen.credits',
    subgraph: 'universities',
    typename: 'Citizen',
    key: () => ({ id: citizenId }),
    selection: 'credits { grade }',
    allowed: ['education', 'university A', 'university B'],
  },
  {
    name: 'Citizen.enrollments',
    subgraph: 'education',
    typename: 'Citizen',
    key: () => ({ id: citizenId }),
    selection: 'enrollments { status }',
    allowed: ['education', 'armed-forces'],
  },
  {
    name: 'Territory.indicators',
    subgraph: 'solidarity',
    typename: 'Territory',
    key: () => ({ code: '75' }),
    selection: 'indicators(first: 1) { totalCount }',
    allowed: MINISTRIES_AND_PARLIAMENT_INDICATORS,
  },
  {
    name: 'Reservist (entity)',
    subgraph: 'armed-forces',
    typename: 'Reservist',
    key: () => ({ id: reservistId }),
    selection: 'engagement',
    allowed: ['armed-forces'],
  },
];

const tokenCache = new Map<string, string>();
async function tokenOf(name: string): Promise<string> {
  const [, caller, org] = TOKENS.find(([n]) => n === name)!;
  if (!tokenCache.has(name)) tokenCache.set(name, await bearer(caller, org));
  return tokenCache.get(name)!;
}

const post = (url: string, token: string, query: string, variables = {}) => postGraphQL(url, query, variables, token);

function expectOutcome(body: GraphQLResponse, allowed: boolean, label: string) {
  if (allowed) {
    expect(body.errors, label).toBeUndefined();
  } else {
    expect(
      body.errors?.map((e) => e.extensions?.code),
      label,
    ).toContain('FORBIDDEN');
    // A denied field answers null: it never shows whether the object exists.
    expect(JSON.stringify(body.data ?? null), label).not.toMatch(/"(birthDate|clearance|engagement|status|grade|value|coverageRate)":"?[^n]/);
  }
}

describe.each(TOKENS.map(([name]) => name))('caller %s', (caller) => {
  it.each(CELLS)('$name through the gateway and at its subgraph', async (cell) => {
    const token = await tokenOf(caller);
    const allowed = cell.allowed.includes(caller);
    const viaGateway = await post(fed.gateway.url, token, cell.query(caller));
    expectOutcome(viaGateway.body, allowed, `${caller} × ${cell.name} via gateway`);
    if (!allowed) expect(viaGateway.status, 'rejected before fan-out').toBe(403);
    const direct = await post(fed.subgraphs[cell.subgraph].url, token, cell.query(caller));
    expectOutcome(direct.body, allowed, `${caller} × ${cell.name} at ${cell.subgraph}`);
  });

  it.each(EDGES)('$name as an edge through the gateway and through _entities', async (edge) => {
    const token = await tokenOf(caller);
    const allowed = edge.allowed.includes(caller);
    if (edge.typename === 'Citizen') {
      const viaGateway = await post(fed.gateway.url, token, `{ reservist(id: "${reservistId}") { citizen { ${edge.selection} } } }`);
      // Reading a citizen through a reservist also needs reserve access: only judge the edge itself.
      const codes = viaGateway.body.errors?.map((e) => e.extensions?.code) ?? [];
      if (allowed && caller === 'armed-forces') expect(codes).toEqual([]);
      if (!allowed) expect(codes).toContain('FORBIDDEN');
    }
    const entities = await post(
      fed.subgraphs[edge.subgraph].url,
      token,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${edge.typename} { ${edge.selection} } } }`,
      { r: [{ __typename: edge.typename, ...edge.key() }] },
    );
    expectOutcome(entities.body, allowed, `${caller} × _entities ${edge.name}`);
  });
});

describe('denied fields do not reveal whether an object exists', () => {
  it('a forbidden citizen lookup is FORBIDDEN for a known and an unknown id alike', async () => {
    const token = await tokenOf('parliament');
    for (const id of [citizenId, '00000000-0000-4000-8000-000000000000']) {
      const { status, body } = await post(fed.subgraphs.education.url, token, `{ citizen(id: "${id}") { id } }`);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(body.data?.citizen ?? null).toBeNull();
    }
  });
});

describe('tenants: a company and a university see only their own rows', () => {
  it('a company reads only its own placements, and cannot ask for another’s', async () => {
    const all = await fed.query('{ placements(first: 200) { nodes { id organisation { id } } } }');
    const owner = all.data.placements.nodes[0].organisation.id as string;
    const other = (all.data.placements.nodes as any[]).find((p) => p.organisation.id !== owner).organisation.id as string;
    const token = await bearer('company', owner);
    const own = await post(fed.gateway.url, token, '{ placements(first: 200) { totalCount nodes { id organisation { id } } } }');
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.placements.nodes.length).toBeGreaterThan(0);
    for (const p of own.body.data.placements.nodes) expect(p.organisation.id).toBe(owner);
    const foreign = await post(fed.gateway.url, token, `{ placements(filter: { organisationId: "${other}" }) { totalCount } }`);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreignId = (all.data.placements.nodes as any[]).find((p) => p.organisation.id === other).id;
    const lookup = await post(fed.subgraphs.economy.url, token, `{ placement(id: "${foreignId}") { id } }`);
    expect(lookup.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const entity = await post(fed.subgraphs.economy.url, token, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Placement { id } } }', {
      r: [{ __typename: 'Placement', id: foreignId }],
    });
    expect(entity.body.data._entities).toEqual([null]);
  });

  it('a company sees a citizen’s placements with itself only', async () => {
    const all = await fed.query('{ placements(first: 50) { nodes { citizen { id } organisation { id } } } }');
    const { citizen, organisation } = all.data.placements.nodes[0];
    const q = `{ _entities(representations: [{ __typename: "Citizen", id: "${citizen.id}" }]) { ... on Citizen { placements { organisation { id } } } } }`;
    const mine = await post(fed.subgraphs.economy.url, await bearer('company', organisation.id), q);
    expect(mine.body.data._entities[0].placements.map((p: any) => p.organisation.id)).toContain(organisation.id);
    const stranger = await post(fed.subgraphs.economy.url, await bearer('company', organisation.id === '300000012' ? '400000011' : '300000012'), q);
    expect(stranger.body.data._entities[0].placements).toEqual([]);
  });

  it('a company posts offers for its own organisation only', async () => {
    const token = await tokenOf('company A');
    // Company A's own offer, with company B named as its organisation.
    const foreign = postOwnOffer('company A')
      .replace(/"300000012/g, '"400000011')
      .replace('matrix-company-A', 'matrix-foreign');
    for (const url of [fed.gateway.url, fed.subgraphs.economy.url]) {
      const { status, body } = await post(url, token, foreign);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(body.data?.postInternshipOffer ?? null).toBeNull();
    }
    const { body } = await post(
      fed.gateway.url,
      await tokenOf('company B'),
      '{ organisation(id: "400000011") { offers(first: 200) { nodes { partnerReference } } } }',
    );
    expect(body.data.organisation.offers.nodes.map((o: any) => o.partnerReference)).not.toContain('MATRIX-company-A');
  });

  it('a university reads only the credits it awarded', async () => {
    const all = await fed.query('{ creditAwards(first: 200) { nodes { id citizen { id } awardingBody { id } } } }');
    const uai = all.data.creditAwards.nodes[0].awardingBody.id as string;
    const token = await bearer('university', uai);
    const own = await post(fed.gateway.url, token, '{ creditAwards(first: 200) { nodes { awardingBody { id } } } }');
    expect(own.body.data.creditAwards.nodes.length).toBeGreaterThan(0);
    for (const c of own.body.data.creditAwards.nodes) expect(c.awardingBody.id).toBe(uai);
    const otherAward = (all.data.creditAwards.nodes as any[]).find((c) => c.awardingBody.id !== uai);
    const lookup = await post(fed.subgraphs.universities.url, token, `{ creditAward(id: "${otherAward.id}") { id } }`);
    expect(lookup.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const q = `{ _entities(representations: [{ __typename: "Citizen", id: "${otherAward.citizen.id}" }]) { ... on Citizen { credits { awardingBody { id } } } } }`;
    const seen = await post(fed.subgraphs.universities.url, token, q);
    for (const c of seen.body.data._entities[0].credits) expect(c.awardingBody.id).toBe(uai);
  });
});

describe('the gateway cuts forbidden fields and answers the rest', () => {
  it('answers null with FORBIDDEN at a forbidden root field and runs the others', async () => {
    const { status, body } = await post(
      fed.gateway.url,
      await tokenOf('education'),
      '{ cohorts(first: 1) { nodes { name } } reservists(first: 1) { nodes { engagement } } }',
    );
    expect(status).toBe(200);
    expect(body.data.cohorts.nodes).toHaveLength(1);
    expect(body.data.reservists).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ path: ['reservists'], extensions: { code: 'FORBIDDEN' } })]);
  });

  it('answers null at every element of a list for a nested forbidden field, without asking its subgraph', async () => {
    const done = fed.statementsSince();
    const { body } = await post(
      fed.gateway.url,
      await tokenOf('armed-forces'),
      '{ reservists(first: 20, filter: { kind: CITIZEN }) { nodes { engagement citizen { id credits { grade } } } } }',
    );
    const statements = done();
    const nodes = body.data.reservists.nodes as any[];
    expect(nodes).toHaveLength(20);
    for (const n of nodes) expect(n.citizen).toEqual({ id: expect.any(String), credits: null });
    expect(body.errors).toHaveLength(20);
    expect(body.errors![0]).toMatchObject({ path: ['reservists', 'nodes', 0, 'citizen', 'credits'], extensions: { code: 'FORBIDDEN' } });
    expect(body.errors![0]!.message).toMatch(/credit:read/);
    expect(statements.universities).toBe(0);
  });

  it('keeps one caller’s cut plan away from another caller sending the same query', async () => {
    const query = '{ citizens(first: 2) { nodes { id birthDate } } }';
    const cut = await post(fed.gateway.url, await tokenOf('armed-forces'), query);
    expect(cut.body.data.citizens.nodes.map((n: any) => n.birthDate)).toEqual([null, null]);
    const full = await post(fed.gateway.url, await tokenOf('education'), query);
    expect(full.body.errors).toBeUndefined();
    for (const n of full.body.data.citizens.nodes) expect(n.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('rejects an operation with nothing readable left with 403 before any subgraph is called', async () => {
    const done = fed.statementsSince();
    const { status, body } = await post(
      fed.gateway.url,
      await tokenOf('parliament'),
      '{ citizens(first: 5) { nodes { birthDate } } reservists { totalCount } }',
    );
    expect(status).toBe(403);
    expect(body.data ?? null).toBeNull();
    expect((body.errors![0]!.extensions.denied as unknown[]).length).toBe(2);
    expect(Object.values(done()).every((n) => n === 0)).toBe(true);
  });
});

describe('unpublished offers are seen by their organisation and the ministry only', () => {
  it('a draft reads as missing to another company and to Parliament, and is listed for its owner and the ministry', async () => {
    const all = await fed.query(
      '{ internshipOffers(first: 200, filter: { status: DRAFT }) { nodes { id organisation { id } } } }',
      {},
      undefined,
      await tokenOf('economy'),
    );
    expect(all.errors).toBeUndefined();
    const draft = all.data.internshipOffers.nodes[0];
    expect(draft, 'the test universe has a draft offer').toBeDefined();
    const owner = await bearer('company', draft.organisation.id);
    const stranger = await bearer('company', draft.organisation.id === '300000012' ? '400000011' : '300000012');
    const byId = `{ internshipOffer(id: "${draft.id}") { id status } }`;
    const listed = `{ internshipOffers(first: 200, filter: { status: DRAFT }) { nodes { id } } organisation(id: "${draft.organisation.id}") { offers(first: 200, status: DRAFT) { totalCount nodes { id } } } }`;

    for (const token of [owner, await tokenOf('economy')]) {
      expect((await post(fed.gateway.url, token, byId)).body.data.internshipOffer).toEqual({ id: draft.id, status: 'DRAFT' });
      const { body } = await post(fed.gateway.url, token, listed);
      expect(body.data.internshipOffers.nodes.map((n: any) => n.id)).toContain(draft.id);
      expect(body.data.organisation.offers.nodes.map((n: any) => n.id)).toContain(draft.id);
    }
    for (const token of [stranger, await tokenOf('parliament')]) {
      expect((await post(fed.gateway.url, token, byId)).body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      const { body } = await post(fed.gateway.url, token, listed);
      expect(body.errors).toBeUndefined();
      expect(body.data.internshipOffers.nodes).toEqual([]);
      expect(body.data.organisation.offers).toEqual({ totalCount: 0, nodes: [] });
      const entity = await post(fed.subgraphs.economy.url, token, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on InternshipOffer { id } } }', {
        r: [{ __typename: 'InternshipOffer', id: draft.id }],
      });
      expect(entity.body.data._entities).toEqual([null]);
    }
  });
});
