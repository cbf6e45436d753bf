// A placement round's life in the database: requested (QUEUED), run in the background (READING its
// inputs, MATCHING, WRITING the outcome, progress on the row), COMPUTED for review, then PUBLISHED:
// its placements written and announced in one transaction. A dry run stops at COMPUTED; any other
// run publishes itself once computed. Each phase commits on its own, so a reader sees the progress.
import { createHash, randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import {
  anyOf,
  AppError,
  appendAudit,
  checkEmitted,
  eventsFrom,
  fingerprintOf,
  idempotently,
  loggerFor,
  rowsOf,
  violatedUnique,
  writeEntry,
  type Db,
  type Viewer,
} from '@snn/platform';
import { placementRoundResults, placementRounds } from '../data/tables';
import { readRoundInputs, SEATS_TAKEN, type RoundScope } from './inputs';
import { exclusionsOf, runRound, unplacedReasonOf, type RoundOutcome, type RoundStats, type RoundTable } from './round';

export type RoundRow = typeof placementRounds.$inferSelect;
export type RoundPhase = RoundRow['phase'];

export interface StartRequest extends RoundScope {
  dryRun: boolean;
  /** Seeds the tie-break lottery; defaults to the intake (and cohort), so that a rerun draws the same. */
  seed: string | null;
}

const log = loggerFor('economy');
const RESULT_BATCH = 50_000;
const EVENT_PLACEMENTS = 500;
// Progress: reading takes about half of a national round, writing the outcome most of the rest.
const READ_SHARE = 0.5;
const MATCH_SHARE = 0.2;

function onlyTheAgency(viewer: Viewer): void {
  if (viewer.org !== null) throw new AppError('FORBIDDEN', "placement rounds are the agency's: a caller acting for an organisation may not run or read them");
}

/** The phases of a round that a running process is carrying forward. */
const RUNNING_PHASES = ['QUEUED', 'READING', 'MATCHING', 'WRITING'] as const;
export const INTERRUPTED = 'interrupted: the service stopped while the round ran; start it again';

/**
 * At start-up: a round left in a running phase has no process carrying it any more (rounds run in
 * the process that accepted them), so it is FAILED, with the reason, rather than shown running forever.
 * Its partial outcome rows go with it. Answers how many.
 */
export async function failInterruptedRounds(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const failed = await tx
      .update(placementRounds)
      .set({ phase: 'FAILED', failure: INTERRUPTED, finishedAt: new Date() })
      .where(anyOf(placementRounds.phase, RUNNING_PHASES))
      .returning({ id: placementRounds.id });
    if (failed.length) {
      await tx.delete(placementRoundResults).where(
        anyOf(
          placementRoundResults.roundId,
          failed.map((f) => f.id),
        ),
      );
      log.warn({ rounds: failed.map((f) => f.id) }, 'placement rounds interrupted by a stop were marked FAILED');
    }
    return failed.length;
  });
}

/** Records the request; the caller then runs it with `executeRound` outside the request. */
export async function requestRound(db: Db, viewer: Viewer, req: StartRequest, idempotencyKey: string | null): Promise<{ round: RoundRow; replayed: boolean }> {
  onlyTheAgency(viewer);
  const seed = req.seed ?? (req.cohortId ? `${req.intake}/${req.cohortId}` : req.intake);
  const insert = async (tx: Db): Promise<RoundRow> => {
    const [row] = await tx
      .insert(placementRounds)
      .values({ id: randomUUID(), intake: req.intake, cohortId: req.cohortId, seed, dryRun: req.dryRun, phase: 'QUEUED', requestedBy: viewer.sub })
      .returning();
    await appendAudit(tx, viewer, [writeEntry('startPlacementRound', ['placement:write'], [(row as RoundRow).id])]);
    return row as RoundRow;
  };
  if (!idempotencyKey) return { round: await db.transaction(insert), replayed: false };
  const claim = { viewer, operation: 'startPlacementRound', key: idempotencyKey, fingerprint: fingerprintOf('startPlacementRound', { ...req, seed }) };
  const { result, replayed } = await idempotently(db, claim, async (tx) => (await insert(tx)).id);
  const round = await roundById(db, result);
  if (!round) throw new Error('a claimed round is missing');
  return { round, replayed };
}

export async function roundById(db: Db, id: string): Promise<RoundRow | undefined> {
  const [row] = await db.select().from(placementRounds).where(eq(placementRounds.id, id));
  return row;
}

/** The latest rounds first. */
export async function listRounds(db: Db, viewer: Viewer, intake: string | null, first: number): Promise<RoundRow[]> {
  onlyTheAgency(viewer);
  return db
    .select()
    .from(placementRounds)
    .where(intake ? eq(placementRounds.intake, intake) : undefined)
    .orderBy(desc(placementRounds.requestedAt), desc(placementRounds.id))
    .limit(first);
}

export function readableRound(viewer: Viewer, row: RoundRow | undefined): RoundRow | undefined {
  onlyTheAgency(viewer);
  return row;
}

async function setPhase(db: Db, id: string, phase: RoundPhase, progress: number, more: Partial<RoundRow> = {}): Promise<void> {
  await db
    .update(placementRounds)
    .set({ phase, progress, ...more })
    .where(eq(placementRounds.id, id));
}

/** Timings of the last run's phases, in ms: the national bench reports them. */
export interface RoundTimings {
  readMs: number;
  matchMs: number;
  writeMs: number;
  publishMs: number;
}

/**
 * Runs a QUEUED round to COMPUTED (a dry run) or PUBLISHED. Never throws: a failure is recorded on
 * the round as FAILED with its reason, and nothing of its outcome is kept.
 */
export async function executeRound(db: Db, viewer: Viewer, id: string): Promise<RoundTimings | undefined> {
  const round = await roundById(db, id);
  if (!round || round.phase !== 'QUEUED') return undefined;
  const timings: RoundTimings = { readMs: 0, matchMs: 0, writeMs: 0, publishMs: 0 };
  try {
    let t = performance.now();
    await setPhase(db, id, 'READING', 0);
    const { table, digest } = await readRoundInputs(db, { intake: round.intake, cohortId: round.cohortId }, round.seed);
    timings.readMs = performance.now() - t;

    t = performance.now();
    await setPhase(db, id, 'MATCHING', READ_SHARE, { inputsDigest: digest });
    const outcome = runRound(table);
    timings.matchMs = performance.now() - t;

    t = performance.now();
    await setPhase(db, id, 'WRITING', READ_SHARE + MATCH_SHARE);
    const outcomeDigest = await writeOutcome(db, id, table, outcome, (written) =>
      setPhase(db, id, 'WRITING', READ_SHARE + MATCH_SHARE + ((1 - READ_SHARE - MATCH_SHARE) * written) / Math.max(1, table.candidates)),
    );
    const computed = { outcomeDigest, stats: outcome.stats, finishedAt: new Date() };
    timings.writeMs = performance.now() - t;

    if (round.dryRun) {
      await setPhase(db, id, 'COMPUTED', 1, computed);
    } else {
      // Straight from WRITING to PUBLISHED: a reader never sees a round that will publish itself as COMPUTED.
      t = performance.now();
      await setPhase(db, id, 'WRITING', 1, computed);
      await publishRound(db, viewer, id, 'WRITING');
      timings.publishMs = performance.now() - t;
    }
    return timings;
  } catch (err) {
    const failure = err instanceof AppError ? `${err.code}: ${err.message}` : 'the round stopped on an internal error (see the service log)';
    if (!(err instanceof AppError)) log.error({ roundId: id, err: (err as Error).message }, 'placement round failed');
    await setPhase(db, id, 'FAILED', 0, { failure, finishedAt: new Date() }).catch(() => undefined);
    await db
      .delete(placementRoundResults)
      .where(eq(placementRoundResults.roundId, id))
      .catch(() => undefined);
    return undefined;
  }
}

/**
 * The outcome rows in batches, each committed on its own so that the progress between them is
 * visible; returns the outcome's digest. Outcomes are read only from a COMPUTED or PUBLISHED round,
 * so rows of a round that stopped midway are never shown; they are deleted when it fails. Each
 * batch travels as five array parameters (unnest), not as rows of JSON.
 */
async function writeOutcome(db: Db, id: string, t: RoundTable, outcome: RoundOutcome, onBatch: (written: number) => Promise<void>): Promise<string> {
  const hash = createHash('sha256');
  for (let start = 0; start < t.candidates; start += RESULT_BATCH) {
    const end = Math.min(t.candidates, start + RESULT_BATCH);
    const citizens = t.citizenIds.slice(start, end);
    const offers: Array<string | null> = [];
    const choices: Array<number | null> = [];
    const reasons: Array<string | null> = [];
    const exclusions: Array<string | null> = [];
    for (let c = start; c < end; c++) {
      const o = outcome.offerOf[c] as number;
      const excluded = exclusionsOf(t, outcome, c);
      offers.push(o >= 0 ? (t.offers[o] as { offerId: string }).offerId : null);
      choices.push(o >= 0 ? (outcome.choiceOf[c] as number) : null);
      reasons.push(o >= 0 ? null : unplacedReasonOf(outcome, c));
      exclusions.push(excluded.length > 0 ? excluded.join(',') : null);
      hash.update(`${t.citizenIds[c]} ${offers.at(-1) ?? reasons.at(-1)} ${choices.at(-1) ?? ''} ${exclusions.at(-1) ?? ''}\n`);
    }
    await db.execute(sql`insert into placement_round_results (round_id, citizen_id, offer_id, choice, reason, exclusions)
      select ${id}::uuid, x.c, x.o, x.n, x.r, x.e
      from unnest(${sql.param(citizens)}::uuid[], ${sql.param(offers)}::uuid[], ${sql.param(choices)}::int[], ${sql.param(reasons)}::text[], ${sql.param(exclusions)}::text[]) as x(c, o, n, r, e)`);
    await onBatch(end);
  }
  return hash.digest('hex');
}

/** Why a computed round can no longer be published as it stands: run it again. */
function stale(message: string): AppError {
  return new AppError('CONFLICT', `${message}; start a new round on the current inputs`, { reason: 'STALE_ROUND' });
}

/**
 * Writes a COMPUTED round's placements (PROPOSED) and announces them, in one transaction.
 * Publishing a PUBLISHED round again returns it unchanged. Refused when another round of the
 * intake is published, or when an offer it fills was closed or filled since it was computed.
 */
export async function publishRound(db: Db, viewer: Viewer, id: string, from: 'COMPUTED' | 'WRITING' = 'COMPUTED'): Promise<RoundRow> {
  onlyTheAgency(viewer);
  try {
    return await db.transaction(async (tx) => {
      const [round] = await tx.select().from(placementRounds).where(eq(placementRounds.id, id)).for('update');
      if (!round) throw new AppError('NOT_FOUND', `no placement round has id ${id}`, { field: 'id' });
      if (round.phase === 'PUBLISHED') return round;
      if (round.phase !== from)
        throw new AppError('CONFLICT', `the round is ${round.phase}: only a COMPUTED round is published`, { field: 'id', reason: 'NOT_COMPUTED' });
      // Two publications of one intake queue here; the second sees the first.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`placement-round:${round.intake}`}))`);
      const [other] = await rowsOf<{ id: string }>(tx, sql`select id from placement_rounds where intake = ${round.intake} and phase = 'PUBLISHED' limit 1`);
      if (other)
        throw new AppError('CONFLICT', `round ${other.id} of intake ${round.intake} is already published`, { field: 'id', reason: 'ALREADY_PUBLISHED' });
      const [changed] = await rowsOf<{ offer_id: string }>(
        tx,
        sql`select r.offer_id from (select offer_id, count(*)::int as n from placement_round_results where round_id = ${id} and offer_id is not null group by offer_id) r
            join internship_offers o on o.id = r.offer_id
            left join ${SEATS_TAKEN} t on t.offer_id = o.id
            where o.status <> 'PUBLISHED' or not o.national_round or r.n + coalesce(t.taken, 0) > o.seats
            limit 1`,
      );
      if (changed) throw stale(`offer ${changed.offer_id} was closed or filled since the round was computed`);
      // The placements, and their events 500 placements each, built by the database: a national
      // round's 700,000 rows never travel to this process and back.
      const [written] = await rowsOf<{ placements: number }>(
        tx,
        sql`with placed as (
              insert into placements (id, citizen_id, offer_id, organisation_id, department_code, region_code, status, start_date, end_date, round_id)
              select gen_random_uuid(), r.citizen_id, r.offer_id, o.organisation_id, o.department_code, o.region_code, 'PROPOSED', o.start_date,
                     least((o.start_date + make_interval(months => o.duration_months) - interval '1 day')::date, coalesce(c.internship_until, 'infinity'::date)),
                     r.round_id
              from placement_round_results r
              join internship_offers o on o.id = r.offer_id
              left join placement_candidates c on c.citizen_id = r.citizen_id
              where r.round_id = ${id} and r.offer_id is not null
              returning id, citizen_id, offer_id, organisation_id, start_date, end_date),
            chunked as (
              select p.*, o.host_siret, (row_number() over (order by p.citizen_id) - 1) / ${EVENT_PLACEMENTS} as chunk
              from placed p join internship_offers o on o.id = p.offer_id),
            events as (
              ${eventsFrom(
                'economy.placements-published',
                sql`select ${id} as aggregate_id,
                      json_build_object('roundId', ${id}::uuid, 'intake', ${round.intake}::text, 'placements', json_agg(json_build_object(
                        'placementId', id, 'citizenId', citizen_id, 'offerId', offer_id, 'organisationId', organisation_id,
                        'hostSiret', host_siret, 'startDate', start_date, 'endDate', end_date) order by citizen_id)) as payload
                    from chunked group by chunk order by chunk`,
              )}
              returning 1)
            select (select count(*)::int from placed) as placements, (select count(*)::int from events) as events`,
      );
      await checkEmitted(tx, 'economy.placements-published', id);
      log.info({ roundId: id, placements: written?.placements }, 'placement round published');
      const [published] = await tx.update(placementRounds).set({ phase: 'PUBLISHED', publishedAt: new Date() }).where(eq(placementRounds.id, id)).returning();
      await appendAudit(tx, viewer, [writeEntry('publishPlacementRound', ['placement:write'], [id])]);
      return published as RoundRow;
    });
  } catch (err) {
    const constraint = violatedUnique(err);
    if (constraint === 'placements_citizen_in_progress_key') throw stale('a citizen of the round was placed elsewhere since it was computed');
    if (constraint === 'placement_rounds_one_published_per_intake')
      throw new AppError('CONFLICT', 'another round of this intake was published meanwhile', { reason: 'ALREADY_PUBLISHED' });
    throw err;
  }
}

export type { RoundStats };
