// `pnpm bench:placement`: a national placement round on PostgreSQL. --citizens candidates (default
// 800,000) × 10 ranked choices over --offers national-round offers (default 50,000; ≈ 0.9 seat
// per candidate, a fifth of them with a reserved seat), seeded by SQL (not measured). Then, side by
// side in alternating rounds: merely reading the choices into memory (postgres.js, one cursor over
// the lists, offer ids into a typed array: the floor of any round's reading), and the round as the
// service runs it — reading its inputs, matching, writing the outcome — then publishing it
// (placements and their events in one transaction). Peak memory: this process's resident set at its
// highest above its level before the round (kernel high-water mark), and around the matching alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import postgres from 'postgres';
import { ensureAuditLog, openDatabase, type Viewer } from '@snn/platform';
import economy from '@snn/economy';
import { readRoundInputs } from '@snn/economy/placement/inputs';
import { deferredAcceptance } from '@snn/economy/placement/matching';
import { rankChoices } from '@snn/economy/placement/round';
import { executeRound, publishRound, requestRound } from '@snn/economy/placement/rounds';
import { DEFAULT_BENCH_POSTGRES, freshBenchDatabase } from './services';

const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: '800000' },
    offers: { type: 'string', default: '50000' },
    rounds: { type: 'string', default: '2' },
    postgres: { type: 'string', default: DEFAULT_BENCH_POSTGRES },
    // Keep the market of an earlier run of the same size (seeding it takes minutes).
    reuse: { type: 'boolean', default: false },
  },
});
const CITIZENS = Number(values.citizens);
const OFFERS = Number(values.offers);
const ROUNDS = Number(values.rounds);
const CHOICES = 10;
const INTAKE = '2027-03';
const TRACKS = 4;
const perTrack = Math.floor(OFFERS / TRACKS);
// Distinct choices: the r-th is `step × r` further along the track's offers, `step × 9` < offers per track.
const STEP = Math.max(1, Math.floor(perTrack / CHOICES) - 1);

const NAME = 'snn_bench_placement';
const reused = values.reuse && (await seededCandidates()) === CITIZENS;
const url = reused ? `${values.postgres}/${NAME}` : await freshBenchDatabase(values.postgres, NAME);
const database = await openDatabase({ kind: 'postgres', url });
await database.migrate(economy.migrationsFolder);
await ensureAuditLog(database.db);
const sql = postgres(url, { max: 1, onnotice: () => {} });

/** The candidates an earlier run left in the bench database; 0 when there is none. */
async function seededCandidates(): Promise<number> {
  const probe = postgres(`${values.postgres}/${NAME}`, { max: 1, onnotice: () => {} });
  try {
    const [row] = (await probe`select count(*)::int as n from placement_candidates`) as unknown as [{ n: number }];
    const [offers] = (await probe`select count(*)::int as n from internship_offers`) as unknown as [{ n: number }];
    return offers.n === OFFERS ? row.n : 0;
  } catch {
    return 0;
  } finally {
    await probe.end();
  }
}

const t = performance.now();
if (!reused) await seedMarket();
else console.log(`reusing the market of ${CITIZENS} candidates seeded earlier in ${NAME}`);

// ---- the market, by SQL (not measured). Ids are md5 UUIDs of their index; track = index mod 4.
async function seedMarket(): Promise<void> {
  await sql`insert into organisations (siren, siret, name, kind, naf_code, size, department_code, region_code)
  values ('552081317', '55208131700016', 'Bench SA', 'COMPANY', '62.01Z', 'LARGE', '75', '11')`;
  const seatsTarget = Math.round(0.9 * CITIZENS);
  await sql`insert into internship_offers (id, organisation_id, host_siret, partner_reference, title, description, track, department_code, region_code,
    remote_policy, start_date, duration_months, seats, monthly_stipend_cents, expires_on, how_to_apply, tutor_role, clearance, status, published_at,
    national_round, reserved_seats, reserve_category)
  select md5('offer' || i)::uuid, '552081317', '55208131700016', 'OFF-' || i, 'Offre ' || i, 'Bench', (array['CYBERSECURITY','PROGRAMMING','AI','CRITICAL_INFRASTRUCTURE'])[i % 4 + 1]::track,
    lpad((1 + i % 95)::text, 2, '0'), lpad((11 + i % 18)::text, 2, '0'), 'ON_SITE', date '2027-03-02' + (i % 90), 6,
    greatest(1, ${seatsTarget}::int / ${OFFERS}::int + (i % 5) - 2), 66990, date '2027-02-15', 'Bench', 'Tuteur',
    (case when i % 20 = 0 then 'SECRET' else 'NONE' end)::clearance, 'PUBLISHED', now(), true,
    (case when i % 10 < 2 then 1 else 0 end), (case when i % 10 = 0 then 'NON_GRADUATE' when i % 10 = 1 then 'PRIORITY_NEIGHBOURHOOD' end)::reserve_category
  from generate_series(0, ${OFFERS - 1}) i`;
  await sql`insert into offer_skills (offer_id, skill_code, level)
  select md5('offer' || i)::uuid, 'SKILL.' || ((i + k * 7) % 20), 2 + (i + k) % 2 from generate_series(0, ${OFFERS - 1}) i, generate_series(0, 1) k`;
  await sql`insert into placement_candidates (citizen_id, enrollment_id, cohort_id, track, department_code, region_code, non_graduate, priority_neighbourhood,
    internship_from, internship_until, intake, skills, profile_at)
  select md5('citizen' || c)::uuid, md5('enrolment' || c)::uuid, md5('cohort' || (c % 500))::uuid,
    (array['CYBERSECURITY','PROGRAMMING','AI','CRITICAL_INFRASTRUCTURE'])[c % 4 + 1]::track,
    lpad((1 + (c / 7) % 95)::text, 2, '0'), lpad((11 + (c / 7) % 18)::text, 2, '0'), c % 7 = 0, c % 11 = 0,
    date '2027-03-02', date '2027-09-01', ${INTAKE},
    jsonb_build_array(jsonb_build_object('code', 'SKILL.' || (c % 20), 'level', 1 + c % 4), jsonb_build_object('code', 'SKILL.' || ((c + 7) % 20), 'level', 1 + (c / 3) % 4)),
    now()
  from generate_series(0, ${CITIZENS - 1}) c`;
  await sql`insert into candidate_clearances (citizen_id, clearance, valid_until, changed_at)
  select md5('citizen' || c)::uuid, 'SECRET', date '2031-12-31', now() from generate_series(0, ${CITIZENS - 1}, 10) c`;
  // Choice r of citizen c: an offer of c's track, `STEP × r` after a start spread by a multiplicative hash.
  await sql`insert into placement_preferences (citizen_id, round, rank, offer_id, set_at)
  select md5('citizen' || c)::uuid, ${INTAKE}, r + 1, md5('offer' || (((((c / 4)::bigint * 2654435761) % ${perTrack}) + r * ${STEP}) % ${perTrack} * 4 + c % 4))::uuid, now()
  from generate_series(0, ${CITIZENS - 1}) c, generate_series(0, ${CHOICES - 1}) r`;
  await sql`insert into placement_choice_lists (round, citizen_id, offer_numbers)
    select p.round, p.citizen_id, array_agg(o.number order by p.rank)
    from placement_preferences p join internship_offers o on o.id = p.offer_id group by p.round, p.citizen_id`;
  await sql`vacuum analyze`;
  console.log(`seeded ${CITIZENS} candidates × ${CHOICES} choices over ${OFFERS} offers in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

const viewer: Viewer = { sub: 'snn-bench:agency', scopes: new Set(['placement:read', 'placement:write']), org: null, jti: null, kind: null };
const statusKiB = (field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
const resetPeak = () => writeFileSync('/proc/self/clear_refs', '5');
// A collectable heap between measurements, without asking for node flags on the command line.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * The floor: the 8,000,000 choices into typed arrays, nothing else — each citizen's list as the
 * round reads it (one row per citizen), every offer id turned into a number.
 */
async function readChoicesOnly(): Promise<number> {
  const started = performance.now();
  const offerIndex = new Map<number, number>();
  const offerOf = new Uint32Array(CITIZENS * CHOICES);
  let n = 0;
  let citizens = 0;
  for await (const rows of sql`select citizen_id::text, offer_numbers::text from placement_choice_lists where round = ${INTAKE}`.values().cursor(50_000)) {
    for (const [, list] of rows as unknown as Array<[string, string]>) {
      citizens++;
      let value = 0;
      for (let i = 1; i < list.length; i++) {
        const ch = list.charCodeAt(i);
        if (ch >= 48 && ch <= 57) value = value * 10 + ch - 48;
        else {
          let k = offerIndex.get(value);
          if (k === undefined) offerIndex.set(value, (k = offerIndex.size));
          offerOf[n++] = k;
          value = 0;
        }
      }
    }
  }
  if (n !== CITIZENS * CHOICES || citizens !== CITIZENS) throw new Error(`read ${n} choices of ${citizens} citizens`);
  return (performance.now() - started) / 1000;
}

async function wipe(): Promise<void> {
  await sql`delete from placements`;
  await sql`delete from outbox`;
  await sql`delete from placement_rounds`;
  await sql`delete from placement_round_results`;
  await sql`vacuum analyze placements, outbox, placement_round_results, placement_rounds`;
}

interface RoundResult {
  floor: number;
  read: number;
  match: number;
  write: number;
  publish: number;
  total: number;
  peakMiB: number;
  placed: number;
}

async function nationalRound(): Promise<Omit<RoundResult, 'floor'>> {
  gc();
  const before = statusKiB('VmRSS');
  resetPeak();
  const started = performance.now();
  const { round } = await requestRound(database.db, viewer, { intake: INTAKE, cohortId: null, dryRun: true, seed: null }, null);
  const timings = await executeRound(database.db, viewer, round.id);
  if (!timings) throw new Error('the round failed');
  const p = performance.now();
  const published = await publishRound(database.db, viewer, round.id);
  const publish = (performance.now() - p) / 1000;
  const total = (performance.now() - started) / 1000;
  const peakMiB = (statusKiB('VmHWM') - before) / 1024;
  const placed = (published.stats as { placed: number }).placed;
  const [{ n }] = (await sql`select count(*)::int as n from placements`) as unknown as [{ n: number }];
  if (n !== placed) throw new Error(`${n} placements written, ${placed} placed`);
  return { read: timings.readMs / 1000, match: timings.matchMs / 1000, write: timings.writeMs / 1000, publish, total, peakMiB, placed };
}

/**
 * The in-memory steps alone, on inputs already read: ranking every choice (lottery, hard
 * constraints, keys) then deferred acceptance, each with its time and the memory it adds.
 */
async function matchingAlone(): Promise<{ rank: number; rankMiB: number; match: number; matchMiB: number }> {
  const { table } = await readRoundInputs(database.db, { intake: INTAKE, cohortId: null }, INTAKE);
  const step = <T>(run: () => T): { value: T; seconds: number; peakMiB: number } => {
    gc();
    const before = statusKiB('VmRSS');
    resetPeak();
    const started = performance.now();
    const value = run();
    return { value, seconds: (performance.now() - started) / 1000, peakMiB: (statusKiB('VmHWM') - before) / 1024 };
  };
  const ranked = step(() => rankChoices(table));
  const matched = step(() => deferredAcceptance(ranked.value.market));
  return { rank: ranked.seconds, rankMiB: ranked.peakMiB, match: matched.seconds, matchMiB: matched.peakMiB };
}

const results: RoundResult[] = [];
try {
  for (let r = 1; r <= ROUNDS; r++) {
    await wipe();
    let floor = 0;
    let round: Omit<RoundResult, 'floor'>;
    // Alternate which goes first, so that the machine's drift falls on both alike.
    if (r % 2 === 1) {
      floor = await readChoicesOnly();
      round = await nationalRound();
    } else {
      round = await nationalRound();
      floor = await readChoicesOnly();
    }
    results.push({ floor, ...round });
    console.log(
      `round ${r}: read ${round.read.toFixed(2)} s, match ${round.match.toFixed(2)} s, write ${round.write.toFixed(2)} s, publish ${round.publish.toFixed(2)} s, ` +
        `whole ${round.total.toFixed(2)} s (peak +${round.peakMiB.toFixed(0)} MiB, ${round.placed} placed); reading the choices only ${floor.toFixed(2)} s`,
    );
  }
  await wipe();
  const alone = await matchingAlone();
  const median = (pick: (x: RoundResult) => number) => [...results.map(pick)].sort((a, b) => a - b)[Math.floor(results.length / 2)] as number;
  const m = { floor: median((x) => x.floor), read: median((x) => x.read), match: median((x) => x.match), write: median((x) => x.write) };
  const publish = median((x) => x.publish);
  const total = median((x) => x.total);
  console.log(
    `\nA national round: ${CITIZENS} candidates × ${CHOICES} choices over ${OFFERS} offers on PostgreSQL (median of ${ROUNDS} rounds):\n` +
      `| phase | seconds |\n|---|---|\n` +
      `| reading the inputs (candidates, choices, offers, free seats) | ${m.read.toFixed(2)} |\n` +
      `| matching (lottery, ranking every choice, deferred acceptance, statistics) | ${m.match.toFixed(2)} |\n` +
      `| writing the outcome (one row per candidate) | ${m.write.toFixed(2)} |\n` +
      `| publishing (placements and their events, one transaction) | ${publish.toFixed(2)} |\n` +
      `| whole round | ${total.toFixed(2)} |\n` +
      `| floor: reading the 8,000,000 choices only | ${m.floor.toFixed(2)} |\n` +
      `alone: ranking ${alone.rank.toFixed(2)} s (+${alone.rankMiB.toFixed(0)} MiB), deferred acceptance ${alone.match.toFixed(2)} s (+${alone.matchMiB.toFixed(0)} MiB; ` +
      `targets < 1 s, < 512 MiB); deferred acceptance ÷ reading the choices only: ×${(alone.match / m.floor).toFixed(3)}, ` +
      `matching phase ÷ reading the choices only: ×${(m.match / m.floor).toFixed(2)}; ` +
      `whole round ${total.toFixed(1)} s (target < 30 s), peak +${Math.max(...results.map((x) => x.peakMiB)).toFixed(0)} MiB`,
  );
} finally {
  await sql.end();
  await database.close();
}
