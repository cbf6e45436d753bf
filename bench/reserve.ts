// `pnpm bench:reserve`: the technology reserve at national scale on PostgreSQL. --reservists
// (default 200,000) × 10 certified skills each, seeded by SQL (not measured). The armed-forces
// subgraph and our gateway run as their own processes; --searches (default 300) 3-skill
// searchReserve queries through the gateway, each side by side with the same search written as one
// hand-written SQL statement through postgres.js (the floor), in alternating order. p50 and p99 of
// both, and their ratio (target: p99 ≤ 3× the floor's). Then --orders (default 5) crisis orders
// through the gateway, each calling up 1,000 reservists of Île-de-France (3 requirements), end to
// end: the mutation's answer with its live fill (target < 2 s).
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { addDays, DEPARTMENTS, openDatabase, ROOT_DIR, SKILLS, todayInFrance } from '@snn/platform';
import { postGraphQL } from '@snn/platform/testing';
import armedForces from '@snn/armed-forces';
import { runTs, waitForHttp } from '../scripts/processes';
import { assertPortsFree, benchEnv, benchIssuer, DEFAULT_BENCH_POSTGRES, freshBenchDatabase, subgraphPort } from './services';
import { quantile } from './stats';

const { values } = parseArgs({
  options: {
    reservists: { type: 'string', default: '200000' },
    searches: { type: 'string', default: '300' },
    orders: { type: 'string', default: '5' },
    postgres: { type: 'string', default: DEFAULT_BENCH_POSTGRES },
    reuse: { type: 'boolean', default: false },
  },
});
const RESERVISTS = Number(values.reservists);
const SEARCHES = Number(values.searches);
const NAME = 'snn_bench_armed_forces';
const GATEWAY_PORT = 4194;
const CODES = SKILLS.filter((s) => s.framework !== 'DIGCOMP').map((s) => s.code);
const DEPARTMENT_CODES = DEPARTMENTS.map((d) => d.code);
const today = todayInFrance();

const url = `${values.postgres}/${NAME}`;
const reused = values.reuse && (await seeded()) === RESERVISTS;
if (!reused) await freshBenchDatabase(values.postgres, NAME);
const database = await openDatabase({ kind: 'postgres', url });
await database.migrate(armedForces.migrationsFolder);
await database.close();
const sql = postgres(url, { max: 1, onnotice: () => {} });

async function seeded(): Promise<number> {
  const probe = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = (await probe`select count(*)::int as n from reservists`) as unknown as [{ n: number }];
    return row.n;
  } catch {
    return 0;
  } finally {
    await probe.end();
  }
}

// ---- the reserve, by SQL. Ids are md5 UUIDs of their index; each reservist holds 10 of the e-CF
// and ECSF skills at levels 1–5, a third of the certifications past expiry, two availability windows.
if (!reused) {
  const t = performance.now();
  await sql`insert into reservists (id, kind, citizen_id, engagement, clearance, department_code, contract_start, contract_end, annual_days, short_notice_clause)
    select md5('reservist' || i)::uuid, 'PROFESSIONAL', null, (case when i % 3 = 0 then 'PASSIVE' else 'ACTIVE' end)::engagement,
      (case when i % 10 < 6 then 'NONE' when i % 10 < 9 then 'SECRET' else 'TRES_SECRET' end)::clearance,
      (${DEPARTMENT_CODES}::text[])[1 + i % ${DEPARTMENT_CODES.length}], ${addDays(today, -400)}::date + (i % 300), ${addDays(today, 900)}::date + (i % 300),
      30, i % 4 = 0
    from generate_series(1, ${RESERVISTS}) i`;
  await sql`insert into reservist_skills (reservist_id, skill_code, level, certified_by, certified_on, expires_on)
    select md5('reservist' || i)::uuid, s.code, 1 + abs(hashtext(i || s.code)) % 5, 'COMCYBER',
      ${addDays(today, -900)}::date + abs(hashtext(s.code || i)) % 800, ${addDays(today, -300)}::date + abs(hashtext(s.code || i)) % 900
    from generate_series(1, ${RESERVISTS}) i
    cross join lateral (select code from unnest(${CODES}::text[]) code order by md5(i || code) limit 10) s`;
  await sql`insert into reservist_availability (reservist_id, from_date, to_date)
    select md5('reservist' || i)::uuid, ${today}::date + (i % 60) + w * 120, ${today}::date + (i % 60) + w * 120 + 10 + i % 30
    from generate_series(1, ${RESERVISTS}) i, generate_series(0, 1) w`;
  await sql`vacuum analyze reservists, reservist_skills, reservist_availability`;
  console.log(`seeded ${RESERVISTS} reservists × 10 skills in ${((performance.now() - t) / 1000).toFixed(0)} s`);
} else console.log(`reusing the ${RESERVISTS} reservists seeded earlier in ${NAME}`);

// ---- the searches: 3 distinct skills at level 2 or 3 (ALL), a département, a fortnight from next month.
let state = 20261208;
const next = (n: number) => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n;
interface Search {
  skills: Array<{ skill: string; minLevel: number }>;
  territory: string;
  from: string;
  until: string;
}
const searches: Search[] = Array.from({ length: SEARCHES }, () => {
  const codes = new Set<string>();
  while (codes.size < 3) codes.add(CODES[next(CODES.length)] as string);
  const from = addDays(today, 30 + next(30));
  return {
    skills: [...codes].map((skill) => ({ skill, minLevel: 2 + next(2) })),
    territory: DEPARTMENT_CODES[next(DEPARTMENT_CODES.length)] as string,
    from,
    until: addDays(from, 14),
  };
});

const QUERY = `query($skills: [SkillNeed!]!, $territory: ID, $from: Date, $until: Date) {
  searchReserve(skills: $skills, match: ALL, territory: $territory, availableFrom: $from, availableUntil: $until, first: 20) {
    nodes { reservist { id engagement } matchedSkills certifiedSkills levelsAboveMinimum availableDays }
    pageInfo { hasNextPage endCursor } } }`;

/** The floor: the documented ranking as one statement written by hand, the first 20 rows. */
async function floor(s: Search): Promise<string[]> {
  const region = DEPARTMENTS.find((d) => d.code === s.territory)?.regionCode;
  const regionDepartments = DEPARTMENTS.filter((d) => d.regionCode === region).map((d) => d.code);
  const rows = await sql.unsafe(
    `with fit as (
       select sk.reservist_id, count(*) as matched, count(*) filter (where sk.expires_on >= $3::date) as certified, sum(sk.level - n.min_level) as surplus
       from unnest($1::text[], $2::int[]) n(code, min_level)
       cross join lateral (select reservist_id, level, expires_on from reservist_skills s where s.skill_code = n.code and s.level >= n.min_level) sk
       group by sk.reservist_id having count(*) = 3)
     select r.id, r.engagement, f.matched, f.certified, f.surplus,
       case when r.department_code = $5 then 0 when r.department_code = any($6::text[]) then 1 else 2 end as proximity,
       least(15, coalesce((select sum(least(a.to_date, $4::date) - greatest(a.from_date, $3::date) + 1) from reservist_availability a
         where a.reservist_id = r.id and a.from_date <= $4::date and a.to_date >= $3::date), 0)) as available_days
     from fit f join reservists r on r.id = f.reservist_id
     where r.contract_start <= $3::date and r.contract_end >= $4::date
     order by matched desc, certified desc, surplus desc, proximity, available_days desc, id limit 21`,
    [s.skills.map((k) => k.skill), s.skills.map((k) => k.minLevel), s.from, s.until, s.territory, regionDepartments] as never[],
  );
  return rows.map((r) => r.id as string);
}

await assertPortsFree([subgraphPort('armed-forces'), GATEWAY_PORT]);
const issuer = await benchIssuer();
const env = { ...benchEnv(values.postgres, issuer), ARMED_FORCES_DATABASE_URL: url, SNN_EVENTS: 'false' };
const children = [
  runTs('armed-forces', path.join(ROOT_DIR, 'subgraphs', 'armed-forces', 'src', 'index.ts'), [], env),
  runTs('gateway', path.join(ROOT_DIR, 'gateway', 'src', 'index.ts'), [], { ...env, GATEWAY_PORT: String(GATEWAY_PORT) }),
];
try {
  await waitForHttp(`http://127.0.0.1:${subgraphPort('armed-forces')}/health/ready`, children[0]!, 120_000);
  const gateway = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
  await waitForHttp(gateway, children[1]!, 60_000, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  const token = `Bearer ${await issuer.sign({ sub: 'snn-bench:armed-forces', scope: 'reserve:read reserve:mobilise', client_kind: 'armed-forces' })}`;

  const viaGateway = async (s: Search): Promise<string[]> => {
    const { body } = await postGraphQL(gateway, QUERY, { ...s }, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data.searchReserve.nodes.map((n: { reservist: { id: string } }) => n.reservist.id);
  };
  // Warm-up, and a check that both give the same first page.
  for (const s of searches.slice(0, 20)) {
    const [a, b] = [await viaGateway(s), await floor(s)];
    if (JSON.stringify(a) !== JSON.stringify(b.slice(0, 20))) throw new Error(`the gateway and the floor disagree on ${JSON.stringify(s)}`);
  }
  const api: number[] = [];
  const sqlOnly: number[] = [];
  let hits = 0;
  for (const [k, s] of searches.entries()) {
    for (const which of k % 2 === 0 ? (['api', 'sql'] as const) : (['sql', 'api'] as const)) {
      const started = performance.now();
      const ids = which === 'api' ? await viaGateway(s) : await floor(s);
      (which === 'api' ? api : sqlOnly).push(performance.now() - started);
      if (which === 'api') hits += ids.length;
    }
  }
  api.sort((a, b) => a - b);
  sqlOnly.sort((a, b) => a - b);
  const [p50, p99, f50, f99] = [quantile(api, 0.5), quantile(api, 0.99), quantile(sqlOnly, 0.5), quantile(sqlOnly, 0.99)];
  console.log(`\n${SEARCHES} searches of 3 skills (ALL) over ${RESERVISTS} reservists × 10 skills, ${(hits / SEARCHES).toFixed(1)} hits a page on average:`);
  console.log('| | p50 ms | p99 ms |\n|---|---|---|');
  console.log(`| searchReserve through the gateway | ${p50!.toFixed(1)} | ${p99!.toFixed(1)} |`);
  console.log(`| floor: one hand-written SQL statement | ${f50!.toFixed(1)} | ${f99!.toFixed(1)} |`);
  console.log(`gateway ÷ floor: p50 ×${(p50! / f50!).toFixed(2)}, p99 ×${(p99! / f99!).toFixed(2)} (target p99 ≤ ×3)`);

  // ---- crisis orders: each reports on its own fortnight, so the one-duty-at-a-time rule leaves
  // the next order other reservists to call.
  await sql`delete from mobilisation_responses`;
  await sql`delete from skill_requirements`;
  await sql`delete from mobilisation_orders`;
  await sql`delete from idempotency_keys`;
  const ISSUE = `mutation($req: [RequirementInput!]!, $at: Date!, $deadline: DateTime!, $key: ID!) {
    issueMobilisationOrder(kind: CRISIS, issuedBy: "COMCYBER", motive: "Bench", duty: "Bench", requirements: $req, area: "R11",
      reportAt: $at, durationDays: 10, deadline: $deadline, overCallPercent: 0, idempotencyKey: $key) {
      id requirements { count called pending } } }`;
  const orderTimes: number[] = [];
  for (let k = 0; k < Number(values.orders); k++) {
    const at = addDays(today, 35 + 15 * k);
    const req = ['ECSF.INCIDENT_RESPONDER', 'ECSF.FORENSICS', 'ECF.B.3'].map((skill, i) => ({ skill, minLevel: 2, count: i === 0 ? 334 : 333 }));
    const started = performance.now();
    const { body } = await postGraphQL(
      gateway,
      ISSUE,
      { req, at, deadline: new Date(Date.now() + 2 * 86_400_000).toISOString(), key: `bench-${Date.now()}-${k}` },
      token,
    );
    orderTimes.push(performance.now() - started);
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    const calledNow = body.data.issueMobilisationOrder.requirements.reduce((n: number, q: { called: number }) => n + q.called, 0);
    if (calledNow !== 1000) throw new Error(`order ${k} called ${calledNow}, not 1000`);
  }
  orderTimes.sort((a, b) => a - b);
  console.log(
    `\n${orderTimes.length} crisis orders calling up 1,000 reservists each (3 requirements, Île-de-France): median ${quantile(orderTimes, 0.5)!.toFixed(0)} ms, slowest ${orderTimes[orderTimes.length - 1]!.toFixed(0)} ms (target < 2,000 ms)`,
  );
} finally {
  for (const child of children) child.kill('SIGTERM');
  await sql.end();
}
