// The floor of `pnpm bench`'s roster scenario: the same data fetched by one hand-written SQL query
// per owner, straight from each owner's PostgreSQL with postgres.js (prepared statements), on the
// same critical path the gateway's plan follows: education, then armed forces, economy and
// universities in parallel, then education again for the skills' names. No GraphQL, no HTTP.
import postgres from 'postgres';

type Sql = ReturnType<typeof postgres>;

export async function rosterFloor(urls: Record<string, string>, cohortIds: string[], rounds: number): Promise<{ p50: number; p95: number }> {
  const sql: Record<string, Sql> = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, postgres(url, { max: 4, onnotice: () => {} })]));
  const { education, 'armed-forces': armedForces, economy, universities } = sql as Record<string, Sql>;
  const once = async (cohortId: string) => {
    const roster = await education!`select c.name, c.track, e.status, e.citizen_id from cohorts c
      join enrollments e on e.cohort_id = c.id where c.id = ${cohortId} order by e.id limit 50`;
    const ids = roster.map((r) => r.citizen_id as string);
    const [reserve] = await Promise.all([
      armedForces!`select r.citizen_id, r.kind, r.engagement, s.skill_code, s.level from reservists r
        left join reservist_skills s on s.reservist_id = r.id where r.citizen_id = any(${ids}::uuid[])`,
      economy!`select p.citizen_id, p.status, p.start_date, o.title, g.name from placements p
        join internship_offers o on o.id = p.offer_id join organisations g on g.siren = o.organisation_id
        where p.citizen_id = any(${ids}::uuid[])`,
      universities!`select a.citizen_id, a.ects_credits, a.grade, m.title, u.name from credit_awards a
        join modules m on m.code = a.module_code join universities u on u.id = m.university_id
        where a.citizen_id = any(${ids}::uuid[])`,
    ]);
    const codes = [...new Set(reserve.map((r) => r.skill_code as string | null).filter((c): c is string => c !== null))];
    if (codes.length) await education!`select code, name from skills where code = any(${codes})`;
  };
  try {
    for (const id of cohortIds.slice(0, 10)) await once(id); // warm the prepared statements
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const id of cohortIds) {
        const t0 = performance.now();
        await once(id);
        times.push(performance.now() - t0);
      }
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]! };
  } finally {
    await Promise.all(Object.values(sql).map((s) => s.end()));
  }
}
