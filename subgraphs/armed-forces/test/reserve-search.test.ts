// Query.searchReserve against a brute-force filter over the same generated reserve: the same
// reservists in the same order, paged with cursors; facets and totals; bad input; who may search.
// The armed-forces subgraph alone over real HTTP on port 0 (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, departmentCodesOf, region, regionCodeOf, rowsOf, territoryByCode, todayInFrance } from '@snn/platform';
import { bearer, bearerWithScopes, postGraphQL, startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import { Rng } from '@snn/platform/demo';
import armedForces from '../src/server';

let service: TestSubgraph;
let officer: string;

interface Reservist {
  id: string;
  department: string;
  engagement: string;
  clearance: string;
  contractStart: string;
  contractEnd: string;
  skills: Map<string, { level: number; expiresOn: string }>;
  windows: Array<[string, string]>;
}
let reserve: Reservist[];

const SEARCH = `query($skills: [SkillNeed!]!, $match: SkillMatch, $territory: ID, $from: Date, $until: Date, $engagement: Engagement, $minClearance: Clearance, $first: Int, $after: String) {
  searchReserve(skills: $skills, match: $match, territory: $territory, availableFrom: $from, availableUntil: $until, engagement: $engagement, minClearance: $minClearance, first: $first, after: $after) {
    nodes { reservist { id } matchedSkills certifiedSkills levelsAboveMinimum proximity availableDays }
    pageInfo { hasNextPage endCursor }
  } }`;
const FACETS = `query($skills: [SkillNeed!]!, $match: SkillMatch, $territory: ID, $from: Date, $until: Date) {
  searchReserve(skills: $skills, match: $match, territory: $territory, availableFrom: $from, availableUntil: $until, first: 1) {
    totalCount facets { territories { territory { code } count } levels { skill { code name } level count } } } }`;

interface Search {
  skills: Array<{ skill: string; minLevel: number }>;
  match: 'ALL' | 'ANY';
  territory?: string;
  from: string;
  until: string;
  engagement?: string;
  minClearance?: string;
}

const CLEARANCES = ['NONE', 'SECRET', 'TRES_SECRET'];
const days = (from: string, until: string) => Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000) + 1;

/** The documented ranking, written plainly over every reservist. */
function bruteForce(s: Search) {
  const t = s.territory ? territoryByCode(s.territory) : undefined;
  const own = t ? departmentCodesOf(t) : [];
  const ofRegion = t ? departmentCodesOf(region(regionCodeOf(t)) ?? t) : [];
  const hits = [];
  for (const r of reserve) {
    if (r.contractStart > s.from || r.contractEnd < s.until) continue;
    if (s.engagement && r.engagement !== s.engagement) continue;
    if (s.minClearance && CLEARANCES.indexOf(r.clearance) < CLEARANCES.indexOf(s.minClearance)) continue;
    const met = s.skills.filter((n) => (r.skills.get(n.skill)?.level ?? 0) >= n.minLevel);
    if (met.length === 0 || (s.match === 'ALL' && met.length < s.skills.length)) continue;
    let available = 0;
    for (const [a, b] of r.windows) {
      const lo = a > s.from ? a : s.from;
      const hi = b < s.until ? b : s.until;
      if (lo <= hi) available += days(lo, hi);
    }
    hits.push({
      id: r.id,
      matched: met.length,
      certified: met.filter((n) => (r.skills.get(n.skill) as { expiresOn: string }).expiresOn >= s.from).length,
      surplus: met.reduce((sum, n) => sum + (r.skills.get(n.skill) as { level: number }).level - n.minLevel, 0),
      proximity: !t ? 0 : own.includes(r.department) ? 0 : ofRegion.includes(r.department) ? 1 : 2,
      available: Math.min(available, days(s.from, s.until)),
      department: r.department,
    });
  }
  return hits.sort(
    (a, b) =>
      b.matched - a.matched ||
      b.certified - a.certified ||
      b.surplus - a.surplus ||
      a.proximity - b.proximity ||
      b.available - a.available ||
      (a.id < b.id ? -1 : 1),
  );
}

/** Every page of a search, `first` at a time. */
async function allPages(s: Search, first: number) {
  const found = [];
  let after: string | null = null;
  for (let pages = 0; pages < 200; pages++) {
    const res: { body: { errors?: unknown; data?: any } } = await postGraphQL(service.url, SEARCH, { ...s, first, after }, officer);
    expect(res.body.errors).toBeUndefined();
    const { nodes, pageInfo }: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = res.body.data.searchReserve;
    found.push(...nodes);
    if (!pageInfo.hasNextPage) return found;
    after = pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

function randomSearch(rng: Rng, today: string): Search {
  // Half the searches take the skills of one reservist (so that ALL finds some), half any held skills.
  const anchor = reserve[rng.int(0, reserve.length - 1)] as Reservist;
  const held = rng.int(0, 1) === 0 ? [...anchor.skills.keys()].sort() : [...new Set(reserve.flatMap((r) => [...r.skills.keys()]))].sort();
  const skills = rng.sample(held, rng.int(1, Math.min(3, held.length))).map((skill) => ({ skill, minLevel: rng.int(1, 3) }));
  const from = addDays(today, rng.int(-120, 120));
  const territories = ['75', '35', '13', '2A', '971', 'R53', 'R84', undefined];
  return {
    skills,
    match: rng.int(0, 1) === 0 ? 'ALL' : 'ANY',
    territory: territories[rng.int(0, territories.length - 1)],
    from,
    until: addDays(from, rng.int(0, 40)),
    engagement: rng.int(0, 3) === 0 ? 'ACTIVE' : undefined,
    minClearance: rng.int(0, 3) === 0 ? 'SECRET' : undefined,
  };
}

beforeAll(async () => {
  service = await startTestSubgraph(armedForces, { citizens: 3000, seed: 11 });
  officer = await bearer('armed-forces');
  const db = service.database.db;
  const rows = await rowsOf<{ id: string; department_code: string; engagement: string; clearance: string; contract_start: string; contract_end: string }>(
    db,
    sql`select id, department_code, engagement, clearance, contract_start::text, contract_end::text from reservists`,
  );
  const byId = new Map<string, Reservist>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        department: r.department_code,
        engagement: r.engagement,
        clearance: r.clearance,
        contractStart: r.contract_start,
        contractEnd: r.contract_end,
        skills: new Map(),
        windows: [],
      },
    ]),
  );
  for (const s of await rowsOf<{ reservist_id: string; skill_code: string; level: number; expires_on: string }>(
    db,
    sql`select reservist_id, skill_code, level, expires_on::text from reservist_skills`,
  ))
    byId.get(s.reservist_id)?.skills.set(s.skill_code, { level: Number(s.level), expiresOn: s.expires_on });
  for (const w of await rowsOf<{ reservist_id: string; from_date: string; to_date: string }>(
    db,
    sql`select reservist_id, from_date::text, to_date::text from reservist_availability`,
  ))
    byId.get(w.reservist_id)?.windows.push([w.from_date, w.to_date]);
  reserve = [...byId.values()];
});
afterAll(async () => {
  await service?.stop();
});

describe('searchReserve', () => {
  it('finds the same reservists in the same order as a brute-force filter, page after page', async () => {
    expect(reserve.length).toBeGreaterThan(100);
    const rng = new Rng(20261208, 'reserve-search', 0);
    const today = todayInFrance();
    let nonEmpty = 0;
    for (let k = 0; k < 40; k++) {
      const s = randomSearch(rng, today);
      const expected = bruteForce(s);
      const found = await allPages(s, [3, 7, 50][k % 3] as number);
      const proximity = ['SAME_DEPARTMENT', 'SAME_REGION', 'ELSEWHERE'];
      expect(
        found.map((n: any) => n.reservist.id),
        JSON.stringify(s),
      ).toEqual(expected.map((h) => h.id));
      expect(found.map((n: any) => [n.matchedSkills, n.certifiedSkills, n.levelsAboveMinimum, n.proximity, n.availableDays])).toEqual(
        expected.map((h) => [h.matched, h.certified, h.surplus, s.territory ? proximity[h.proximity] : null, h.available]),
      );
      if (expected.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('counts the whole result per département and per level held', async () => {
    const rng = new Rng(7, 'reserve-facets', 0);
    const today = todayInFrance();
    for (let k = 0; k < 6; k++) {
      const s = { ...randomSearch(rng, today), engagement: undefined, minClearance: undefined };
      const expected = bruteForce(s);
      const res = await postGraphQL(service.url, FACETS, s, officer);
      expect(res.body.errors).toBeUndefined();
      const { totalCount, facets } = res.body.data.searchReserve;
      expect(totalCount).toBe(expected.length);
      const perDepartment = new Map<string, number>();
      for (const h of expected) perDepartment.set(h.department, (perDepartment.get(h.department) ?? 0) + 1);
      expect(new Map(facets.territories.map((t: any) => [t.territory.code, t.count]))).toEqual(perDepartment);
      const perLevel = new Map<string, number>();
      const ids = new Set(expected.map((h) => h.id));
      for (const r of reserve.filter((r) => ids.has(r.id)))
        for (const n of s.skills) {
          const held = r.skills.get(n.skill);
          if (held) perLevel.set(`${n.skill}/${held.level}`, (perLevel.get(`${n.skill}/${held.level}`) ?? 0) + 1);
        }
      expect(new Map(facets.levels.map((l: any) => [`${l.skill.code}/${l.level}`, l.count]))).toEqual(perLevel);
      expect(facets.levels.every((l: any) => typeof l.skill.name === 'string')).toBe(true);
    }
  });

  it('refuses bad input with the field', async () => {
    const base = { skills: [{ skill: 'ECSF.INCIDENT_RESPONDER', minLevel: 2 }] };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ skills: [{ skill: 'ECF.Z.99', minLevel: 2 }] }, 'skills[0].skill'],
      [{ skills: [{ skill: 'ECF.B.3', minLevel: 6 }] }, 'skills[0].minLevel'],
      [{ skills: [{ skill: 'ECF.B.3', minLevel: 0 }] }, 'skills[0].minLevel'],
      [
        {
          skills: [
            { skill: 'ECF.B.3', minLevel: 2 },
            { skill: 'ECF.B.3', minLevel: 3 },
          ],
        },
        'skills[1].skill',
      ],
      [{ skills: [] }, 'skills'],
      [{ ...base, territory: '96' }, 'territory'],
      [{ ...base, territory: 'R99' }, 'territory'],
      [{ ...base, from: '2027-03-10', until: '2027-03-01' }, 'availableUntil'],
      [{ ...base, from: '2027-03-10', until: '2029-03-01' }, 'availableUntil'],
      [{ ...base, after: 'bm90IGEgY3Vyc29y' }, 'after'],
    ];
    for (const [vars, field] of cases) {
      const res = await postGraphQL(service.url, SEARCH, vars, officer);
      expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.extensions?.field, JSON.stringify(vars)).toBe(field);
    }
    // DigComp has eight levels: 8 is a level, not an error.
    expect((await postGraphQL(service.url, SEARCH, { skills: [{ skill: 'DIGCOMP.4.1', minLevel: 8 }] }, officer)).body.errors).toBeUndefined();
    // A cursor belongs to its search: another search (other level, other territory) refuses it.
    const first = await postGraphQL(service.url, SEARCH, { ...base, match: 'ANY', first: 1 }, officer);
    const cursor = first.body.data.searchReserve.pageInfo.endCursor;
    expect(cursor).toBeTruthy();
    for (const other of [{ ...base, territory: '75' }, { skills: [{ skill: 'ECSF.INCIDENT_RESPONDER', minLevel: 3 }] }]) {
      const res = await postGraphQL(service.url, SEARCH, { ...other, after: cursor }, officer);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await postGraphQL(service.url, SEARCH, { ...base, match: 'ANY', after: cursor }, officer)).body.errors).toBeUndefined();
  });

  it('is for the reserve alone; proximity needs reserve:pii', async () => {
    const vars = { skills: [{ skill: 'ECSF.INCIDENT_RESPONDER', minLevel: 1 }], territory: '75', first: 5 };
    for (const caller of ['university', 'company', 'parliament', 'education', 'economy'] as const) {
      const token = await bearer(caller, caller === 'university' ? '0751717J' : caller === 'company' ? '552081317' : undefined);
      const res = await postGraphQL(service.url, SEARCH, vars, token);
      expect(res.body.errors?.[0]?.extensions?.code, caller).toBe('FORBIDDEN');
      expect(res.body.data?.searchReserve ?? null).toBeNull();
    }
    const reader = await bearerWithScopes('reserve:read');
    const res = await postGraphQL(service.url, SEARCH, vars, reader);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.body.errors?.[0]?.path).toContain('proximity');
    const noProximity = SEARCH.replace(' proximity', '');
    const ok = await postGraphQL(service.url, noProximity, vars, reader);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.searchReserve.nodes.length).toBeGreaterThan(0);
  });
});
