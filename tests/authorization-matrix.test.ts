// Who may read what: every caller preset against every root field, entity edge and `_entities`
// path, through the gateway and straight at the owning subgraph. The expectations are written out
// by hand from the design's caller table, not derived from the @scopes declarations under test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type CallerPreset, type SubgraphName } from '@snn/platform';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
let citizenId: string;
let reservistId: string;
beforeAll(async () => {
  fed = await bootFederation();
  const { data } = await fed.query('{ reservists(first: 1, filter: { kind: CITIZEN }) { nodes { id citizen { id } } } }');
  reservistId = data.reservists.nodes[0].id;
  citizenId = data.reservists.nodes[0].citizen.id;
});
afterAll(async () => {
  await fed?.stop();
});

/** Tokens: each preset; university and company twice, as two tenants. */
const TOKENS: Array<[string, CallerPreset, string?]> = [
  ['education', 'education'], ['armed-forces', 'armed-forces'], ['solidarity', 'solidarity'], ['economy', 'economy'],
  ['university A', 'university', '0751000E'], ['university B', 'university', '0351370H'],
  ['company A', 'company', '300000012'], ['company B', 'company', '400000011'], ['parliament', 'parliament'],
];
const ALL = TOKENS.map(([name]) => name);
const MINISTRIES_AND_PARLIAMENT_INDICATORS = ['education', 'armed-forces', 'solidarity', 'economy', 'parliament'];

interface Cell { name: string; subgraph: SubgraphName; query: () => string; allowed: string[] }

const CELLS: Cell[] = [
  // Reference data: any valid token.
  { name: 'territories', subgraph: 'solidarity', query: () => '{ territories(first: 1) { nodes { code name } } }', allowed: ALL },
  { name: 'skills', subgraph: 'education', query: () => '{ skills(framework: ECSF) { code } }', allowed: ALL },
  { name: 'modules', subgraph: 'universities', query: () => '{ modules(first: 1) { nodes { code ectsCredits } } }', allowed: ALL },
  { name: 'internshipOffers (public fields)', subgraph: 'economy', query: () => '{ internshipOffers(first: 1) { nodes { title } } }', allowed: ALL },
  { name: 'militaryInternshipHosts', subgraph: 'armed-forces', query: () => '{ militaryInternshipHosts { name } }', allowed: ALL },
  // Cohorts.
  { name: 'cohorts', subgraph: 'education', query: () => '{ cohorts(first: 1) { nodes { name } } }', allowed: ['education', 'armed-forces', 'university A', 'university B'] },
  // Citizens and their personal data.
  { name: 'citizens', subgraph: 'education', query: () => '{ citizens(first: 1) { nodes { id } } }', allowed: ['education', 'armed-forces'] },
  { name: 'Citizen.birthDate (pii)', subgraph: 'education', query: () => `{ citizen(id: "${citizenId}") { birthDate } }`, allowed: ['education'] },
  { name: 'Cohort.enrollments', subgraph: 'education', query: () => '{ cohorts(first: 1) { nodes { enrollments(first: 1) { totalCount } } } }', allowed: ['education', 'armed-forces'] },
  // Reserve.
  { name: 'reservists', subgraph: 'armed-forces', query: () => '{ reservists(first: 1) { nodes { engagement } } }', allowed: ['armed-forces'] },
  { name: 'Reservist.clearance (pii)', subgraph: 'armed-forces', query: () => `{ reservist(id: "${reservistId}") { clearance } }`, allowed: ['armed-forces'] },
  { name: 'mobilisationOrders', subgraph: 'armed-forces', query: () => '{ mobilisationOrders(first: 1) { nodes { kind } } }', allowed: ['armed-forces'] },
  // Placements and credits.
  { name: 'placements', subgraph: 'economy', query: () => '{ placements(first: 1) { nodes { status } } }', allowed: ['education', 'economy', 'company A', 'company B'] },
  { name: 'creditAwards', subgraph: 'universities', query: () => '{ creditAwards(first: 1) { nodes { grade } } }', allowed: ['education', 'university A', 'university B'] },
  // Indicators: aggregates.
  { name: 'indicators', subgraph: 'solidarity', query: () => '{ indicators(first: 1) { nodes { value } } }', allowed: MINISTRIES_AND_PARLIAMENT_INDICATORS },
  { name: 'Territory.ubsCoverage', subgraph: 'solidarity', query: () => '{ territory(code: "R11") { ubsCoverage(period: "2025") { coverageRate } } }', allowed: MINISTRIES_AND_PARLIAMENT_INDICATORS },
];

/** Entity edges, through the gateway (as part of a citizen) and as `_entities` at the owning subgraph. */
const EDGES: Array<{ name: string; subgraph: SubgraphName; typename: string; key: () => Record<string, string>; selection: string; allowed: string[] }> = [
  { name: 'Citizen.reservist', subgraph: 'armed-forces', typename: 'Citizen', key: () => ({ id: citizenId }), selection: 'reservist { engagement }', allowed: ['armed-forces'] },
  { name: 'Citizen.placements', subgraph: 'economy', typename: 'Citizen', key: () => ({ id: citizenId }), selection: 'placements { status }', allowed: ['education', 'economy', 'company A', 'company B'] },
  { name: 'Citizen.credits', subgraph: 'universities', typename: 'Citizen', key: () => ({ id: citizenId }), selection: 'credits { grade }', allowed: ['education', 'university A', 'university B'] },
  { name: 'Citizen.enrollments', subgraph: 'education', typename: 'Citizen', key: () => ({ id: citizenId }), selection: 'enrollments { status }', allowed: ['education', 'armed-forces'] },
  { name: 'Territory.indicators', subgraph: 'solidarity', typename: 'Territory', key: () => ({ code: '75' }), selection: 'indicators(first: 1) { totalCount }', allowed: MINISTRIES_AND_PARLIAMENT_INDICATORS },
  { name: 'Reservist (entity)', subgraph: 'armed-forces', typename: 'Reservist', key: () => ({ id: reservistId }), selection: 'engagement', allowed: ['armed-forces'] },
];

const tokenCache = new Map<string, string>();
async function tokenOf(name: string): Promise<string> {
  const [, caller, org] = TOKENS.find(([n]) => n === name)!;
  if (!tokenCache.has(name)) tokenCache.set(name, await bearer(caller, org));
  return tokenCache.get(name)!;
}

async function post(url: string, token: string, query: string, variables = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> } };
}

function expectOutcome(body: { data?: any; errors?: Array<{ extensions?: { code?: string } }> }, allowed: boolean, label: string) {
  if (allowed) {
    expect(body.errors, label).toBeUndefined();
  } else {
    expect(body.errors?.map((e) => e.extensions?.code), label).toContain('FORBIDDEN');
    // A denied field answers null: it never shows whether the object exists.
    expect(JSON.stringify(body.data ?? null), label).not.toMatch(/"(birthDate|clearance|engagement|status|grade|value|coverageRate)":"?[^n]/);
  }
}

describe.each(TOKENS.map(([name]) => name))('caller %s', (caller) => {
  it.each(CELLS)('$name through the gateway and at its subgraph', async (cell) => {
    const token = await tokenOf(caller);
    const allowed = cell.allowed.includes(caller);
    const viaGateway = await post(fed.gateway.url, token, cell.query());
    expectOutcome(viaGateway.body, allowed, `${caller} × ${cell.name} via gateway`);
    if (!allowed) expect(viaGateway.status, 'rejected before fan-out').toBe(403);
    const direct = await post(fed.subgraphs[cell.subgraph].url, token, cell.query());
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
      fed.subgraphs[edge.subgraph].url, token,
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
