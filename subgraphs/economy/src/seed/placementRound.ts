// The demo's share of the national placement round: which published offers take part (with their
// seat reserves), the candidates education's profile events would have described, the armed forces'
// clearances, and the choices the agency recorded for the coming intakes. Each draws from its own
// random stream, so the rest of the demo is the same with or without it.
import { sql } from 'drizzle-orm';
import { addMonths, BulkWriter, REGIONS, skillsOfTrack, TRACKS, type Db } from '@snn/platform';
import { demoUuid, REFERENCE_DATE, Rng, type CitizenFacts, type CohortFacts, type Universe } from '@snn/platform/demo';
import { intakeOf } from '../data/candidates';
import { candidateClearances, placementCandidates, placementPreferences } from '../data/tables';

/** Internships start when training ends, four months into the cohort. */
export const TRAINING_MONTHS = 4;
const NATIONAL_SHARE = 0.8;
const RESERVE_SHARE = 0.3;
const MAX_CHOICES = 8;

export interface RoundTerms {
  nationalRound: boolean;
  reservedSeats: number;
  reserveCategory: 'NON_GRADUATE' | 'PRIORITY_NEIGHBOURHOOD' | null;
}

/** Offers published for internships after the demo's "today" mostly go to the national round. */
export function roundTermsOf(universe: Universe, k: number, published: boolean, startDate: string, seats: number): RoundTerms {
  const rng = new Rng(universe.seed, 'national-round', k);
  const nationalRound = published && startDate > REFERENCE_DATE && rng.chance(NATIONAL_SHARE);
  if (!nationalRound || seats < 2 || !rng.chance(RESERVE_SHARE)) return { nationalRound, reservedSeats: 0, reserveCategory: null };
  return { nationalRound, reservedSeats: 1, reserveCategory: rng.chance(0.5) ? 'NON_GRADUATE' : 'PRIORITY_NEIGHBOURHOOD' };
}

export class RoundDemo {
  private readonly candidates: BulkWriter<typeof placementCandidates>;
  private readonly preferences: BulkWriter<typeof placementPreferences>;
  private readonly clearances: BulkWriter<typeof candidateClearances>;
  /** National-round offers per track, by start date. */
  private readonly byTrack: number[][] = TRACKS.map(() => []);

  constructor(
    private readonly db: Db,
    private readonly universe: Universe,
    private readonly offers: { track: Uint8Array; region: Uint8Array; startDate: string[]; national: Uint8Array },
    offerWriter: { flush(): Promise<void> },
  ) {
    this.candidates = new BulkWriter(db, placementCandidates);
    this.clearances = new BulkWriter(db, candidateClearances);
    this.preferences = new BulkWriter(db, placementPreferences, [offerWriter]);
    offers.national.forEach((national, k) => national && this.byTrack[offers.track[k] as number]?.push(k));
    for (const list of this.byTrack) list.sort((a, b) => ((offers.startDate[a] as string) < (offers.startDate[b] as string) ? -1 : 1));
  }

  /** A citizen still before their internship: their profile, and their choices among the offers that start in their internship period. */
  async push(i: number, c: CitizenFacts, cohort: CohortFacts): Promise<void> {
    if (c.enrollment.status !== 'ENROLLED' && c.enrollment.status !== 'IN_TRAINING') return;
    const rng = new Rng(this.universe.seed, 'round-candidate', i);
    const internshipFrom = addMonths(cohort.startDate, TRAINING_MONTHS);
    const internshipUntil = cohort.endDate;
    // Skills come from the modules passed so far: none before training.
    const skills =
      c.enrollment.status === 'IN_TRAINING'
        ? rng
            .sample(skillsOfTrack(c.track), rng.int(2, 4))
            .map((s) => ({ code: s.code, level: rng.int(1, 3) }))
            .sort((a, b) => (a.code < b.code ? -1 : 1))
        : [];
    const intake = intakeOf(internshipFrom);
    await this.candidates.push({
      citizenId: c.id,
      enrollmentId: c.enrollment.id,
      cohortId: cohort.id,
      track: c.track,
      departmentCode: c.departmentCode,
      regionCode: c.regionCode,
      nonGraduate: !c.graduate,
      priorityNeighbourhood: c.priorityNeighbourhood,
      internshipFrom,
      internshipUntil,
      intake,
      skills,
      profileAt: new Date(`${c.enrollment.enrolledOn}T09:00:00Z`),
    });
    const cleared = this.universe.clearance(i, c);
    if (cleared) {
      await this.clearances.push({
        citizenId: c.id,
        clearance: cleared.clearance,
        validUntil: cleared.validUntil,
        changedAt: new Date(`${cleared.grantedOn}T09:00:00Z`),
      });
    }
    if (rng.chance(0.05)) return; // some never choose
    const choices = this.choose(
      rng,
      TRACKS.indexOf(c.track),
      REGIONS.findIndex((r) => r.code === c.regionCode),
      internshipFrom,
      internshipUntil,
    );
    const setAt = new Date(`${REFERENCE_DATE}T10:00:00Z`);
    for (let r = 0; r < choices.length; r++) {
      await this.preferences.push({ citizenId: c.id, round: intake, rank: r + 1, offerId: demoUuid(this.universe.seed, 'offer', choices[r] as number), setAt });
    }
  }

  /** Up to MAX_CHOICES offers of the track starting in the period: those of the citizen's region first. */
  private choose(rng: Rng, track: number, region: number, from: string, until: string): number[] {
    const list = this.byTrack[track] as number[];
    // The list is by start date: the offers of the period are one slice of it.
    const lo = this.firstStartingOnOrAfter(list, from);
    const hi = this.firstStartingOnOrAfter(list, `${until}~`);
    const wanted = Math.min(hi - lo, rng.int(3, MAX_CHOICES));
    const picked: number[] = [];
    while (picked.length < wanted) {
      const k = list[rng.int(lo, hi - 1)] as number;
      if (!picked.includes(k)) picked.push(k);
    }
    const near = picked.filter((k) => this.offers.region[k] === region);
    return [...near, ...picked.filter((k) => this.offers.region[k] !== region)];
  }

  private firstStartingOnOrAfter(list: readonly number[], day: string): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.offers.startDate[list[mid] as number] as string) < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async flush(): Promise<void> {
    await this.candidates.flush();
    await this.clearances.flush();
    await this.preferences.flush();
    // The round's one-row lists, from the preferences now written (the offers' numbers are the database's).
    await this.db.execute(sql`insert into placement_choice_lists (round, citizen_id, offer_numbers)
      select p.round, p.citizen_id, array_agg(o.number order by p.rank)
      from placement_preferences p join internship_offers o on o.id = p.offer_id group by p.round, p.citizen_id`);
  }
}
