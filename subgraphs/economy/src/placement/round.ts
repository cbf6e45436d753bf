// One placement round in memory: the candidates' ranked preferences filtered by the offers' hard
// constraints, ranked by ranking.ts, matched by deferred acceptance (matching.ts), and the outcome
// with its statistics. Pure: the same inputs give the same outcome, bit for bit; reading the inputs
// from the database and writing the placements are the caller's.
import { deferredAcceptance, type Market } from './matching';
import { exclusionOf, lotteryOrder, rankKey, type Candidate, type Exclusion, type RoundOffer } from './ranking';

export const RESERVE_CATEGORIES = { NON_GRADUATE: 0, PRIORITY_NEIGHBOURHOOD: 1 } as const;
export type ReserveCategory = keyof typeof RESERVE_CATEGORIES;

export interface RoundOfferInput extends RoundOffer {
  /** Seats kept for one category; those it leaves empty go to anyone. */
  reserve?: { category: ReserveCategory; seats: number };
}

export interface RoundInputs {
  /** The round's id: it seeds the lottery, so a rerun draws the same. */
  seed: string;
  candidates: readonly Candidate[];
  offers: readonly RoundOfferInput[];
  /** Offer ids per citizen, best first. */
  preferences: ReadonlyMap<string, readonly string[]>;
}

export type UnplacedReason = 'NO_PREFERENCE' | 'NO_ELIGIBLE_PREFERENCE' | 'OUTRANKED';
/** Why a choice was struck out: an offer's hard constraint, or the offer no longer in the round (closed, full). */
export type ChoiceExclusion = Exclusion | 'OFFER_UNAVAILABLE';

export interface RoundOutcome {
  placements: Array<{ citizenId: string; offerId: string; choice: number }>;
  unplaced: Array<{ citizenId: string; reason: UnplacedReason; exclusions: ChoiceExclusion[] }>;
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

/** Builds the market (one preference entry per eligible choice) and runs the round. */
export function runRound(inputs: RoundInputs): RoundOutcome {
  const offerIndex = new Map(inputs.offers.map((o, i) => [o.offerId, i]));
  const lottery = lotteryOrder(
    inputs.seed,
    inputs.candidates.map((c) => c.citizenId),
  );
  const n = inputs.candidates.length;
  const prefStart = new Uint32Array(n + 1);
  const offerOfEntry: number[] = [];
  const rankOfEntry: number[] = [];
  const choiceOfEntry: number[] = [];
  const exclusions: ChoiceExclusion[][] = [];
  const listed = new Uint8Array(n);
  const categories = new Uint8Array(n);
  inputs.candidates.forEach((c, ci) => {
    prefStart[ci] = offerOfEntry.length;
    categories[ci] = c.categories;
    const excluded: ChoiceExclusion[] = [];
    const list = inputs.preferences.get(c.citizenId) ?? [];
    listed[ci] = list.length > 0 ? 1 : 0;
    list.forEach((offerId, choice) => {
      const oi = offerIndex.get(offerId);
      const offer = oi === undefined ? undefined : inputs.offers[oi];
      if (oi === undefined || !offer) return void excluded.push('OFFER_UNAVAILABLE');
      const why = exclusionOf(offer, c);
      if (why) return void excluded.push(why);
      offerOfEntry.push(oi);
      rankOfEntry.push(rankKey(offer, c, lottery[ci] as number));
      choiceOfEntry.push(choice + 1);
    });
    exclusions.push(excluded);
  });
  prefStart[n] = offerOfEntry.length;
  const market: Market = {
    citizens: n,
    offers: inputs.offers.length,
    prefStart,
    prefOffer: Uint32Array.from(offerOfEntry),
    prefRank: Float64Array.from(rankOfEntry),
    seats: Uint32Array.from(inputs.offers, (o) => o.seats),
    reserved: Uint32Array.from(inputs.offers, (o) => Math.min(o.reserve?.seats ?? 0, o.seats)),
    reserveCategory: Uint8Array.from(inputs.offers, (o) => (o.reserve ? RESERVE_CATEGORIES[o.reserve.category] : 0)),
    citizenCategories: categories,
  };
  const matching = deferredAcceptance(market);

  const outcome: RoundOutcome = { placements: [], unplaced: [], stats: emptyStats(inputs) };
  const { stats } = outcome;
  inputs.candidates.forEach((c, ci) => {
    const track = (stats.byTrack[c.track] ??= { candidates: 0, placed: 0 });
    const region = (stats.byRegion[c.regionCode] ??= { candidates: 0, placed: 0 });
    track.candidates++;
    region.candidates++;
    const entry = matching.entryOf[ci] as number;
    if (entry >= 0) {
      const choice = choiceOfEntry[entry] as number;
      outcome.placements.push({ citizenId: c.citizenId, offerId: (inputs.offers[matching.offerOf[ci] as number] as RoundOffer).offerId, choice });
      track.placed++;
      region.placed++;
      stats.placed++;
      if (choice === 1) stats.firstChoiceShare++;
      if (choice <= 3) stats.topThreeShare++;
      return;
    }
    const hadEligible = (prefStart[ci + 1] as number) > (prefStart[ci] as number);
    const reason: UnplacedReason = !listed[ci] ? 'NO_PREFERENCE' : hadEligible ? 'OUTRANKED' : 'NO_ELIGIBLE_PREFERENCE';
    outcome.unplaced.push({ citizenId: c.citizenId, reason, exclusions: exclusions[ci] as ChoiceExclusion[] });
    stats.unplacedByReason[reason]++;
  });
  stats.fillRate = stats.seats === 0 ? 0 : stats.placed / stats.seats;
  stats.firstChoiceShare = stats.placed === 0 ? 0 : stats.firstChoiceShare / stats.placed;
  stats.topThreeShare = stats.placed === 0 ? 0 : stats.topThreeShare / stats.placed;
  return outcome;
}

function emptyStats(inputs: RoundInputs): RoundStats {
  return {
    candidates: inputs.candidates.length,
    placed: 0,
    seats: inputs.offers.reduce((sum, o) => sum + o.seats, 0),
    fillRate: 0,
    firstChoiceShare: 0,
    topThreeShare: 0,
    unplacedByReason: { NO_PREFERENCE: 0, NO_ELIGIBLE_PREFERENCE: 0, OUTRANKED: 0 },
    byTrack: {},
    byRegion: {},
  };
}
