// Economy's share of the demo universe: organisations, offers and their skills, then one stream over
// the citizens for placements, applications and priority-hiring rights. Per-offer state lives in
// typed arrays (a few bytes per offer), so 1,000,000 citizens seed in bounded memory.
import { addDays, addMonths, BulkWriter, luhnComplete, DEPARTMENTS, REGIONS, skillsOfTrack, TRACKS, type Database, type Track } from '@snn/platform';
import { departmentByPopulation, randomTrack, demoUuid, REFERENCE_DATE, Rng, WeightedTable, type OrganisationFacts, type Universe } from '@snn/platform/demo';
import { MIN_MONTHLY_GRATIFICATION_CENTS, GRATIFICATION_FREE_MONTHS } from '../data/gratification';
import { applications, internshipOffers, offerSkills, organisations, placements, priorityHiringRights, serviceEnrolments } from '../data/tables';
import { evaluationComment, howToApply, MISSIONS, OFFER_TITLES, offerDescription, TUTOR_ROLES } from './content';
import { RoundDemo, roundTermsOf, TRAINING_MONTHS } from './placementRound';

export const seedTables = [
  'placement_round_results',
  'placement_candidates',
  'candidate_clearances',
  'placement_preferences',
  'placement_choice_lists',
  'service_enrolments',
  'offer_idempotency_keys',
  'priority_hiring_rights',
  'applications',
  'placements',
  'placement_rounds',
  'offer_skills',
  'internship_offers',
  'organisations',
];

// Offers follow the citizens' track mix, so every track finds seats in proportion to its demand.
const DEPARTMENT_INDEX = new Map(DEPARTMENTS.map((d, i) => [d.code, i]));
const REGION_INDEX = new Map(REGIONS.map((r, i) => [r.code, i]));
const REMOTE_TABLE = new WeightedTable(['ON_SITE', 'HYBRID', 'REMOTE'] as const, (p) => ({ ON_SITE: 50, HYBRID: 40, REMOTE: 10 })[p]);
const FIRST_START = '2025-03-01';
const START_SPAN_DAYS = (Date.parse('2027-06-30') - Date.parse(FIRST_START)) / 86_400_000;
const PRIORITY_RIGHT_YEARS = 2;

const STATUS = { DRAFT: 0, PUBLISHED: 1, CLOSED: 2 } as const;
const STATUS_NAMES = ['DRAFT', 'PUBLISHED', 'CLOSED'] as const;
const SECURITY_NAF = new Set(['84.22Z', '30.30Z', '35.11Z', '61.10Z']);

/** The SIRET of an organisation's establishment in a département other than its head office's. */
function establishmentSiret(siren: string, departmentIndex: number): string {
  return luhnComplete(`${siren}${String(100 + departmentIndex).padStart(4, '0')}`);
}

function stipendCents(rng: Rng, durationMonths: number, org: OrganisationFacts): number {
  if (durationMonths <= GRATIFICATION_FREE_MONTHS && rng.chance(0.4)) return 0;
  // Public bodies mostly pay the legal minimum; companies often add to it.
  if (org.kind === 'PUBLIC_BODY' || rng.chance(0.3)) return MIN_MONTHLY_GRATIFICATION_CENTS;
  return MIN_MONTHLY_GRATIFICATION_CENTS + rng.int(1, 60) * 1000;
}

function clearanceOf(rng: Rng, track: Track, org: OrganisationFacts): 'NONE' | 'SECRET' | 'TRES_SECRET' {
  const sensitive = (track === 'CYBERSECURITY' || track === 'CRITICAL_INFRASTRUCTURE') && (org.kind === 'PUBLIC_BODY' || SECURITY_NAF.has(org.nafCode));
  if (!sensitive) return 'NONE';
  const u = rng.next();
  return u < 0.05 ? 'TRES_SECRET' : u < 0.5 ? 'SECRET' : 'NONE';
}

/**
 * Offers grouped by (track, region) in one Int32Array, with a cursor per group: placing a citizen
 * fills the offers of their track and region in turn, then any offer of their track.
 */
class SeatPool {
  private readonly order: Int32Array;
  private readonly starts: Int32Array;
  private readonly cursors: Int32Array;
  private readonly trackCursors: Int32Array;
  constructor(
    private readonly seatsLeft: Uint8Array,
    offerTrack: Uint8Array,
    offerRegion: Uint8Array,
    include: (k: number) => boolean,
  ) {
    const groups = TRACKS.length * REGIONS.length;
    const counts = new Int32Array(groups + 1);
    for (let k = 0; k < offerTrack.length; k++) if (include(k)) counts[(offerTrack[k] as number) * REGIONS.length + (offerRegion[k] as number) + 1]!++;
    for (let g = 0; g < groups; g++) counts[g + 1]! += counts[g] as number;
    this.starts = counts;
    this.order = new Int32Array(counts[groups] as number);
    const fill = counts.slice(0, groups);
    for (let k = 0; k < offerTrack.length; k++)
      if (include(k)) this.order[fill[(offerTrack[k] as number) * REGIONS.length + (offerRegion[k] as number)]!++] = k;
    this.cursors = counts.slice(0, groups);
    this.trackCursors = Int32Array.from(TRACKS, (_, t) => counts[t * REGIONS.length] as number);
  }

  private group(track: number, region: number): number {
    return track * REGIONS.length + region;
  }

  /** An offer of the track with a free seat (its seat is taken), or -1 when the track is full. */
  take(track: number, region: number): number {
    const g = this.group(track, region);
    let k = this.advance(this.cursors, g, this.starts[g + 1] as number);
    if (k < 0) k = this.advance(this.trackCursors, track, this.starts[(track + 1) * REGIONS.length] as number);
    if (k >= 0) this.seatsLeft[k]!--;
    return k;
  }

  private advance(cursors: Int32Array, c: number, end: number): number {
    while ((cursors[c] as number) < end && this.seatsLeft[this.order[cursors[c] as number] as number] === 0) cursors[c]!++;
    return (cursors[c] as number) < end ? (this.order[cursors[c] as number] as number) : -1;
  }

  /** A random offer of the track, preferably in the region, regardless of seats; -1 when none. */
  pick(rng: Rng, track: number, region: number): number {
    const g = this.group(track, region);
    let from = this.starts[g] as number;
    let to = this.starts[g + 1] as number;
    if (from === to) {
      from = this.starts[track * REGIONS.length] as number;
      to = this.starts[(track + 1) * REGIONS.length] as number;
    }
    return from === to ? -1 : (this.order[rng.int(from, to - 1)] as number);
  }
}

export async function seed({ db }: Database, universe: Universe): Promise<void> {
  const orgWriter = new BulkWriter(db, organisations);
  const orgs: OrganisationFacts[] = [];
  for (let o = 0; o < universe.organisationCount; o++) {
    const org = universe.organisation(o);
    orgs.push(org);
    const regionCode = DEPARTMENTS[DEPARTMENT_INDEX.get(org.departmentCode) as number]?.regionCode as string;
    await orgWriter.push({
      siren: org.siren,
      siret: org.siret,
      name: org.name,
      kind: org.kind,
      nafCode: org.nafCode,
      size: org.size,
      departmentCode: org.departmentCode,
      regionCode,
    });
  }
  await orgWriter.flush();

  const n = universe.offerCount;
  const offerTrack = new Uint8Array(n);
  const offerRegion = new Uint8Array(n);
  const offerDepartment = new Uint8Array(n);
  const offerStatus = new Uint8Array(n);
  const offerOrg = new Int32Array(n);
  const seatsLeft = new Uint8Array(n);
  const offerStart: string[] = new Array<string>(n);
  const offerNational = new Uint8Array(n);
  const offerWriter = new BulkWriter(db, internshipOffers, [orgWriter]);
  const skillWriter = new BulkWriter(db, offerSkills, [offerWriter]);
  for (let k = 0; k < n; k++) {
    const rng = new Rng(universe.seed, 'offer', k);
    const orgIndex = rng.int(0, orgs.length - 1);
    const org = orgs[orgIndex] as OrganisationFacts;
    const track = randomTrack(rng);
    const orgDepartment = DEPARTMENT_INDEX.get(org.departmentCode) as number;
    let departmentIndex = orgDepartment;
    if (!rng.chance(0.7)) while (departmentIndex === orgDepartment) departmentIndex = DEPARTMENTS.indexOf(departmentByPopulation(rng));
    const department = DEPARTMENTS[departmentIndex] as { code: string; regionCode: string };
    const seats = rng.int(1, 5);
    const durationMonths = rng.int(2, 6);
    const startDate = addDays(FIRST_START, rng.int(0, START_SPAN_DAYS));
    const u = rng.next();
    const status = u < 0.1 ? STATUS.DRAFT : u < 0.7 ? STATUS.PUBLISHED : STATUS.CLOSED;
    const title = rng.pick(OFFER_TITLES[track]);
    const tutorRole = rng.pick(TUTOR_ROLES[track]);
    const partnerReference = `OFF-${k}`;
    const id = demoUuid(universe.seed, 'offer', k);
    // Published some weeks before the start, and never after the demo's "today".
    let publishedOn = addDays(startDate, -rng.int(45, 120));
    if (publishedOn >= REFERENCE_DATE) publishedOn = addDays(REFERENCE_DATE, -rng.int(1, 60));
    const publishedAt = status === STATUS.DRAFT ? null : new Date(Date.parse(`${publishedOn}T08:00:00Z`) + rng.int(0, 9 * 60) * 60_000);
    const terms = roundTermsOf(universe, k, status === STATUS.PUBLISHED, startDate, seats);
    await offerWriter.push({
      id,
      organisationId: org.siren,
      hostSiret: departmentIndex === orgDepartment ? org.siret : establishmentSiret(org.siren, departmentIndex),
      partnerReference,
      title,
      description: offerDescription(title, org.name, rng.pick(MISSIONS[track]), tutorRole),
      track,
      departmentCode: department.code,
      regionCode: department.regionCode,
      remotePolicy: rng.weighted(REMOTE_TABLE),
      startDate,
      durationMonths,
      seats,
      monthlyStipendCents: stipendCents(rng, durationMonths, org),
      expiresOn: addDays(startDate, -rng.int(7, 21)),
      howToApply: howToApply(partnerReference),
      tutorRole,
      clearance: clearanceOf(rng, track, org),
      status: STATUS_NAMES[status],
      publishedAt,
      ...terms,
    });
    for (const skill of rng.sample(skillsOfTrack(track), rng.int(2, 3))) await skillWriter.push({ offerId: id, skillCode: skill.code, level: rng.int(2, 3) });
    offerTrack[k] = TRACKS.indexOf(track);
    offerRegion[k] = REGION_INDEX.get(department.regionCode) as number;
    offerDepartment[k] = departmentIndex;
    offerStatus[k] = status;
    offerOrg[k] = orgIndex;
    seatsLeft[k] = seats;
    offerStart[k] = startDate;
    offerNational[k] = terms.nationalRound ? 1 : 0;
  }
  await skillWriter.flush();

  // Interns go to offers that were published (open or since closed); new applications to open ones.
  const placeable = new SeatPool(seatsLeft, offerTrack, offerRegion, (k) => offerStatus[k] !== STATUS.DRAFT);
  // Citizens apply to the offers companies recruit for themselves; the national round's are ranked through the agency.
  const open = new SeatPool(seatsLeft, offerTrack, offerRegion, (k) => offerStatus[k] === STATUS.PUBLISHED && !offerNational[k]);
  const round = new RoundDemo(db, universe, { track: offerTrack, region: offerRegion, startDate: offerStart, national: offerNational }, offerWriter);
  const offerId = (k: number) => demoUuid(universe.seed, 'offer', k);
  const organisationOf = (k: number) => (orgs[offerOrg[k] as number] as OrganisationFacts).siren;

  const placementWriter = new BulkWriter(db, placements, [offerWriter]);
  const applicationWriter = new BulkWriter(db, applications, [offerWriter]);
  const rightWriter = new BulkWriter(db, priorityHiringRights);
  // The copy of education's enrolments that its events would have built.
  const enrolmentWriter = new BulkWriter(db, serviceEnrolments);

  /** `count` distinct offers: `first` (when given) then random ones of the pool. */
  const distinctOffers = (rng: Rng, pool: SeatPool, track: number, region: number, count: number, first?: number): number[] => {
    const chosen = first === undefined ? [] : [first];
    for (let attempt = 0; chosen.length < count && attempt < count * 4; attempt++) {
      const k = pool.pick(rng, track, region);
      if (k >= 0 && !chosen.includes(k)) chosen.push(k);
    }
    return chosen;
  };

  /** Citizen `i`'s applications to `ranked` offers, first choice first, a week apart from `submittedOn`. */
  const pushApplications = async (
    i: number,
    citizenId: string,
    ranked: number[],
    submittedOn: string,
    rng: Rng,
    statusOf: (offer: number, rank: number) => (typeof applications.$inferInsert)['status'],
  ) => {
    for (let r = 0; r < ranked.length; r++) {
      const offer = ranked[r] as number;
      await applicationWriter.push({
        id: demoUuid(universe.seed, 'application', i * 3 + r),
        citizenId,
        offerId: offerId(offer),
        organisationId: organisationOf(offer),
        rank: r + 1,
        status: statusOf(offer, r),
        submittedAt: new Date(Date.parse(`${submittedOn}T09:00:00Z`) + (r * 7 + rng.int(0, 600)) * 60_000),
      });
    }
  };

  for (let i = 0; i < universe.citizenCount; i++) {
    const c = universe.citizen(i);
    const status = c.enrollment.status;
    const track = TRACKS.indexOf(c.track);
    const region = REGION_INDEX.get(c.regionCode) as number;
    const cohort = universe.cohort(c.cohortIndex);
    await enrolmentWriter.push({
      enrollmentId: c.enrollment.id,
      citizenId: c.id,
      cohortId: cohort.id,
      track: cohort.track,
      enrolledOn: c.enrollment.enrolledOn,
    });
    await round.push(i, c, cohort);

    if (status === 'IN_INTERNSHIP' || status === 'COMPLETED') {
      const rng = new Rng(universe.seed, 'placement', i);
      // No seat left in the track: the citizen's internship is in the armed forces, not in this subgraph.
      const k = placeable.take(track, region);
      if (k >= 0) {
        let startDate = addDays(addMonths(cohort.startDate, TRAINING_MONTHS), rng.int(0, 7));
        if (status === 'IN_INTERNSHIP' && startDate > REFERENCE_DATE) startDate = REFERENCE_DATE;
        const score = status === 'COMPLETED' ? Math.round((8 + rng.next() * 12) * 2) / 2 : null;
        await placementWriter.push({
          id: demoUuid(universe.seed, 'placement', i),
          citizenId: c.id,
          offerId: offerId(k),
          organisationId: organisationOf(k),
          departmentCode: (DEPARTMENTS[offerDepartment[k] as number] as { code: string }).code,
          regionCode: (REGIONS[offerRegion[k] as number] as { code: string }).code,
          status: status === 'COMPLETED' ? 'COMPLETED' : 'ACTIVE',
          startDate,
          endDate: cohort.endDate,
          evaluationScore: score,
          evaluationComment: score === null ? null : evaluationComment(score),
        });
        // Citizen-proposing deferred acceptance: choices ranked above the accepted one turned the
        // citizen down; those below were withdrawn once the citizen was accepted.
        const wanted = rng.int(1, 3);
        const acceptedRank = rng.int(1, wanted);
        const others = distinctOffers(rng, placeable, track, region, wanted, k).slice(1);
        const ranked = [...others.slice(0, acceptedRank - 1), k, ...others.slice(acceptedRank - 1)];
        const submittedOn = addDays(cohort.startDate, rng.int(14, 90));
        await pushApplications(i, c.id, ranked, submittedOn, rng, (offer, r) => (offer === k ? 'ACCEPTED' : r < ranked.indexOf(k) ? 'REJECTED' : 'WITHDRAWN'));
      }
      if (status === 'COMPLETED') {
        const validUntil = addMonths(cohort.endDate, 12 * PRIORITY_RIGHT_YEARS);
        const usedOn = rng.chance(0.15) ? addDays(cohort.endDate, rng.int(30, 365)) : null;
        await rightWriter.push({ citizenId: c.id, grantedOn: cohort.endDate, validUntil, usedOn: usedOn && usedOn <= REFERENCE_DATE ? usedOn : null });
      }
    } else if (status === 'ENROLLED' || status === 'IN_TRAINING') {
      const rng = new Rng(universe.seed, 'application', i);
      const chosen = distinctOffers(rng, open, track, region, rng.int(1, 3));
      let submittedOn = addDays(c.enrollment.enrolledOn, rng.int(1, 30));
      if (submittedOn >= REFERENCE_DATE) submittedOn = addDays(REFERENCE_DATE, -1);
      await pushApplications(i, c.id, chosen, submittedOn, rng, () => 'SUBMITTED');
    }
  }
  await placementWriter.flush();
  await applicationWriter.flush();
  await rightWriter.flush();
  await enrolmentWriter.flush();
  await round.flush();
}
