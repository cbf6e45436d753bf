// A round's inputs, read from this subgraph's own tables: the candidates of the intake (the copy
// of education's profiles, with the armed forces' clearances), their ranked choices, and the national-round offers they chose with
// the seats still free. Read in citizen-id order in pages, so that 800,000 candidates and their
// 8,000,000 choices come in as 800,000 rows, each with its choices joined into one string.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@snn/platform';
import type { Candidate, Clearance } from './ranking';
import type { ReserveCategory, RoundInputs, RoundOfferInput } from './round';

export interface RoundScope {
  intake: string;
  /** Only this cohort's candidates; null: the whole intake. */
  cohortId: string | null;
}

const PAGE = 25_000;
const IN_PROGRESS = sql`('PROPOSED', 'ACCEPTED', 'ACTIVE')`;

interface CandidateLine {
  citizen_id: string;
  track: string;
  department_code: string;
  region_code: string;
  non_graduate: boolean;
  priority_neighbourhood: boolean;
  internship_from: string;
  internship_until: string;
  clearance: Clearance;
  skills: string;
  choices: string | null;
}

interface OfferLine {
  id: string;
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
 * The round's inputs and their digest (SHA-256 over everything that decides the outcome, in a
 * fixed order): two runs with the same digest and seed give the same outcome.
 */
export async function readRoundInputs(
  db: Db,
  scope: RoundScope,
  seed: string,
  onPage: (read: number) => Promise<void>,
): Promise<{ inputs: RoundInputs; digest: string }> {
  const hash = createHash('sha256').update(`seed ${seed}\n`);
  const candidates: Candidate[] = [];
  const preferences = new Map<string, string[]>();
  const chosen = new Set<string>();
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const lines = await rowsOf<CandidateLine>(
      db,
      sql`select c.citizen_id, c.track, c.department_code, c.region_code, c.non_graduate, c.priority_neighbourhood,
            c.internship_from::text as internship_from, c.internship_until::text as internship_until, c.skills::text as skills,
            -- A clearance counts when it still holds on the first day an internship may start.
            coalesce((select cc.clearance from candidate_clearances cc where cc.citizen_id = c.citizen_id and cc.valid_until >= c.internship_from), 'NONE') as clearance,
            (select string_agg(pp.offer_id::text, ',' order by pp.rank) from placement_preferences pp
              where pp.citizen_id = c.citizen_id and pp.round = ${scope.intake}) as choices
          from placement_candidates c
          where ${candidateWhere(scope)} and c.citizen_id > ${after}
          order by c.citizen_id limit ${PAGE}`,
    );
    for (const l of lines) {
      const skills = JSON.parse(l.skills) as Array<{ code: string; level: number }>;
      candidates.push({
        citizenId: l.citizen_id,
        track: l.track,
        departmentCode: l.department_code,
        regionCode: l.region_code,
        clearance: l.clearance,
        internshipFrom: l.internship_from,
        internshipUntil: l.internship_until,
        skills: new Map(skills.map((s) => [s.code, s.level])),
        categories: (l.non_graduate ? 1 : 0) | (l.priority_neighbourhood ? 2 : 0),
      });
      const list = l.choices ? l.choices.split(',') : [];
      if (list.length > 0) preferences.set(l.citizen_id, list);
      for (const id of list) chosen.add(id);
      hash.update(
        `c ${l.citizen_id} ${l.track} ${l.department_code} ${l.region_code} ${l.non_graduate} ${l.priority_neighbourhood} ${l.internship_from} ${l.internship_until} ${l.clearance} ${l.skills} ${l.choices ?? ''}\n`,
      );
    }
    await onPage(candidates.length);
    if (lines.length < PAGE) break;
    after = (lines.at(-1) as CandidateLine).citizen_id;
  }

  // Its organisation closing an offer takes it out; its expiry only ended the collection of choices.
  const offerLines = await rowsOf<OfferLine>(
    db,
    sql`select o.id, o.track, o.department_code, o.region_code, o.clearance, o.start_date::text as start_date, o.reserved_seats, o.reserve_category,
          o.seats - (select count(*)::int from placements p where p.offer_id = o.id and p.status in ${IN_PROGRESS}) as free,
          (select string_agg(s.skill_code || ':' || s.level, ',' order by s.skill_code) from offer_skills s where s.offer_id = o.id) as skills
        from internship_offers o
        where o.national_round and o.status = 'PUBLISHED'
          and o.id in (select distinct pp.offer_id from placement_preferences pp where pp.round = ${scope.intake})
        order by o.id`,
  );
  const offers: RoundOfferInput[] = [];
  for (const o of offerLines) {
    const free = Number(o.free);
    if (!chosen.has(o.id) || free <= 0) continue;
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
      `o ${o.id} ${o.track} ${o.department_code} ${o.region_code} ${o.clearance} ${o.start_date} ${free} ${o.reserved_seats} ${o.reserve_category} ${o.skills ?? ''}\n`,
    );
  }
  return { inputs: { seed, candidates, offers, preferences }, digest: hash.digest('hex') };
}
