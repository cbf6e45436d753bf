// One placement round in memory: the candidates' ranked choices filtered by the offers' hard
// constraints, ranked by ranking.ts, matched by deferred acceptance (matching.ts), and the outcome
// with its statistics. Pure: the same table gives the same outcome, bit for bit; reading the inputs
// from the database and writing the placements are the caller's. Columns in, columns out
// (round-table.ts): a national round never becomes millions of objects.
import { deferredAcceptance, type Market, type Matching } from './matching';
import { EXCLUSIONS, exclusionCode, lotteryOrder, rankKeyAt, type Exclusion } from './ranking';
import { RESERVE_CATEGORIES, type RoundTable } from './round-table';

export { RESERVE_CATEGORIES, roundTableOf, type ReserveCategory, type RoundInputs, type RoundOfferInput, type RoundTable } from './round-table';

export type UnplacedReason = 'NO_PREFERENCE' | 'NO_ELIGIBLE_PREFERENCE' | 'OUTRANKED';
const REASONS: readonly UnplacedReason[] = ['NO_PREFERENCE', 'NO_ELIGIBLE_PREFERENCE', 'OUTRANKED'];
/** Why a choice was struck out: an offer's hard constraint, or the offer no longer in the round (closed, full). */
export type ChoiceExclusion = Exclusion | 'OFFER_UNAVAILABLE';
/** Choice exclusion code 4: the offer is not in the round. */
const UNAVAILABLE = 4;

export interface RoundOutcome {
  /** Per candidate: the offer index they are placed in, or -1. */
  offerOf: Int32Array;
  /** Per placed candidate: the rank of that offer in their choices (1 = first); 0 when unplaced. */
  choiceOf: Uint8Array;
  /** Per unplaced candidate: why, as an index into UnplacedReason order (NO_PREFERENCE, NO_ELIGIBLE_PREFERENCE, OUTRANKED). */
  reasonOf: Uint8Array;
  /** Per choice (as the table's prefOffer): 0 when eligible, else its exclusion code. */
  excludedBy: Uint8Array;
  stats: RoundStats;
}

export interface RoundStats {
  candidates: number;
  placed: number;
  seats: number;
  /** Seats filled ÷ seats offered. */
  fillRate: number;
  firstChoiceShare: number;
  topThreeShare: number;
  unplacedByReason: Record<UnplacedReason, number>;
  byTrack: Record<string, { candidates: number; placed: number }>;
  byRegion: Record<string, { candidates: number; placed: number }>;
}

/** Ranks every eligible choice and runs deferred acceptance over them. */
export function runRound(t: RoundTable): RoundOutcome {
  const ranked = rankChoices(t);
  return outcomeOf(t, ranked, deferredAcceptance(ranked.market));
}

/** The market deferred acceptance runs on: each eligible choice with the offer's key for it. */
export interface RankedChoices {
  market: Market;
  /** Per market entry: the rank of that choice in the candidate's list (1 = first). */
  choiceOfEntry: Uint8Array;
  /** Per choice of the table: 0 when eligible, else its exclusion code. */
  excludedBy: Uint8Array;
}

/** The lottery, the hard constraints and the offers' keys, over every choice. */
export function rankChoices(t: RoundTable): RankedChoices {
  const n = t.candidates;
  const lottery = lotteryOrder(t.seed, t.citizenIds);
  const excludedBy = new Uint8Array(t.prefOffer.length);
  // Eligible choices only, in each candidate's order: at most one entry per choice.
  const prefStart = new Uint32Array(n + 1);
  const prefOffer = new Uint32Array(t.prefOffer.length);
  const prefRank = new Float64Array(t.prefOffer.length);
  const choiceOfEntry = new Uint8Array(t.prefOffer.length);
  let entries = 0;
  for (let c = 0; c < n; c++) {
    prefStart[c] = entries;
    const position = lottery[c] as number;
    for (let k = t.prefStart[c] as number, end = t.prefStart[c + 1] as number, choice = 1; k < end; k++, choice++) {
      const o = t.prefOffer[k] as number;
      const code = o < 0 ? UNAVAILABLE : exclusionCode(t, o, c);
      if (code !== 0) {
        excludedBy[k] = code;
        continue;
      }
      prefOffer[entries] = o;
      prefRank[entries] = rankKeyAt(t, o, c, position);
      choiceOfEntry[entries++] = choice;
    }
  }
  prefStart[n] = entries;
  const m = t.offers.length;
  const market: Market = {
    citizens: n,
    offers: m,
    prefStart,
    prefOffer: prefOffer.subarray(0, entries),
    prefRank: prefRank.subarray(0, entries),
    seats: Uint32Array.from(t.offers, (o) => o.seats),
    reserved: Uint32Array.from(t.offers, (o) => Math.min(o.reserve?.seats ?? 0, o.seats)),
    reserveCategory: Uint8Array.from(t.offers, (o) => (o.reserve ? RESERVE_CATEGORIES[o.reserve.category] : 0)),
    citizenCategories: t.categories,
  };
  return { market, choiceOfEntry, excludedBy };
}

function outcomeOf(t: RoundTable, { market, choiceOfEntry, excludedBy }: RankedChoices, matching: Matching): RoundOutcome {
  const n = t.candidates;
  const prefStart = market.prefStart;
  const choiceOf = new Uint8Array(n);
  const reasonOf = new Uint8Array(n);
  const stats = emptyStats(t);
  const tracks = new Map<number, { candidates: number; placed: number }>();
  const regions = new Map<number, { candidates: number; placed: number }>();
  let firstChoice = 0;
  let topThree = 0;
  for (let c = 0; c < n; c++) {
    const track = tracks.get(t.track[c] as number) ?? tracks.set(t.track[c] as number, { candidates: 0, placed: 0 }).get(t.track[c] as number)!;
    const region = regions.get(t.region[c] as number) ?? regions.set(t.region[c] as number, { candidates: 0, placed: 0 }).get(t.region[c] as number)!;
    track.candidates++;
    region.candidates++;
    const entry = matching.entryOf[c] as number;
    if (entry >= 0) {
      const choice = choiceOfEntry[entry] as number;
      choiceOf[c] = choice;
      track.placed++;
      region.placed++;
      stats.placed++;
      if (choice === 1) firstChoice++;
      if (choice <= 3) topThree++;
      continue;
    }
    const listed = (t.prefStart[c + 1] as number) > (t.prefStart[c] as number);
    const reason = !listed ? 0 : (prefStart[c + 1] as number) > (prefStart[c] as number) ? 2 : 1;
    reasonOf[c] = reason;
    stats.unplacedByReason[REASONS[reason] as UnplacedReason]++;
  }
  const codeNames = (names: readonly string[], counts: Map<number, { candidates: number; placed: number }>) =>
    Object.fromEntries([...counts].sort((a, b) => a[0] - b[0]).map(([code, v]) => [names[code] as string, v]));
  stats.byTrack = codeNames(t.trackCodes, tracks);
  stats.byRegion = codeNames(t.regionCodes, regions);
  stats.fillRate = stats.seats === 0 ? 0 : stats.placed / stats.seats;
  stats.firstChoiceShare = stats.placed === 0 ? 0 : firstChoice / stats.placed;
  stats.topThreeShare = stats.placed === 0 ? 0 : topThree / stats.placed;
  return { offerOf: matching.offerOf, choiceOf, reasonOf, excludedBy, stats };
}

/** Why each of candidate c's struck-out choices was struck out, in their order. */
export function exclusionsOf(t: RoundTable, outcome: RoundOutcome, c: number): ChoiceExclusion[] {
  const out: ChoiceExclusion[] = [];
  for (let k = t.prefStart[c] as number, end = t.prefStart[c + 1] as number; k < end; k++) {
    const code = outcome.excludedBy[k] as number;
    if (code === UNAVAILABLE) out.push('OFFER_UNAVAILABLE');
    else if (code !== 0) out.push(EXCLUSIONS[code - 1] as Exclusion);
  }
  return out;
}

export function unplacedReasonOf(outcome: RoundOutcome, c: number): UnplacedReason {
  return REASONS[outcome.reasonOf[c] as number] as UnplacedReason;
}

/** The placements as objects, in candidate order (tests, small rounds). */
export function placementsOf(t: RoundTable, outcome: RoundOutcome): Array<{ citizenId: string; offerId: string; choice: number }> {
  const out = [];
  for (let c = 0; c < t.candidates; c++) {
    const o = outcome.offerOf[c] as number;
    if (o >= 0)
      out.push({ citizenId: t.citizenIds[c] as string, offerId: (t.offers[o] as { offerId: string }).offerId, choice: outcome.choiceOf[c] as number });
  }
  return out;
}

/** The unplaced as objects, in candidate order (tests, small rounds). */
export function unplacedOf(t: RoundTable, outcome: RoundOutcome): Array<{ citizenId: string; reason: UnplacedReason; exclusions: ChoiceExclusion[] }> {
  const out = [];
  for (let c = 0; c < t.candidates; c++) {
    if ((outcome.offerOf[c] as number) < 0)
      out.push({ citizenId: t.citizenIds[c] as string, reason: unplacedReasonOf(outcome, c), exclusions: exclusionsOf(t, outcome, c) });
  }
  return out;
}

function emptyStats(t: RoundTable): RoundStats {
  return {
    candidates: t.candidates,
    placed: 0,
    seats: t.offers.reduce((sum, o) => sum + o.seats, 0),
    fillRate: 0,
    firstChoiceShare: 0,
    topThreeShare: 0,
    unplacedByReason: { NO_PREFERENCE: 0, NO_ELIGIBLE_PREFERENCE: 0, OUTRANKED: 0 },
    byTrack: {},
    byRegion: {},
  };
}
