// A round's inputs, read from this subgraph's own tables: the candidates of the intake (the copy
// of education's profiles, with the armed forces' clearances), their ranked choices, and the
// national-round offers they chose with the seats still free. All in one repeatable-read
// transaction, so that seats, candidates and choices are of one moment. Candidates come in
// citizen-id order through one cursor, each with their list of choices (placement_choice_lists, by
// offer number): 800,000 candidates and 8,000,000 choices arrive as 800,000 short rows.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@snn/platform';
import { RoundTableBuilder, type Clearance, type ReserveCategory, type RoundOfferInput, type RoundTable } from './round-table';

export interface RoundScope {
  intake: string;
  /** Only this cohort's candidates; null: the whole intake. */
  cohortId: string | null;
}

const PAGE = 50_000;
const IN_PROGRESS = sql`('PROPOSED', 'ACCEPTED', 'ACTIVE')`;
/**
 * The seats taken per offer (offer_id, taken) by placements under way, counted in one pass: a
 * count per offer was planned as a scan of every placement under way for each offer right after a
 * round published 700,000 of them.
 */
export const SEATS_TAKEN = sql`(select offer_id, count(*)::int as taken from placements where status in ${IN_PROGRESS} group by offer_id)`;

interface CandidateLine {
  citizen_id: string;
  track: string;
  department_code: string;
  region_code: string;
  categories: number;
  from_day: number;
  until_day: number;
  clearance: Clearance;
  skills: string;
  choices: string | null;
}

interface OfferLine {
  id: string;
  number: number;
  track: string;
  department_code: string;
  region_code: string;
  clearance: Clearance;
  start_date: string;
  free: number;
  reserved_seats: number;
  reserve_category: ReserveCategory | null;
  skills: string | null;
}

export async function countCandidates(db: Db, scope: RoundScope): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from placement_candidates c where ${candidateWhere(scope)}`);
  return Number(row?.n ?? 0);
}

// A citizen whose placement is already under way (an earlier round, a company's own recruitment) is not a candidate.
function candidateWhere(scope: RoundScope) {
  return sql`c.intake = ${scope.intake} ${scope.cohortId ? sql`and c.cohort_id = ${scope.cohortId}` : sql``}
    and not exists (select 1 from placements p where p.citizen_id = c.citizen_id and p.status in ${IN_PROGRESS})`;
}

/**
 * The round's inputs as a table, and their digest (SHA-256 over everything that decides the
 * outcome, in a fixed order): two runs with the same digest and seed give the same outcome.
 */
export async function readRoundInputs(db: Db, scope: RoundScope, seed: string): Promise<{ table: RoundTable; digest: string }> {
  return db.transaction(async (tx) => readInSnapshot(tx, scope, seed), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function readInSnapshot(tx: Db, scope: RoundScope, seed: string): Promise<{ table: RoundTable; digest: string }> {
  const hash = createHash('sha256').update(`seed ${seed}\n`);
  const { offers, indexOfNumber } = await readOffers(tx, scope, hash);
  const total = await countCandidates(tx, scope);
  const builder = new RoundTableBuilder(offers, { candidates: total, choices: total * 10 });
  // One pass with a cursor: the joins run once (hashed, in memory), the rows come in pages.
  await tx.execute(sql`set local work_mem = '256MB'`);
  await tx.execute(sql`set local cursor_tuple_fraction = 1`);
  await tx.execute(
    sql`declare round_inputs no scroll cursor for
        select c.citizen_id, c.track, c.department_code, c.region_code,
               (case when c.non_graduate then 1 else 0 end) + (case when c.priority_neighbourhood then 2 else 0 end) as categories,
               c.internship_from - date '1970-01-01' as from_day, c.internship_until - date '1970-01-01' as until_day,
               c.skills::text as skills, l.offer_numbers::text as choices,
               -- A clearance counts when it still holds on the first day an internship may start.
               coalesce(cc.clearance, 'NONE') as clearance
        from placement_candidates c
        left join placement_choice_lists l on l.round = ${scope.intake} and l.citizen_id = c.citizen_id
        left join candidate_clearances cc on cc.citizen_id = c.citizen_id and cc.valid_until >= c.internship_from
        where ${candidateWhere(scope)}
        order by c.citizen_id`,
  );
  const choices: number[] = [];
  for (;;) {
    const lines = await rowsOf<CandidateLine>(tx, sql`fetch ${sql.raw(String(PAGE))} from round_inputs`);
    for (const l of lines) {
      decodeChoices(l.choices, indexOfNumber, choices);
      builder.add(
        {
          citizenId: l.citizen_id,
          track: l.track,
          departmentCode: l.department_code,
          regionCode: l.region_code,
          clearance: l.clearance,
          fromDay: Number(l.from_day),
          untilDay: Number(l.until_day),
          categories: Number(l.categories),
        },
        JSON.parse(l.skills) as Array<{ code: string; level: number }>,
        choices,
      );
      // The choices as read (offer numbers, which the offers' lines map to ids).
      hash.update(
        `c ${l.citizen_id} ${l.track} ${l.department_code} ${l.region_code} ${l.categories} ${l.from_day} ${l.until_day} ${l.clearance} ${l.skills} ${l.choices ?? ''}\n`,
      );
    }
    if (lines.length < PAGE) break;
  }
  await tx.execute(sql`close round_inputs`);
  return { table: builder.build(seed), digest: hash.digest('hex') };
}

/** '{n,n,…}' (offer numbers, best first) → offer indexes, -1 for an offer not in the round, into `out`. */
function decodeChoices(text: string | null, indexOfNumber: ReadonlyMap<number, number>, out: number[]): void {
  out.length = 0;
  if (!text) return;
  let value = 0;
  for (let i = 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) value = value * 10 + ch - 48;
    else {
      out.push(indexOfNumber.get(value) ?? -1);
      value = 0;
    }
  }
}

// Its organisation closing an offer takes it out; its expiry only ended the collection of choices.
async function readOffers(
  tx: Db,
  scope: RoundScope,
  hash: ReturnType<typeof createHash>,
): Promise<{ offers: RoundOfferInput[]; indexOfNumber: Map<number, number> }> {
  const offerLines = await rowsOf<OfferLine>(
    tx,
    sql`select o.id, o.number, o.track, o.department_code, o.region_code, o.clearance, o.start_date::text as start_date, o.reserved_seats, o.reserve_category,
          o.seats - coalesce(t.taken, 0) as free,
          (select string_agg(s.skill_code || ':' || s.level, ',' order by s.skill_code) from offer_skills s where s.offer_id = o.id) as skills
        from internship_offers o
        left join ${SEATS_TAKEN} t on t.offer_id = o.id
        where o.national_round and o.status = 'PUBLISHED'
          and exists (select 1 from placement_preferences pp where pp.round = ${scope.intake} and pp.offer_id = o.id)
        order by o.id`,
  );
  const offers: RoundOfferInput[] = [];
  const indexOfNumber = new Map<number, number>();
  for (const o of offerLines) {
    const free = Number(o.free);
    if (free <= 0) continue;
    indexOfNumber.set(Number(o.number), offers.length);
    offers.push({
      offerId: o.id,
      track: o.track,
      departmentCode: o.department_code,
      regionCode: o.region_code,
      clearance: o.clearance,
      startDate: o.start_date,
      seats: free,
      requiredSkills: (o.skills ? o.skills.split(',') : []).map((s) => {
        const [skillCode, level] = s.split(':');
        return { skillCode: skillCode as string, level: Number(level) };
      }),
      ...(o.reserve_category && o.reserved_seats > 0 ? { reserve: { category: o.reserve_category, seats: Math.min(o.reserved_seats, free) } } : {}),
    });
    hash.update(
      `o ${o.id} ${o.number} ${o.track} ${o.department_code} ${o.region_code} ${o.clearance} ${o.start_date} ${free} ${o.reserved_seats} ${o.reserve_category} ${o.skills ?? ''}\n`,
    );
  }
  return { offers, indexOfNumber };
}
