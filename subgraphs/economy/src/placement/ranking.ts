// How an offer ranks its candidates in the national placement round, in this order:
//   1. hard constraints exclude: the offer's track, the security clearance it requires, a start
//      date within the candidate's internship window (the service period after training);
//   2. every required skill at the required level, before anyone missing one;
//   3. skill fit: Σ min(candidate's level, required level) ÷ Σ required levels, higher first;
//   4. distance: same département, then same region, then elsewhere;
//   5. a tie-break lottery: one number per candidate for the whole round, drawn from the round's
//      seed (a single lottery across offers is what keeps deferred acceptance efficient).
// The key is one float64 (lower is better), unique within an offer because the lottery is.
import { createHash } from 'node:crypto';

export type Clearance = 'NONE' | 'SECRET' | 'TRES_SECRET';
const CLEARANCE_ORDER: Record<Clearance, number> = { NONE: 0, SECRET: 1, TRES_SECRET: 2 };

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

export type Exclusion = 'OTHER_TRACK' | 'CLEARANCE' | 'START_OUTSIDE_SERVICE';

/** Why the offer may not take the candidate at all, or null. */
export function exclusionOf(offer: RoundOffer, c: Candidate): Exclusion | null {
  if (offer.track !== c.track) return 'OTHER_TRACK';
  if (CLEARANCE_ORDER[c.clearance] < CLEARANCE_ORDER[offer.clearance]) return 'CLEARANCE';
  if (offer.startDate < c.internshipFrom || offer.startDate > c.internshipUntil) return 'START_OUTSIDE_SERVICE';
  return null;
}

/** Every candidate's lottery position (0 first), from the round's seed: the same seed, the same order. */
export function lotteryOrder(roundSeed: string, citizenIds: readonly string[]): Uint32Array {
  const draws = citizenIds.map((id, i) => ({ i, draw: createHash('sha256').update(`${roundSeed}:${id}`).digest().readBigUInt64BE(0) }));
  draws.sort((a, b) => (a.draw < b.draw ? -1 : a.draw > b.draw ? 1 : a.i - b.i));
  const position = new Uint32Array(citizenIds.length);
  draws.forEach((d, k) => (position[d.i] = k));
  return position;
}

const FIT_STEPS = 1000;
const LOTTERY_SPAN = 2 ** 21; // > 2,000,000 candidates per round

/** The offer's key for the candidate (lower is better), once no exclusion applies. */
export function rankKey(offer: RoundOffer, c: Candidate, lotteryPosition: number): number {
  let required = 0;
  let reached = 0;
  let allMet = true;
  for (const s of offer.requiredSkills) {
    const level = c.skills.get(s.skillCode) ?? 0;
    required += s.level;
    reached += Math.min(level, s.level);
    if (level < s.level) allMet = false;
  }
  const misfit = required === 0 ? 0 : Math.round((1 - reached / required) * FIT_STEPS);
  const distance = offer.departmentCode === c.departmentCode ? 0 : offer.regionCode === c.regionCode ? 1 : 2;
  return (((allMet ? 0 : 1) * (FIT_STEPS + 1) + misfit) * 3 + distance) * LOTTERY_SPAN + lotteryPosition;
}
