// How an offer ranks its candidates in the national placement round, in this order:
//   1. hard constraints exclude: the offer's track, the security clearance it requires, a start
//      date within the candidate's internship window (the service period after training);
//   2. every required skill at the required level, before anyone missing one;
//   3. skill fit: Σ min(candidate's level, required level) ÷ Σ required levels, higher first;
//   4. distance: same département, then same region, then elsewhere;
//   5. a tie-break lottery: one number per candidate for the whole round, drawn from the round's
//      seed (a single lottery across offers is what keeps deferred acceptance efficient).
// The key is one float64 (lower is better), unique within an offer because the lottery is.
import { hash } from 'node:crypto';
import { roundTableOf, type Candidate, type RoundOffer, type RoundTable } from './round-table';

export type { Candidate, Clearance, RoundOffer } from './round-table';

export type Exclusion = 'OTHER_TRACK' | 'CLEARANCE' | 'START_OUTSIDE_SERVICE';
/** Exclusion code k (1, 2, 3) is EXCLUSIONS[k - 1]; 0 is none. */
export const EXCLUSIONS: readonly Exclusion[] = ['OTHER_TRACK', 'CLEARANCE', 'START_OUTSIDE_SERVICE'];

/** 0 when offer o may take candidate c, else the code of the first hard constraint that excludes them. */
export function exclusionCode(t: RoundTable, o: number, c: number): number {
  if (t.offerTrack[o] !== t.track[c]) return 1;
  if ((t.clearance[c] as number) < (t.offerClearance[o] as number)) return 2;
  const start = t.offerStart[o] as number;
  if (start < (t.from[c] as number) || start > (t.until[c] as number)) return 3;
  return 0;
}

/**
 * Every candidate's lottery position (0 first): the order of the first 64 bits of SHA-256(seed ":"
 * citizen id), ties (one in millions of rounds) by the candidates' order. The same seed, the same order.
 */
export function lotteryOrder(roundSeed: string, citizenIds: readonly string[]): Uint32Array {
  const n = citizenIds.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const digest = hash('sha256', `${roundSeed}:${citizenIds[i]}`, 'buffer');
    hi[i] = digest.readUInt32BE(0);
    lo[i] = digest.readUInt32BE(4);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (hi[a] as number) - (hi[b] as number) || (lo[a] as number) - (lo[b] as number) || a - b);
  const position = new Uint32Array(n);
  for (let k = 0; k < n; k++) position[order[k] as number] = k;
  return position;
}

const FIT_STEPS = 1000;
const LOTTERY_SPAN = 2 ** 21; // > 2,000,000 candidates per round

/** Offer o's key for candidate c (lower is better), once no exclusion applies. */
export function rankKeyAt(t: RoundTable, o: number, c: number, lotteryPosition: number): number {
  let required = 0;
  let reached = 0;
  let allMet = true;
  const row = c * t.skills.length;
  for (let k = t.reqStart[o] as number, end = t.reqStart[o + 1] as number; k < end; k++) {
    const need = t.reqLevel[k] as number;
    const level = t.skillLevels[row + (t.reqSkill[k] as number)] as number;
    required += need;
    if (level < need) {
      reached += level;
      allMet = false;
    } else reached += need;
  }
  const misfit = required === 0 ? 0 : Math.round((1 - reached / required) * FIT_STEPS);
  const distance = t.offerDepartment[o] === t.department[c] ? 0 : t.offerRegion[o] === t.region[c] ? 1 : 2;
  return (((allMet ? 0 : 1) * (FIT_STEPS + 1) + misfit) * 3 + distance) * LOTTERY_SPAN + lotteryPosition;
}

/** The rules on one offer and one candidate as objects (tests, explanations). */
function pair(offer: RoundOffer, c: Candidate): RoundTable {
  return roundTableOf({ seed: '', candidates: [c], offers: [offer], preferences: new Map() });
}

/** Why the offer may not take the candidate at all, or null. */
export function exclusionOf(offer: RoundOffer, c: Candidate): Exclusion | null {
  const code = exclusionCode(pair(offer, c), 0, 0);
  return code === 0 ? null : (EXCLUSIONS[code - 1] as Exclusion);
}

/** The offer's key for the candidate (lower is better), once no exclusion applies. */
export function rankKey(offer: RoundOffer, c: Candidate, lotteryPosition: number): number {
  return rankKeyAt(pair(offer, c), 0, 0, lotteryPosition);
}
