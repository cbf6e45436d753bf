// The ranked reserve search: who holds the needed skills at the needed level, best fit first. One
// statement: the skill index gives each need's holders, the reservists' own columns filter and rank
// them, and PostgreSQL keeps the page's top rows (no per-request sort of the whole reserve here).
import { sql, type SQL } from 'drizzle-orm';
import { daysBetween, rowsOf, type Db } from '@snn/platform';
import { clearancesAtLeast, type Clearance, type ReservistRow } from './reservists';

export interface SkillNeed {
  code: string;
  minLevel: number;
}

export interface ReserveSearch {
  /** Distinct skill codes, each with the lowest level that counts. */
  needs: SkillNeed[];
  /** ALL: every need met; ANY: at least one. */
  match: 'ALL' | 'ANY';
  /** Where the need is: its départements rank first (0), then the rest of its region (1), then elsewhere (2). */
  near?: { departments: string[]; region: string[] };
  /** The period the reservists are wanted for, both days included: under contract all of it. */
  from: string;
  until: string;
  engagement?: ReservistRow['engagement'];
  minClearance?: Clearance;
  /** A condition on `r` (the reservists table) that a caller adds, e.g. not yet called by an order. */
  also?: SQL;
}

/**
 * One reservist found, with the keys it is ranked by, in this order:
 * - matched: needs met (ANY), most first;
 * - certified: of those, certifications still valid on the first day wanted, most first;
 * - surplus: levels above the minimums, summed, most first;
 * - proximity: 0 in the need's territory, 1 in its region, 2 elsewhere (all 0 without a territory);
 * - availableDays: days of the period within the windows the reservist declared, most first;
 * - id: the tie-break, so a page boundary never splits or repeats ties.
 */
export interface SearchHit {
  id: string;
  matched: number;
  certified: number;
  surplus: number;
  proximity: number;
  availableDays: number;
}

/** The rank keys as one ascending tuple, the cursor's content. */
export type RankKey = [number, number, number, number, number, string];
export const rankKeyOf = (h: SearchHit): RankKey => [-h.matched, -h.certified, -h.surplus, h.proximity, -h.availableDays, h.id];

/** The hits as a CTE `hit` (with each one's department for the facets). */
function hitsCte(s: ReserveSearch): SQL {
  const needed = s.match === 'ALL' ? s.needs.length : 1;
  const codes = sql.param(s.needs.map((n) => n.code));
  const levels = sql.param(s.needs.map((n) => n.minLevel));
  const proximity = s.near
    ? sql`case when r.department_code = any(${sql.param(s.near.departments)}::text[]) then 0
               when r.department_code = any(${sql.param(s.near.region)}::text[]) then 1 else 2 end`
    : sql`0`;
  const filters = [
    sql`r.contract_start <= ${s.from}::date and r.contract_end >= ${s.until}::date`,
    s.engagement ? sql`r.engagement = ${s.engagement}` : undefined,
    s.minClearance ? sql`r.clearance::text = any(${sql.param(clearancesAtLeast(s.minClearance))}::text[])` : undefined,
    s.also,
  ].filter((f): f is SQL => f !== undefined);
  return sql`need as (select * from unnest(${codes}::text[], ${levels}::int[]) as n(code, min_level)),
    fit as (
      select sk.reservist_id, count(*)::int as matched,
             (count(*) filter (where sk.expires_on >= ${s.from}::date))::int as certified,
             sum(sk.level - need.min_level)::int as surplus
      from need cross join lateral (
        select reservist_id, level, expires_on from reservist_skills s where s.skill_code = need.code and s.level >= need.min_level) sk
      group by sk.reservist_id
      having count(*) >= ${needed}::int),
    hit as (
      select r.id, r.department_code, f.matched, f.certified, f.surplus, ${proximity} as proximity,
             least(${daysBetween(s.from, s.until) + 1}::int, coalesce((
               select sum(least(a.to_date, ${s.until}::date) - greatest(a.from_date, ${s.from}::date) + 1)
               from reservist_availability a
               where a.reservist_id = r.id and a.from_date <= ${s.until}::date and a.to_date >= ${s.from}::date), 0))::int as available_days
      from fit f join reservists r on r.id = f.reservist_id
      where ${sql.join(filters, sql` and `)})`;
}

interface HitLine {
  id: string;
  matched: number;
  certified: number;
  surplus: number;
  proximity: number;
  available_days: number;
}

const RANK_ORDER = sql`matched desc, certified desc, surplus desc, proximity, available_days desc, id`;

/** The ids of the best `limit` hits, as a subquery (an order's call-up inserts from it directly). */
export function bestHitIds(s: ReserveSearch, limit: number): SQL {
  return sql`(with ${hitsCte(s)} select id from hit order by ${RANK_ORDER} limit ${limit}::int)`;
}

/** Up to `limit` hits ranked after `after` (a rank key from an earlier page), best first. */
export async function searchReserve(db: Db, s: ReserveSearch, limit: number, after: RankKey | null): Promise<SearchHit[]> {
  const cursor = after
    ? sql`where (-matched, -certified, -surplus, proximity, -available_days, id) >
             (${after[0]}::int, ${after[1]}::int, ${after[2]}::int, ${after[3]}::int, ${after[4]}::int, ${after[5]}::uuid)`
    : sql``;
  const rows = await rowsOf<HitLine>(
    db,
    sql`with ${hitsCte(s)}
        select id, matched, certified, surplus, proximity, available_days from hit ${cursor}
        order by ${RANK_ORDER}
        limit ${limit}::int`,
  );
  return rows.map((r) => ({
    id: r.id,
    matched: Number(r.matched),
    certified: Number(r.certified),
    surplus: Number(r.surplus),
    proximity: Number(r.proximity),
    availableDays: Number(r.available_days),
  }));
}

export interface LevelCount {
  skillCode: string;
  level: number;
  count: number;
}

export interface SearchFacets {
  total: number;
  /** Hits per département, most first then by code. */
  territories: Array<{ departmentCode: string; count: number }>;
  /** Hits per needed skill and the level they hold it at (hits of ANY may hold one below its minimum). */
  levels: LevelCount[];
}

/** The whole result's counts, for a map and a level histogram: one statement. */
export async function searchFacets(db: Db, s: ReserveSearch): Promise<SearchFacets> {
  const rows = await rowsOf<{ facet: 'T' | 'L'; key: string; level: number | null; n: number }>(
    db,
    sql`with ${hitsCte(s)}
        select 'T' as facet, department_code as key, null::int as level, count(*)::int as n from hit group by department_code
        union all
        select 'L', sk.skill_code, sk.level, count(*)::int from hit join reservist_skills sk
          on sk.reservist_id = hit.id and sk.skill_code = any(${sql.param(s.needs.map((n) => n.code))}::text[])
        group by sk.skill_code, sk.level`,
  );
  const territories = rows
    .filter((r) => r.facet === 'T')
    .map((r) => ({ departmentCode: r.key, count: Number(r.n) }))
    .sort((a, b) => b.count - a.count || (a.departmentCode < b.departmentCode ? -1 : 1));
  const levels = rows
    .filter((r) => r.facet === 'L')
    .map((r) => ({ skillCode: r.key, level: Number(r.level), count: Number(r.n) }))
    .sort((a, b) => (a.skillCode < b.skillCode ? -1 : a.skillCode > b.skillCode ? 1 : a.level - b.level));
  return { total: territories.reduce((sum, t) => sum + t.count, 0), territories, levels };
}
