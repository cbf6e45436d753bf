// `pnpm bench:credits`: a university publishes --awards (default 10,000) credit awards in one
// publishCredits call to the universities subgraph (its own process, so that its memory is its
// own), side by side with a plain multi-row INSERT of the same rows into the same table (the
// floor), in alternating rounds on one PostgreSQL database. The call's work beyond the INSERT: the
// idempotency key, the per-row checks (enrolment, 60-ECTS cap, dates, grade), the enrolment rows
// locked, the events, the audit row and the answer. Peak memory: the subgraph's resident set at its
// highest during the call (the kernel's high-water mark, reset before it), above its resident set just before.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { addDays, bulkInsert, openDatabase, ROOT_DIR, todayInFrance } from '@snn/platform';
import { postGraphQL } from '@snn/platform/testing';
import universities from '@snn/universities';
import { modules, serviceEnrolments, universities as universityTable } from '@snn/universities/data/tables';
import { runTs, waitForHttp } from '../scripts/processes';
import { benchIssuer, DEFAULT_BENCH_POSTGRES, freshBenchDatabase } from './services';

const { values } = parseArgs({
  options: {
    awards: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    postgres: { type: 'string', default: DEFAULT_BENCH_POSTGRES },
  },
});
const total = Number(values.awards);
const rounds = Number(values.rounds);
const UAI = '0751717J';
const MODULE = `${UAI}-BENCH`;
const PORT = 4195;

// ---- a fresh database: one university, one module, the citizens enrolled (not measured)
const url = await freshBenchDatabase(values.postgres, 'snn_bench_credits');
const database = await openDatabase({ kind: 'postgres', url });
await database.migrate(universities.migrationsFolder);
await database.db.insert(universityTable).values({ id: UAI, name: 'Université Bench', departmentCode: '75', regionCode: '11' });
await database.db
  .insert(modules)
  .values({ code: MODULE, universityId: UAI, title: 'Bench', track: 'CYBERSECURITY', ectsCredits: 6, hours: 160, language: 'fr' });
const today = todayInFrance();
const citizens = Array.from({ length: total }, () => randomUUID());
await bulkInsert(
  database.db,
  serviceEnrolments,
  citizens.map((citizenId) => ({ enrollmentId: randomUUID(), citizenId, enrolledOn: addDays(today, -200) })),
);
await database.close();

const issuer = await benchIssuer();
const child = runTs('universities', path.join(ROOT_DIR, 'subgraphs', 'universities', 'src', 'index.ts'), [], {
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  SNN_SEED_DEMO: 'false',
  SNN_EVENTS: 'false',
  SNN_JWKS_FILE: issuer.jwksPath,
  UNIVERSITIES_DATABASE_URL: url,
  UNIVERSITIES_PORT: String(PORT),
});
const endpoint = `http://127.0.0.1:${PORT}/graphql`;
await waitForHttp(`http://127.0.0.1:${PORT}/health/ready`, child, 120_000);
const token = `Bearer ${await issuer.sign({ sub: 'snn-bench:university', scope: 'credit:publish credit:read', org: UAI, client_kind: 'university' })}`;

const awardedOn = addDays(today, -10);
const awards = citizens.map((citizenId) => ({ citizenId, ects: 6, grade: '14.5', gradeScale: 'FR_20', awardedOn }));
const PUBLISH = 'mutation($m: ID!, $a: [CreditAwardInput!]!, $k: ID!) { publishCredits(moduleCode: $m, awards: $a, idempotencyKey: $k) { published } }';

const sql = postgres(url, { max: 1, onnotice: () => {} });
async function wipe(): Promise<void> {
  await sql`delete from credit_awards`;
  await sql`delete from idempotency_keys`;
  await sql`delete from outbox`;
  await sql`vacuum analyze credit_awards, idempotency_keys, outbox`;
}

const statusKiB = (field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
const rssKiB = () => statusKiB('VmRSS');
/** Resets the kernel's high-water mark of the child's resident set (Linux clear_refs 5), so VmHWM is this call's peak. */
function resetPeak(): boolean {
  try {
    writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function viaApi(): Promise<{ seconds: number; peakMiB: number }> {
  const idle = rssKiB();
  const exact = resetPeak();
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKiB())), 10);
  const started = performance.now();
  const { body } = await postGraphQL(endpoint, PUBLISH, { m: MODULE, a: awards, k: randomUUID() }, token);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (exact) peak = Math.max(peak, statusKiB('VmHWM'));
  if (body.errors || body.data.publishCredits.published !== total) throw new Error(JSON.stringify(body.errors ?? body.data).slice(0, 500));
  return { seconds, peakMiB: (peak - idle) / 1024 };
}

/** The same rows, as multi-row INSERTs: 4,000 rows a statement keeps under PostgreSQL's 65,535 parameters. */
async function plainInsert(): Promise<number> {
  const rows = citizens.map((citizenId) => ({
    id: randomUUID(),
    citizen_id: citizenId,
    module_code: MODULE,
    university_id: UAI,
    ects_credits: 6,
    grade: 14.5,
    grade_scale: 'FR_20',
    status: 'PROVISIONAL',
    assessed_on: awardedOn,
    awarded_on: awardedOn,
    published_by: 'snn-bench:university',
    published_at: new Date(),
  }));
  const started = performance.now();
  await sql.begin(async (tx) => {
    for (let i = 0; i < rows.length; i += 4000) await tx`insert into credit_awards ${sql(rows.slice(i, i + 4000))}`;
  });
  return (performance.now() - started) / 1000;
}

const results: Array<{ round: number; api: number; insert: number; peakMiB: number }> = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const r = { round, api: 0, insert: 0, peakMiB: 0 };
    // Alternate which goes first, so that the machine's drift falls on both alike.
    for (const which of round % 2 === 1 ? (['api', 'insert'] as const) : (['insert', 'api'] as const)) {
      await wipe();
      if (which === 'api') ({ seconds: r.api, peakMiB: r.peakMiB } = await viaApi());
      else r.insert = await plainInsert();
      const [{ n }] = (await sql`select count(*)::int as n from credit_awards`) as unknown as [{ n: number }];
      if (n !== total) throw new Error(`${which}: ${n} awards, expected ${total}`);
    }
    results.push(r);
    console.log(`round ${round}: publishCredits ${r.api.toFixed(2)} s (peak +${r.peakMiB.toFixed(0)} MiB), plain INSERT ${r.insert.toFixed(2)} s`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const api = median(results.map((r) => r.api));
  const insert = median(results.map((r) => r.insert));
  const peak = Math.max(...results.map((r) => r.peakMiB));
  console.log(
    `\n${total} awards in one call (median of ${rounds} rounds):\n` +
      `| path | seconds | awards/s |\n|---|---|---|\n` +
      `| publishCredits at the universities subgraph | ${api.toFixed(2)} | ${Math.round(total / api)} |\n` +
      `| plain multi-row INSERT (postgres.js, one transaction) | ${insert.toFixed(2)} | ${Math.round(total / insert)} |\n` +
      `publishCredits / INSERT time: ×${(api / insert).toFixed(2)} (target ≤ ×3); subgraph peak memory above idle: ${peak.toFixed(0)} MiB (target < 256)`,
  );
} finally {
  await sql.end();
  child.kill('SIGTERM');
}
