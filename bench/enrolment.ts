// `pnpm bench:enrolment`: a national intake of --citizens (default 100,000) enrolled through the
// gateway in batches of enrollCitizens (--batch, default 1,000; --concurrency requests at once),
// side by side with a plain bulk INSERT of the same enrolment rows into the same tables, in
// alternating rounds on one PostgreSQL database. The API's work per row beyond the INSERT: the
// eligibility checks, the cohort's lock and seat count, the history row, the event (an outbox row),
// the idempotency key and the audit row.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { startGateway } from '@snn/gateway';
import { addDays, addMonths, bulkInsert, openDatabase, REGIONS, startSubgraph, SUBGRAPHS, todayInFrance, TRACKS } from '@snn/platform';
import { bearer, postGraphQL, testAuthConfig } from '@snn/platform/testing';
import education from '@snn/education';
import { citizens } from '@snn/education/data/tables';
import { DEFAULT_BENCH_POSTGRES, freshBenchDatabase } from './services';

const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    postgres: { type: 'string', default: DEFAULT_BENCH_POSTGRES },
  },
});
const total = Number(values.citizens);
const batch = Number(values.batch);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);

// ---- a fresh database, the citizens registered (not measured)
const url = await freshBenchDatabase(values.postgres, 'snn_bench_enrolment');
const database = await openDatabase({ kind: 'postgres', url });
await database.migrate(education.migrationsFolder);
const today = todayInFrance();
const people = Array.from({ length: total }, (_, i) => ({
  id: randomUUID(),
  birthDate: addMonths(today, -12 * (19 + (i % 6))),
  departmentCode: '35',
  regionCode: '53',
  educationLevel: 'BAC' as const,
  graduate: true,
}));
await bulkInsert(database.db, citizens, people);

const auth = await testAuthConfig();
// No relay: the outbox rows are written (part of the write), publishing them is bench:events' subject.
const subgraph = await startSubgraph(education, { database, port: 0, seed: false, auth, events: false });
// The other owners are not asked by these mutations; their URLs only complete the supergraph.
const gateway = await startGateway({
  port: 0,
  auth,
  subgraphUrls: Object.fromEntries(SUBGRAPHS.map((n) => [n, n === 'education' ? subgraph.url : 'http://127.0.0.1:9/graphql'])),
});
const token = await bearer('education');

// One cohort per region and track, as a national intake opens them, sized for its share.
const startDate = addDays(today, 30);
const perCohort = Math.ceil(total / (REGIONS.length * TRACKS.length));
const cohortIds: string[] = [];
for (const region of REGIONS) {
  for (const track of TRACKS) {
    const input = {
      name: `Bench ${track} R${region.code}`,
      track,
      region: `R${region.code}`,
      phase: 'NATIONAL',
      startDate,
      endDate: addDays(addMonths(startDate, 9), -1),
      capacity: perCohort,
      nonGraduatePath: true,
    };
    const { body } = await postGraphQL(
      gateway.url,
      'mutation($input: CreateCohortInput!, $key: ID!) { createCohort(input: $input, idempotencyKey: $key) { cohort { id } } }',
      { input, key: randomUUID() },
      token,
    );
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    cohortIds.push(body.data.createCohort.cohort.id);
  }
}

/** The intake's batches: each cohort's citizens, in slices of --batch. */
const batches: Array<{ cohortId: string; citizenIds: string[] }> = [];
cohortIds.forEach((cohortId, k) => {
  const mine = people.slice(k * perCohort, (k + 1) * perCohort).map((p) => p.id);
  for (let i = 0; i < mine.length; i += batch) batches.push({ cohortId, citizenIds: mine.slice(i, i + batch) });
});

const sql = postgres(url, { max: concurrency, onnotice: () => {} });
async function wipe(): Promise<void> {
  await sql`delete from enrollment_transitions`;
  await sql`delete from enrollments`;
  await sql`delete from idempotency_keys`;
  await sql`delete from outbox`;
  await sql`vacuum analyze enrollments, enrollment_transitions, idempotency_keys, outbox`;
}

async function inParallel(work: (b: (typeof batches)[number]) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) await work(batches[next++] as (typeof batches)[number]);
    }),
  );
  return (performance.now() - started) / 1000;
}

const ENROL = 'mutation($k: ID!, $ids: [ID!]!, $key: ID!) { enrollCitizens(cohortId: $k, citizenIds: $ids, idempotencyKey: $key) { enrollments { id } } }';
const viaApi = () =>
  inParallel(async ({ cohortId, citizenIds }) => {
    const { body } = await postGraphQL(gateway.url, ENROL, { k: cohortId, ids: citizenIds, key: randomUUID() }, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  });
const plainInsert = () =>
  inParallel(async ({ cohortId, citizenIds }) => {
    const rows = citizenIds.map((citizenId) => ({ id: randomUUID(), citizen_id: citizenId, cohort_id: cohortId, status: 'ENROLLED', enrolled_on: today }));
    await sql`insert into enrollments ${sql(rows)}`;
  });

const results: Array<{ round: number; api: number; insert: number }> = [];
for (let round = 1; round <= rounds; round++) {
  // Alternate which goes first, so that the machine's drift falls on both alike.
  const order = round % 2 === 1 ? (['api', 'insert'] as const) : (['insert', 'api'] as const);
  const r = { round, api: 0, insert: 0 };
  for (const which of order) {
    await wipe();
    r[which] = which === 'api' ? await viaApi() : await plainInsert();
    const [{ n }] = (await sql`select count(*)::int as n from enrollments`) as unknown as [{ n: number }];
    if (n !== total) throw new Error(`${which}: ${n} enrolments, expected ${total}`);
  }
  results.push(r);
  console.log(`round ${round}: API ${r.api.toFixed(2)} s, plain INSERT ${r.insert.toFixed(2)} s`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const api = median(results.map((r) => r.api));
const insert = median(results.map((r) => r.insert));
console.log(
  `\n${total} enrolments in ${batches.length} batches of up to ${batch}, ${concurrency} at once (median of ${rounds} rounds):\n` +
    `| path | seconds | enrolments/s |\n|---|---|---|\n` +
    `| enrollCitizens through the gateway | ${api.toFixed(2)} | ${Math.round(total / api)} |\n` +
    `| plain bulk INSERT (postgres.js) | ${insert.toFixed(2)} | ${Math.round(total / insert)} |\n` +
    `API / INSERT time: ×${(api / insert).toFixed(2)}`,
);

await sql.end();
await gateway.stop();
await subgraph.stop();
await database.close();
