// The floor of `pnpm bench`: each read scenario's data fetched by hand-written SQL, one query per
// owner (two where an owner answers two unrelated things), straight from each owner's PostgreSQL
// with postgres.js (prepared statements), on the same critical path as the gateway's plan. No
// GraphQL, no HTTP, no authorization, no audit: what the databases alone cost.
import postgres from 'postgres';
import type { BenchRequest } from './scenarios';
import { quantile } from './stats';

type Sql = ReturnType<typeof postgres>;
type Owners = Record<'education' | 'armed-forces' | 'economy' | 'universities' | 'solidarity', Sql>;
type Floor = (db: Owners, variables: Record<string, unknown>) => Promise<void>;

const FLOORS: Record<string, Floor> = {
  async roster(db, { id }) {
    const roster = await db.education`select c.name, c.track, e.status, e.citizen_id from cohorts c
      join enrollments e on e.cohort_id = c.id where c.id = ${id as string} order by e.id limit 50`;
    const ids = roster.map((r) => r.citizen_id as string);
    const [reserve] = await Promise.all([
      db['armed-forces']`select r.citizen_id, r.kind, r.engagement, s.skill_code, s.level from reservists r
        left join reservist_skills s on s.reservist_id = r.id where r.citizen_id = any(${ids}::uuid[])`,
      db.economy`select p.citizen_id, p.status, p.start_date, o.title, g.name from placements p
        join internship_offers o on o.id = p.offer_id join organisations g on g.siren = o.organisation_id
        where p.citizen_id = any(${ids}::uuid[])`,
      db.universities`select a.citizen_id, a.ects_credits, a.grade, m.title, u.name from credit_awards a
        join modules m on m.code = a.module_code join universities u on u.id = m.university_id
        where a.citizen_id = any(${ids}::uuid[])`,
    ]);
    const codes = [...new Set(reserve.map((r) => r.skill_code as string | null).filter((c): c is string => c !== null))];
    if (codes.length) await db.education`select code, name from skills where code = any(${codes})`;
  },

  async indicators(db, { period }) {
    const regions = await db.solidarity`select t.code, t.insee_code, t.name, t.population, o.indicator_code, d.name as indicator, o.breakdown, o.value, o.status
      from territories t left join lateral (select * from indicator_observations o where o.territory_code = t.code and o.period = ${period as string} order by o.id limit 50) o on true
      left join indicator_definitions d on d.code = o.indicator_code where t.level = 'REGION' order by t.code limit 1000`;
    const insee = [...new Set(regions.map((r) => r.insee_code as string))];
    await Promise.all([
      db.economy`select region_code, count(*)::int from internship_offers where status = 'PUBLISHED' and region_code = any(${insee}) group by region_code`,
      db.universities`select region_code, count(*)::int from universities where region_code = any(${insee}) group by region_code`,
    ]);
  },

  async company(db, { org }) {
    const offers =
      await db.economy`select g.name, o.id, o.title, o.status, o.seats, o.department_code, a.rank, a.status as application, a.submitted_at, a.citizen_id
      from organisations g left join lateral (select * from internship_offers o where o.organisation_id = g.siren order by o.id limit 20) o on true
      left join lateral (select * from applications a where a.offer_id = o.id order by a.id limit 50) a on true where g.siren = ${org as string}`;
    const departments = [...new Set(offers.map((r) => r.department_code as string | null).filter((c): c is string => c !== null))];
    await db.solidarity`select code, name from territories where code = any(${departments})`;
  },

  async reserve(db, { skill }) {
    const found = await db['armed-forces']`with matching as (
        select r.id, r.kind, r.engagement, r.citizen_id from reservists r
        where exists (select 1 from reservist_skills s where s.reservist_id = r.id and s.skill_code = ${skill as string} and s.level >= 2))
      select m.*, (select count(*) from matching)::int as total, s.skill_code, s.level
      from (select * from matching order by id limit 50) m join reservist_skills s on s.reservist_id = m.id`;
    const citizens = [...new Set(found.map((r) => r.citizen_id as string | null).filter((c): c is string => c !== null))];
    const skills = [...new Set(found.map((r) => r.skill_code as string))];
    await db.education`select e.citizen_id, e.status::text, c.name, null::text as code from enrollments e join cohorts c on c.id = e.cohort_id
      where e.citizen_id = any(${citizens}::uuid[])
      union all select null, null, s.name, s.code from skills s where s.code = any(${skills})`;
  },
};

export const hasFloor = (scenario: string) => scenario in FLOORS;

/** p50 and p95 (ms) of the scenario's floor over the pool, `rounds` times, one request at a time. */
export async function measureFloor(
  urls: Record<string, string>,
  scenario: string,
  pool: BenchRequest[],
  rounds: number,
): Promise<{ p50: number; p95: number }> {
  const floor = FLOORS[scenario]!;
  const db = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, postgres(url, { max: 4, onnotice: () => {} })])) as Owners;
  try {
    for (const request of pool.slice(0, 10)) await floor(db, request.variables); // warm the prepared statements
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const request of pool) {
        const t0 = performance.now();
        await floor(db, request.variables);
        times.push(performance.now() - t0);
      }
    }
    times.sort((a, b) => a - b);
    return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
  } finally {
    await Promise.all(Object.values(db).map((s) => s.end()));
  }
}
