// A round's inputs as columns: one typed-array slot per candidate, per offer and per choice, with
// every code (track, département, region, skill) turned into a small integer. A national round is
// 800,000 candidates and 8,000,000 choices: as objects, maps and strings it took seconds to rank
// and gigabytes to hold; as columns ranking is integer compares. Built by the database reader
// (inputs.ts) row by row, or from plain objects (roundTableOf) for tests and small callers.
export type Clearance = 'NONE' | 'SECRET' | 'TRES_SECRET';

export interface Candidate {
  citizenId: string;
  track: string;
  departmentCode: string;
  regionCode: string;
  clearance: Clearance;
  /** The days the candidate may start an internship: after training, before the service ends. */
  internshipFrom: string;
  internshipUntil: string;
  /** Skill code → level reached. */
  skills: ReadonlyMap<string, number>;
  /** Category bitmask of the round's reserves (bit 0: non-graduate, bit 1: priority neighbourhood). */
  categories: number;
}

export interface RoundOffer {
  offerId: string;
  track: string;
  departmentCode: string;
  regionCode: string;
  clearance: Clearance;
  startDate: string;
  seats: number;
  requiredSkills: ReadonlyArray<{ skillCode: string; level: number }>;
}

export const RESERVE_CATEGORIES = { NON_GRADUATE: 0, PRIORITY_NEIGHBOURHOOD: 1 } as const;
export type ReserveCategory = keyof typeof RESERVE_CATEGORIES;
export const CLEARANCE_LEVEL: Record<Clearance, number> = { NONE: 0, SECRET: 1, TRES_SECRET: 2 };

export interface RoundOfferInput extends RoundOffer {
  /** Seats kept for one category; those it leaves empty go to anyone. */
  reserve?: { category: ReserveCategory; seats: number };
}

export interface RoundTable {
  /** The lottery's seed: a rerun with the same seed draws the same. */
  seed: string;
  candidates: number;
  citizenIds: readonly string[];
  /** The codes behind track and region numbers, by number (for the statistics). */
  trackCodes: readonly string[];
  regionCodes: readonly string[];
  track: Uint8Array;
  department: Uint16Array;
  region: Uint16Array;
  clearance: Uint8Array;
  /** The internship window, in days since 1970-01-01. */
  from: Int32Array;
  until: Int32Array;
  /** Bitmask of the reserves' categories (bit 0: non-graduate, bit 1: priority neighbourhood). */
  categories: Uint8Array;
  /** The skills some offer requires; a candidate's level of skill k is skillLevels[c × skills.length + k]. */
  skills: readonly string[];
  skillLevels: Uint8Array;
  /** Candidate c's choices, best first: prefOffer[prefStart[c] … prefStart[c + 1]), an offer index or -1 (not in the round). */
  prefStart: Uint32Array;
  prefOffer: Int32Array;

  offers: readonly RoundOfferInput[];
  offerTrack: Uint8Array;
  offerDepartment: Uint16Array;
  offerRegion: Uint16Array;
  offerClearance: Uint8Array;
  offerStart: Int32Array;
  /** Offer o's required skills: (reqSkill[k], reqLevel[k]) for k in [reqStart[o], reqStart[o + 1]). */
  reqStart: Uint32Array;
  reqSkill: Uint16Array;
  reqLevel: Uint8Array;
}

const DAY_MS = 86_400_000;
/** 'YYYY-MM-DD' → days since 1970-01-01. */
export function dayNumber(isoDay: string): number {
  return Date.UTC(Number(isoDay.slice(0, 4)), Number(isoDay.slice(5, 7)) - 1, Number(isoDay.slice(8, 10))) / DAY_MS;
}

/** Strings to dense small integers, in order of first sight. */
class Codes {
  private readonly index = new Map<string, number>();
  of(code: string): number {
    let i = this.index.get(code);
    if (i === undefined) this.index.set(code, (i = this.index.size));
    return i;
  }
  get(code: string): number | undefined {
    return this.index.get(code);
  }
  get size(): number {
    return this.index.size;
  }
  /** The codes, by index. */
  list(): string[] {
    return [...this.index.keys()];
  }
}

function grown<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array>(array: T, need: number): T {
  if (need <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(need, array.length * 2));
  next.set(array);
  return next;
}

/** One candidate as the reader has it: codes as text, days as numbers, choices as offer indexes (-1: not in the round). */
export interface CandidateRow {
  citizenId: string;
  track: string;
  departmentCode: string;
  regionCode: string;
  clearance: Clearance;
  fromDay: number;
  untilDay: number;
  categories: number;
}

/** Offers first (their required skills decide which candidate skills are kept), then candidates in order. */
export class RoundTableBuilder {
  readonly offerIndex: ReadonlyMap<string, number>;
  private readonly tracks = new Codes();
  private readonly departments = new Codes();
  private readonly regions = new Codes();
  private readonly skillCodes = new Codes();
  private readonly offerColumns;
  private n = 0;
  private readonly citizenIds: string[] = [];
  private track: Uint8Array;
  private department: Uint16Array;
  private region: Uint16Array;
  private clearance: Uint8Array;
  private from: Int32Array;
  private until: Int32Array;
  private categories: Uint8Array;
  private skillLevels: Uint8Array;
  private prefStart: Uint32Array;
  private prefOffer: Int32Array;
  private choices = 0;

  constructor(
    private readonly offers: readonly RoundOfferInput[],
    expected = { candidates: 1024, choices: 8192 },
  ) {
    this.offerIndex = new Map(offers.map((o, i) => [o.offerId, i]));
    const m = offers.length;
    const reqStart = new Uint32Array(m + 1);
    const reqSkill: number[] = [];
    const reqLevel: number[] = [];
    const cols = {
      offerTrack: new Uint8Array(m),
      offerDepartment: new Uint16Array(m),
      offerRegion: new Uint16Array(m),
      offerClearance: new Uint8Array(m),
      offerStart: new Int32Array(m),
      reqStart,
      reqSkill: new Uint16Array(0),
      reqLevel: new Uint8Array(0),
    };
    offers.forEach((o, i) => {
      cols.offerTrack[i] = this.tracks.of(o.track);
      cols.offerDepartment[i] = this.departments.of(o.departmentCode);
      cols.offerRegion[i] = this.regions.of(o.regionCode);
      cols.offerClearance[i] = CLEARANCE_LEVEL[o.clearance];
      cols.offerStart[i] = dayNumber(o.startDate);
      reqStart[i] = reqSkill.length;
      for (const s of o.requiredSkills) {
        reqSkill.push(this.skillCodes.of(s.skillCode));
        reqLevel.push(s.level);
      }
    });
    reqStart[m] = reqSkill.length;
    cols.reqSkill = Uint16Array.from(reqSkill);
    cols.reqLevel = Uint8Array.from(reqLevel);
    this.offerColumns = cols;
    const n = Math.max(1, expected.candidates);
    this.track = new Uint8Array(n);
    this.department = new Uint16Array(n);
    this.region = new Uint16Array(n);
    this.clearance = new Uint8Array(n);
    this.from = new Int32Array(n);
    this.until = new Int32Array(n);
    this.categories = new Uint8Array(n);
    this.skillLevels = new Uint8Array(n * this.skillCodes.size);
    this.prefStart = new Uint32Array(n + 1);
    this.prefOffer = new Int32Array(Math.max(1, expected.choices));
  }

  /**
   * Adds the next candidate, with the skills they reached (a skill no offer requires counts for
   * nothing) and their choices: offer indexes best first, -1 for an offer not in the round.
   */
  add(c: CandidateRow, skills: ReadonlyArray<{ code: string; level: number }>, choices: ArrayLike<number>): void {
    const i = this.n++;
    if (i >= this.track.length) {
      const need = i + 1;
      this.track = grown(this.track, need);
      this.department = grown(this.department, need);
      this.region = grown(this.region, need);
      this.clearance = grown(this.clearance, need);
      this.from = grown(this.from, need);
      this.until = grown(this.until, need);
      this.categories = grown(this.categories, need);
      this.skillLevels = grown(this.skillLevels, this.track.length * this.skillCodes.size);
      this.prefStart = grown(this.prefStart, this.track.length + 1);
    }
    this.citizenIds.push(c.citizenId);
    this.track[i] = this.tracks.of(c.track);
    this.department[i] = this.departments.of(c.departmentCode);
    this.region[i] = this.regions.of(c.regionCode);
    this.clearance[i] = CLEARANCE_LEVEL[c.clearance];
    this.from[i] = c.fromDay;
    this.until[i] = c.untilDay;
    this.categories[i] = c.categories;
    const row = i * this.skillCodes.size;
    for (const s of skills) {
      const k = this.skillCodes.get(s.code);
      if (k !== undefined) this.skillLevels[row + k] = Math.max(this.skillLevels[row + k] as number, s.level);
    }
    this.prefStart[i] = this.choices;
    this.prefOffer = grown(this.prefOffer, this.choices + choices.length);
    for (let k = 0; k < choices.length; k++) this.prefOffer[this.choices++] = choices[k] as number;
    this.prefStart[i + 1] = this.choices;
  }

  build(seed: string): RoundTable {
    const n = this.n;
    return {
      seed,
      candidates: n,
      citizenIds: this.citizenIds,
      trackCodes: this.tracks.list(),
      regionCodes: this.regions.list(),
      track: this.track.subarray(0, n),
      department: this.department.subarray(0, n),
      region: this.region.subarray(0, n),
      clearance: this.clearance.subarray(0, n),
      from: this.from.subarray(0, n),
      until: this.until.subarray(0, n),
      categories: this.categories.subarray(0, n),
      skills: this.skillCodes.list(),
      skillLevels: this.skillLevels.subarray(0, n * this.skillCodes.size),
      prefStart: this.prefStart.subarray(0, n + 1),
      prefOffer: this.prefOffer.subarray(0, this.choices),
      offers: this.offers,
      ...this.offerColumns,
    };
  }
}

/** A round's inputs as plain objects: tests and small callers. */
export interface RoundInputs {
  seed: string;
  candidates: readonly Candidate[];
  offers: readonly RoundOfferInput[];
  /** Offer ids per citizen, best first. */
  preferences: ReadonlyMap<string, readonly string[]>;
}

export function roundTableOf(inputs: RoundInputs): RoundTable {
  const builder = new RoundTableBuilder(inputs.offers);
  for (const c of inputs.candidates) {
    const choices = (inputs.preferences.get(c.citizenId) ?? []).map((id) => builder.offerIndex.get(id) ?? -1);
    builder.add(
      {
        citizenId: c.citizenId,
        track: c.track,
        departmentCode: c.departmentCode,
        regionCode: c.regionCode,
        clearance: c.clearance,
        fromDay: dayNumber(c.internshipFrom),
        untilDay: dayNumber(c.internshipUntil),
        categories: c.categories,
      },
      [...c.skills].map(([code, level]) => ({ code, level })),
      choices,
    );
  }
  return builder.build(inputs.seed);
}
