// Citizen-proposing deferred acceptance (Gale–Shapley) for a national internship placement round,
// with seat capacities and soft reserves ("minority reserves", Hafalir, Yenmez & Yildirim 2013).
//
// Choice function of offer o from a set A of applicants: first the best-ranked members of A of
// o's reserve category, up to reserved[o]; then, for the seats left (seats[o] minus the reserved
// seats just filled), the best-ranked of the rest of A, category members included. Reserved seats
// the category leaves empty thus fall back to general seats. This choice is substitutable and
// satisfies the law of aggregate demand (it always takes min(seats, |A|) applicants), so DA
// yields the citizen-optimal stable matching and is strategy-proof for citizens.
//
// Pure and dependency-free: typed arrays in, typed arrays out, no allocation per proposal, and the
// same Market always gives the same Matching.

export interface Market {
  citizens: number;
  offers: number;
  /** CSR: citizen c's ranked preferences are prefOffer[prefStart[c] .. prefStart[c+1]), best first. Length citizens+1. */
  prefStart: Uint32Array;
  /** Offer index of each preference entry (entries already filtered for hard-constraint eligibility by the caller). */
  prefOffer: Uint32Array;
  /** The offer's rank of the citizen for that entry: lower is better. Unique within one offer (the caller breaks ties with a lottery). Same length as prefOffer. */
  prefRank: Float64Array;
  /** Seats per offer (≥ 0). */
  seats: Uint32Array;
  /** Seats reserved for the offer's category (0 ≤ reserved ≤ seats). */
  reserved: Uint32Array;
  /** The category an offer reserves for (a small integer; any value when reserved is 0). Categories 8 and above match nobody. */
  reserveCategory: Uint8Array;
  /** Citizen categories as a bitmask: citizen c belongs to category k when (citizenCategories[c] >> k) & 1. */
  citizenCategories: Uint8Array;
}

export interface Matching {
  /** Offer index per citizen, -1 when unplaced. */
  offerOf: Int32Array;
  /** The preference entry index (into prefOffer) that placed each citizen, -1 when unplaced (so the caller knows the choice number: entry - prefStart[c]). */
  entryOf: Int32Array;
  proposals: number;
}

/** 1 when a citizen with category bitmask `categories` belongs to `category`, else 0. */
function memberOf(categories: number, category: number): number {
  return category < 8 ? (categories >> category) & 1 : 0;
}

/**
 * Checks the Market's shape (a bad index would otherwise read `undefined` from a typed array and
 * silently corrupt the result) and counts the entries naming each offer: no offer ever holds more
 * citizens than that, which bounds its slots when seats are plentiful. The loops are small
 * functions of their own: V8 compiles one big function of several loops worse after its first
 * calls (several times slower here).
 */
function checkMarket(market: Market): Uint32Array {
  const { citizens, offers, prefStart, prefOffer, prefRank, seats, reserved, reserveCategory, citizenCategories } = market;
  if (!Number.isInteger(citizens) || citizens < 0 || citizens > 0x7fffffff) throw new RangeError(`citizens must be an integer in [0, 2^31): ${citizens}`);
  if (!Number.isInteger(offers) || offers < 0 || offers > 0x7fffffff) throw new RangeError(`offers must be an integer in [0, 2^31): ${offers}`);
  if (prefStart.length !== citizens + 1) throw new RangeError(`prefStart has length ${prefStart.length}, expected citizens + 1 = ${citizens + 1}`);
  if (citizenCategories.length !== citizens) throw new RangeError(`citizenCategories has length ${citizenCategories.length}, expected ${citizens}`);
  if (seats.length !== offers || reserved.length !== offers || reserveCategory.length !== offers) {
    throw new RangeError(`seats, reserved and reserveCategory must have length offers = ${offers}`);
  }
  const entries = prefOffer.length;
  if (prefRank.length !== entries) throw new RangeError(`prefRank has length ${prefRank.length}, prefOffer ${entries}`);
  if (entries > 0x7fffffff) throw new RangeError(`too many preference entries for Int32 entry indices: ${entries}`);
  if (prefStart[0] !== 0 || prefStart[citizens] !== entries) throw new RangeError(`prefStart must run from 0 to prefOffer.length = ${entries}`);
  const c = firstDecrease(prefStart);
  if (c >= 0) throw new RangeError(`prefStart decreases at citizen ${c}`);
  const o = firstOverReserved(seats, reserved);
  if (o >= 0) throw new RangeError(`offer ${o} reserves ${reserved[o]} of ${seats[o]} seats`);
  const demand = new Uint32Array(offers);
  const e = countDemand(prefOffer, prefRank, demand);
  if (e >= 0 && prefOffer[e]! >= offers) throw new RangeError(`preference entry ${e} names offer ${prefOffer[e]}, but there are ${offers} offers`);
  if (e >= 0) throw new RangeError(`preference entry ${e} has a NaN rank`);
  return demand;
}

function firstDecrease(prefStart: Uint32Array): number {
  for (let c = 0; c + 1 < prefStart.length; c++) if (prefStart[c]! > prefStart[c + 1]!) return c;
  return -1;
}

function firstOverReserved(seats: Uint32Array, reserved: Uint32Array): number {
  for (let o = 0; o < seats.length; o++) if (reserved[o]! > seats[o]!) return o;
  return -1;
}

/** Adds each entry to its offer's demand; the first entry naming no offer or ranked NaN, else -1. */
function countDemand(prefOffer: Uint32Array, prefRank: Float64Array, demand: Uint32Array): number {
  const offers = demand.length;
  for (let e = 0; e < prefOffer.length; e++) {
    const o = prefOffer[e]!;
    if (o >= offers || Number.isNaN(prefRank[e]!)) return e;
    demand[o]!++;
  }
  return -1;
}

/** `category[o]` for an offer whose reserve can bind nobody (none, or a category past the bitmask): a plain offer. */
const GENERAL = 255;
/** Proposal chains run side by side (see `propose`). */
const LANES = 8;

/**
 * The offers' side of a round. Offer o's slots are [slotStart[o], slotStart[o + 1]): min(seats,
 * demand) of them, since no more citizens than that ever propose to it (so it is full below
 * `seats` only once every proposal has arrived). A slot is a rank, a citizen and the entry she
 * proposed by. The held citizens form max-heaps by rank, so that the worst is at hand: one heap
 * from the first slot up for an offer without a reserve; for an offer with one, the reserve picks
 * (its best members, at most `reserved`) from the first slot up and the others (general seats)
 * from the last slot down. The slot after all offers', `spare`, receives the record of a
 * holder being rejected.
 */
interface Offers {
  slotStart: Uint32Array;
  held: Uint32Array;
  /** Reserve offers: how many of the held are reserve picks. */
  picks: Uint32Array;
  /** The reserve category, or GENERAL. */
  category: Uint8Array;
  /**
   * A proposal ranked at or below cutoff[o] is refused (for a member of o's reserve category, one
   * at or below memberCutoff[o]): +∞ while o has room, -∞ with no seat at all, else the worst held
   * rank that a newcomer could replace. Dense, so most refusals never touch the slots.
   */
  cutoff: Float64Array;
  memberCutoff: Float64Array;
  reserved: Uint32Array;
  slotRank: Float64Array;
  slotCitizen: Int32Array;
  slotEntry: Int32Array;
  spare: number;
}

function offersOf(market: Market, demand: Uint32Array): Offers {
  const { offers, seats, reserved, reserveCategory } = market;
  const slotStart = new Uint32Array(offers + 1);
  const category = new Uint8Array(offers);
  const cutoff = new Float64Array(offers);
  const memberCutoff = new Float64Array(offers);
  let total = 0;
  for (let o = 0; o < offers; o++) {
    slotStart[o] = total;
    const capacity = Math.min(seats[o]!, demand[o]!);
    total += capacity;
    category[o] = reserved[o]! > 0 && reserveCategory[o]! < 8 ? reserveCategory[o]! : GENERAL;
    cutoff[o] = memberCutoff[o] = capacity === 0 ? -Infinity : Infinity;
  }
  slotStart[offers] = total;
  return {
    slotStart,
    held: new Uint32Array(offers),
    picks: new Uint32Array(offers),
    category,
    cutoff,
    memberCutoff,
    reserved,
    slotRank: new Float64Array(total + 1),
    slotCitizen: new Int32Array(total + 1),
    slotEntry: new Int32Array(total + 1),
    spare: total,
  };
}

// A heap's element i is in slot root + step·i (step 1 or -1), its worst at the root.

/** Adds (c, e, r) to the heap of `size` elements. */
function heapPush(s: Offers, root: number, step: number, size: number, c: number, e: number, r: number): void {
  const { slotRank, slotCitizen, slotEntry } = s;
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const from = root + step * parent;
    const parentRank = slotRank[from]!;
    if (parentRank >= r) break;
    const to = root + step * i;
    slotRank[to] = parentRank;
    slotCitizen[to] = slotCitizen[from]!;
    slotEntry[to] = slotEntry[from]!;
    i = parent;
  }
  const at = root + step * i;
  slotRank[at] = r;
  slotCitizen[at] = c;
  slotEntry[at] = e;
}

/** Moves the root of the heap of `size` ≥ 1 elements to `spare` and puts (c, e, r) in its place. */
function heapReplaceRoot(s: Offers, root: number, step: number, size: number, c: number, e: number, r: number): void {
  const { slotRank, slotCitizen, slotEntry, spare } = s;
  slotRank[spare] = slotRank[root]!;
  slotCitizen[spare] = slotCitizen[root]!;
  slotEntry[spare] = slotEntry[root]!;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && slotRank[root + step * (child + 1)]! > slotRank[root + step * child]!) child++;
    const from = root + step * child;
    const childRank = slotRank[from]!;
    if (childRank <= r) break;
    const to = root + step * i;
    slotRank[to] = childRank;
    slotCitizen[to] = slotCitizen[from]!;
    slotEntry[to] = slotEntry[from]!;
    i = child;
  }
  const at = root + step * i;
  slotRank[at] = r;
  slotCitizen[at] = c;
  slotEntry[at] = e;
}

/** Moves the root of the heap of `size` ≥ 1 elements to `spare`, the heap shrinking by one. */
function heapPop(s: Offers, root: number, step: number, size: number): void {
  const last = root + step * (size - 1);
  heapReplaceRoot(s, root, step, size - 1, s.slotCitizen[last]!, s.slotEntry[last]!, s.slotRank[last]!);
}

/**
 * Offer o, without a reserve, receives citizen c by entry e at rank r, which beats its cutoff:
 * -1 when it holds her without rejecting anybody, else `spare`, holding the record of the worst
 * holder, whom she replaces.
 */
function proposeGeneral(s: Offers, o: number, c: number, e: number, r: number): number {
  const base = s.slotStart[o]!;
  const capacity = s.slotStart[o + 1]! - base;
  const n = s.held[o]!;
  if (n < capacity) {
    heapPush(s, base, 1, n, c, e, r);
    s.held[o] = n + 1;
    if (n + 1 === capacity) s.cutoff[o] = s.slotRank[base]!;
    return -1;
  }
  heapReplaceRoot(s, base, 1, capacity, c, e, r);
  s.cutoff[o] = s.slotRank[base]!;
  return s.spare;
}

/**
 * Offer o, with a reserve, receives citizen c (`member` of its category or not) by entry e at
 * rank r: -1 when it holds her without rejecting anybody, -2 when it rejects her, else `spare`,
 * holding the record of the holder it rejects. The picks P are the best min(reserved, members)
 * members held, the rest G; the choice from held ∪ {c} keeps that split: c joins P while P has
 * room (then every member held is in P), or displaces P's worst into G if she beats it, else
 * joins G; when the offer is full, G's worst (which may be c) is rejected.
 */
function proposeReserved(s: Offers, o: number, c: number, e: number, r: number, member: number): number {
  const { slotRank, slotCitizen, slotEntry, spare } = s;
  const base = s.slotStart[o]!;
  const capacity = s.slotStart[o + 1]! - base;
  const n = s.held[o]!;
  const p = s.picks[o]!;
  const g = n - p;
  const top = base + capacity - 1; // G's root
  const reserve = s.reserved[o]!;
  let out = -1;
  if (n < capacity) {
    s.held[o] = n + 1;
    if (member === 1 && p < reserve) {
      heapPush(s, base, 1, p, c, e, r);
      s.picks[o] = p + 1;
    } else if (member === 1 && r < slotRank[base]!) {
      heapReplaceRoot(s, base, 1, p, c, e, r);
      heapPush(s, top, -1, g, slotCitizen[spare]!, slotEntry[spare]!, slotRank[spare]!);
    } else {
      heapPush(s, top, -1, g, c, e, r);
    }
    if (n + 1 < capacity) return -1;
  } else if (capacity === 0) {
    return -2;
  } else if (member === 1 && p < reserve) {
    // G is not empty: p < reserve ≤ seats, and p + g = capacity.
    heapPop(s, top, -1, g);
    heapPush(s, base, 1, p, c, e, r);
    s.picks[o] = p + 1;
    out = spare;
  } else if (member === 1 && r < slotRank[base]!) {
    heapReplaceRoot(s, base, 1, p, c, e, r);
    // P's former worst, now in spare, competes with G.
    if (g > 0 && slotRank[spare]! < slotRank[top]!) heapReplaceRoot(s, top, -1, g, slotCitizen[spare]!, slotEntry[spare]!, slotRank[spare]!);
    out = spare;
  } else {
    if (g === 0 || r > slotRank[top]!) return -2;
    heapReplaceRoot(s, top, -1, g, c, e, r);
    out = spare;
  }
  // Full: a non-member is refused unless she beats G's worst; a member also when P is complete
  // and she beats neither P's worst nor G's.
  const p1 = s.picks[o]!;
  const worstGeneral = p1 < capacity ? slotRank[top]! : -Infinity;
  s.cutoff[o] = worstGeneral;
  s.memberCutoff[o] = p1 >= reserve ? Math.max(worstGeneral, slotRank[base]!) : Infinity;
  return out;
}

/**
 * Runs every proposal; returns how many. A rejected citizen proposes again at once, in the lane
 * that rejected her (a chain ends when someone is held without displacing anybody, or runs out of
 * choices), so the free citizens are those in a lane and those not yet started: `next` is the
 * free-citizen stack. LANES chains advance in turn, one proposal each: a chain is a series of
 * cache misses each waiting on the last, and independent chains let the processor overlap them
 * (about 1.5× faster than one chain on 800,000 citizens). DA's outcome does not depend on the
 * order of proposals, and this order is fixed.
 */
function propose(market: Market, s: Offers): number {
  const { citizens, prefStart, prefOffer, prefRank, citizenCategories } = market;
  const { category, cutoff, memberCutoff, slotCitizen, slotEntry } = s;
  const laneCitizen = new Int32Array(LANES).fill(-1);
  const laneEntry = new Int32Array(LANES);
  const laneEnd = new Int32Array(LANES);
  const laneCategories = new Int32Array(LANES);
  let next = 0;
  let busy = 0;
  let proposals = 0;
  for (let lane = 0; next < citizens && lane < LANES; lane++, next++, busy++) {
    laneCitizen[lane] = next;
    laneEntry[lane] = prefStart[next]!;
    laneEnd[lane] = prefStart[next + 1]!;
    laneCategories[lane] = citizenCategories[next]!;
  }
  while (busy > 0) {
    for (let lane = 0; lane < LANES; lane++) {
      const c = laneCitizen[lane]!;
      if (c < 0) continue;
      const e = laneEntry[lane]!;
      if (e < laneEnd[lane]!) {
        proposals++;
        const o = prefOffer[e]!;
        const r = prefRank[e]!;
        const k = category[o]!;
        let out: number; // the slot of the record of the holder rejected, -1 when none, -2 when c is rejected
        if (r >= cutoff[o]!) {
          out = k !== GENERAL && (laneCategories[lane]! >> k) & 1 && r < memberCutoff[o]! ? proposeReserved(s, o, c, e, r, 1) : -2;
        } else {
          out = k === GENERAL ? proposeGeneral(s, o, c, e, r) : proposeReserved(s, o, c, e, r, (laneCategories[lane]! >> k) & 1);
        }
        if (out === -2) {
          laneEntry[lane] = e + 1;
          continue;
        }
        if (out >= 0) {
          const d = slotCitizen[out]!;
          laneCitizen[lane] = d;
          laneEntry[lane] = slotEntry[out]! + 1;
          laneEnd[lane] = prefStart[d + 1]!;
          laneCategories[lane] = citizenCategories[d]!;
          continue;
        }
      }
      // The chain ends (c is held, or has run out of choices): the lane starts the next citizen.
      if (next < citizens) {
        laneCitizen[lane] = next;
        laneEntry[lane] = prefStart[next]!;
        laneEnd[lane] = prefStart[next + 1]!;
        laneCategories[lane] = citizenCategories[next]!;
        next++;
      } else {
        laneCitizen[lane] = -1;
        busy--;
      }
    }
  }
  return proposals;
}

/** Citizen-proposing deferred acceptance with the choice function in the header. */
export function deferredAcceptance(market: Market): Matching {
  const s = offersOf(market, checkMarket(market));
  const proposals = propose(market, s);
  const offerOf = new Int32Array(market.citizens).fill(-1);
  const entryOf = new Int32Array(market.citizens).fill(-1);
  const { slotStart, held, picks, category, slotCitizen, slotEntry } = s;
  for (let o = 0; o < market.offers; o++) {
    // Held: the first `held` slots, or for a reserve offer the first `picks` and the last held - picks.
    const p = category[o] === GENERAL ? held[o]! : picks[o]!;
    for (let i = slotStart[o]!; i < slotStart[o + 1]!; i++) {
      if (i >= slotStart[o]! + p && i < slotStart[o + 1]! - (held[o]! - p)) continue;
      const c = slotCitizen[i]!;
      offerOf[c] = o;
      entryOf[c] = slotEntry[i]!;
    }
  }
  return { offerOf, entryOf, proposals };
}

/**
 * Whether the offer's choice from H ∪ {c} includes c, from counts over H (c excluded): its size,
 * its category members, those ranked better than c, and the members among them. The reserve picks
 * are the best min(reserved, members of H ∪ {c}) members; c is taken as one of them, or else when
 * fewer of the remaining applicants than the general seats left outrank her.
 */
function takes(seats: number, reserved: number, size: number, members: number, better: number, betterMembers: number, member: number): boolean {
  if (size < seats) return true;
  const picks = Math.min(reserved, members + member);
  if (member === 1 && betterMembers < picks) return true;
  return better - Math.min(picks, betterMembers) < seats - picks;
}

/**
 * Whether offer o would choose citizen c from its current assignees plus c (the choice-function
 * form of "o prefers c"). Scans every citizen for o's assignees, so O(citizens) a call;
 * blockingPairs indexes the assignees once instead.
 */
export function offerWouldTake(market: Market, matching: Matching, o: number, c: number, rankOfC: number): boolean {
  const category = market.reserveCategory[o]!;
  let size = 0;
  let members = 0;
  let better = 0;
  let betterMembers = 0;
  for (let a = 0; a < market.citizens; a++) {
    if (a === c || matching.offerOf[a] !== o) continue;
    const isMember = memberOf(market.citizenCategories[a]!, category);
    size++;
    members += isMember;
    if (market.prefRank[matching.entryOf[a]!]! < rankOfC) {
      better++;
      betterMembers += isMember;
    }
  }
  return takes(market.seats[o]!, market.reserved[o]!, size, members, better, betterMembers, memberOf(market.citizenCategories[c]!, category));
}

/**
 * The [citizen, offer] pairs where the citizen lists the offer above her assignment (or is
 * unplaced) and the offer's choice from its assignees ∪ {citizen} includes her; at most `limit` of
 * them, in citizen then preference order. Assumes a matching that `validate` accepts. With
 * capacities respected no offer wants to drop an assignee (the choice takes min(seats, |A|)), so
 * no blocking pair means stable.
 */
export function blockingPairs(market: Market, matching: Matching, limit = Infinity): Array<[number, number]> {
  const { citizens, offers, prefStart, prefOffer, prefRank, seats, reserved, reserveCategory, citizenCategories } = market;
  const { offerOf, entryOf } = matching;
  // Assignees by offer (CSR), so each candidate pair costs O(seats).
  const start = new Uint32Array(offers + 1);
  for (let c = 0; c < citizens; c++) {
    const o = offerOf[c]!;
    if (o >= 0) start[o + 1]!++;
  }
  for (let o = 0; o < offers; o++) start[o + 1]! += start[o]!;
  const fill = start.slice(0, offers);
  const assignees = new Int32Array(start[offers]!);
  for (let c = 0; c < citizens; c++) {
    const o = offerOf[c]!;
    if (o >= 0) assignees[fill[o]!++] = c;
  }
  const pairs: Array<[number, number]> = [];
  for (let c = 0; c < citizens && pairs.length < limit; c++) {
    const assigned = entryOf[c]!;
    const end = assigned >= 0 ? assigned : prefStart[c + 1]!;
    for (let e = prefStart[c]!; e < end && pairs.length < limit; e++) {
      const o = prefOffer[e]!;
      const rank = prefRank[e]!;
      const category = reserveCategory[o]!;
      let size = 0;
      let members = 0;
      let better = 0;
      let betterMembers = 0;
      for (let i = start[o]!; i < start[o + 1]!; i++) {
        const a = assignees[i]!;
        const isMember = memberOf(citizenCategories[a]!, category);
        size++;
        members += isMember;
        if (prefRank[entryOf[a]!]! < rank) {
          better++;
          betterMembers += isMember;
        }
      }
      if (takes(seats[o]!, reserved[o]!, size, members, better, betterMembers, memberOf(citizenCategories[c]!, category))) pairs.push([c, o]);
    }
  }
  return pairs;
}

/**
 * Problems with a matching (empty when valid): array lengths, each placed citizen assigned through
 * an entry of her own list that names her offer (entryOf and offerOf agreeing, both -1 when
 * unplaced), and no offer over its seats. At most 100 problems are listed.
 */
export function validate(market: Market, matching: Matching): string[] {
  const { citizens, offers, prefStart, prefOffer, seats } = market;
  const { offerOf, entryOf } = matching;
  const problems: string[] = [];
  const MAX = 100;
  if (offerOf.length !== citizens || entryOf.length !== citizens) {
    return [`offerOf and entryOf must have length citizens = ${citizens} (got ${offerOf.length} and ${entryOf.length})`];
  }
  const count = new Uint32Array(offers);
  for (let c = 0; c < citizens && problems.length < MAX; c++) {
    const o = offerOf[c]!;
    const e = entryOf[c]!;
    if (o === -1) {
      if (e !== -1) problems.push(`citizen ${c} is unplaced but has entry ${e}`);
      continue;
    }
    if (o < 0 || o >= offers) {
      problems.push(`citizen ${c} is assigned to offer ${o}, which does not exist`);
      continue;
    }
    if (e < prefStart[c]! || e >= prefStart[c + 1]!) problems.push(`citizen ${c} is assigned through entry ${e}, which is not on her list`);
    else if (prefOffer[e] !== o) problems.push(`citizen ${c} is assigned to offer ${o}, but her entry ${e} names offer ${prefOffer[e]}`);
    count[o]!++;
  }
  for (let o = 0; o < offers && problems.length < MAX; o++) {
    if (count[o]! > seats[o]!) problems.push(`offer ${o} holds ${count[o]} citizens for ${seats[o]} seats`);
  }
  return problems;
}
