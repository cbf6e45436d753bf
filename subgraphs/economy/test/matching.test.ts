// Deferred acceptance with soft reserves, against references written from the definitions: a
// sort-based choice function, blocking pairs by that choice, a textbook round-by-round DA, and
// (on small markets) every feasible matching enumerated by brute force.
import { describe, expect, it } from 'vitest';
import { Rng } from '@snn/platform/demo';
import { blockingPairs, deferredAcceptance, offerWouldTake, validate, type Market, type Matching } from '../src/placement/matching';

/** The demo universe's seeded generator (mulberry32), as a function. */
const seeded = (seed: number): (() => number) => {
  const rng = new Rng(seed, 'matching-test', 0);
  return () => rng.next();
};
const int = (rnd: () => number, n: number) => Math.floor(rnd() * n);
function shuffle<T>(rnd: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = int(rnd, i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

interface Spec {
  seats: number[];
  reserved?: number[];
  reserveCategory?: number[];
  categories?: number[];
  /** Each citizen's offers, best first. */
  prefs: number[][];
  /** The offer's rank of a citizen (lower is better); the citizen's index by default. */
  rank?: (o: number, c: number) => number;
}

function build(spec: Spec): Market {
  const citizens = spec.prefs.length;
  const offers = spec.seats.length;
  const prefStart = new Uint32Array(citizens + 1);
  spec.prefs.forEach((list, c) => (prefStart[c + 1] = prefStart[c]! + list.length));
  const flat = spec.prefs.flatMap((list, c) => list.map((o) => [o, spec.rank ? spec.rank(o, c) : c] as const));
  return {
    citizens,
    offers,
    prefStart,
    prefOffer: Uint32Array.from(flat, ([o]) => o),
    prefRank: Float64Array.from(flat, ([, r]) => r),
    seats: Uint32Array.from(spec.seats),
    reserved: Uint32Array.from(spec.reserved ?? spec.seats.map(() => 0)),
    reserveCategory: Uint8Array.from(spec.reserveCategory ?? spec.seats.map(() => 0)),
    citizenCategories: Uint8Array.from(spec.categories ?? spec.prefs.map(() => 0)),
  };
}

/** 1–7 citizens, 1–4 offers of 0–3 seats, random reserves over categories 0–2, random lists. */
function smallMarket(rnd: () => number): Market {
  const citizens = 1 + int(rnd, 7);
  const offers = 1 + int(rnd, 4);
  const seats = Array.from({ length: offers }, () => int(rnd, 4));
  const order = Array.from({ length: offers }, () => shuffle(rnd, [...Array(citizens).keys()]));
  return build({
    seats,
    reserved: seats.map((s) => (rnd() < 0.6 ? int(rnd, s + 1) : 0)),
    reserveCategory: seats.map(() => int(rnd, 3)),
    categories: Array.from({ length: citizens }, () => int(rnd, 8)),
    prefs: Array.from({ length: citizens }, () => shuffle(rnd, [...Array(offers).keys()]).slice(0, int(rnd, offers + 1))),
    rank: (o, c) => order[o]!.indexOf(c) + rnd() * 0.5,
  });
}

/**
 * Citizens with 10 distinct random choices over offers of 1–32 seats (≈ 0.9 seat per citizen), a
 * share of offers reserving 1–maxReserve seats for category 0 or 1, and a share of citizens in each.
 */
function mediumMarket(seed: number, citizens: number, offers: number, { reserving = 0.3, maxReserve = 3, members = [0.15, 0.1] } = {}): Market {
  const rnd = seeded(seed);
  const seats = Array.from({ length: offers }, () => 1 + int(rnd, 32));
  const target = Math.round(0.9 * citizens);
  let total = seats.reduce((a, b) => a + b, 0);
  while (total > target) {
    const o = int(rnd, offers);
    if (seats[o]! > 1) {
      seats[o]!--;
      total--;
    }
  }
  const kind = seats.map(() => rnd());
  const choices = Math.min(10, offers);
  return build({
    seats,
    reserved: seats.map((s, o) => (kind[o]! < reserving ? Math.min(s, 1 + int(rnd, maxReserve)) : 0)),
    reserveCategory: kind.map((k) => (k < (2 * reserving) / 3 ? 0 : 1)),
    categories: Array.from({ length: citizens }, () => (rnd() < members[0]! ? 1 : 0) | (rnd() < members[1]! ? 2 : 0)),
    prefs: Array.from({ length: citizens }, () => {
      const list: number[] = [];
      while (list.length < choices) {
        const o = int(rnd, offers);
        if (!list.includes(o)) list.push(o);
      }
      return list;
    }),
    rank: () => rnd(),
  });
}

// ---- References, from the definitions --------------------------------------------------------

const isMember = (m: Market, c: number, o: number) => ((m.citizenCategories[c]! >> m.reserveCategory[o]!) & 1) === 1;

/** The offer's choice: the best members up to `reserved`, then the best of the rest for the seats left. */
function refChoice(m: Market, o: number, applicants: ReadonlyArray<{ c: number; rank: number }>): Set<number> {
  const sorted = [...applicants].sort((a, b) => a.rank - b.rank);
  const chosen = new Set<number>();
  for (const a of sorted) if (chosen.size < m.reserved[o]! && isMember(m, a.c, o)) chosen.add(a.c);
  const general = m.seats[o]! - chosen.size;
  let taken = 0;
  for (const a of sorted) {
    if (taken < general && !chosen.has(a.c)) {
      chosen.add(a.c);
      taken++;
    }
  }
  return chosen;
}

/** An assignment: the entry placing each citizen, -1 when unplaced. */
type Assignment = number[];

function assigneesOf(m: Market, entry: Assignment, o: number): Array<{ c: number; rank: number }> {
  const out: Array<{ c: number; rank: number }> = [];
  entry.forEach((e, c) => {
    if (e >= 0 && m.prefOffer[e] === o) out.push({ c, rank: m.prefRank[e]! });
  });
  return out;
}

function refBlocking(m: Market, entry: Assignment): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let c = 0; c < m.citizens; c++) {
    const end = entry[c]! >= 0 ? entry[c]! : m.prefStart[c + 1]!;
    for (let e = m.prefStart[c]!; e < end; e++) {
      const o = m.prefOffer[e]!;
      if (refChoice(m, o, [...assigneesOf(m, entry, o), { c, rank: m.prefRank[e]! }]).has(c)) pairs.push([c, o]);
    }
  }
  return pairs;
}

/** No offer would drop one of its assignees. */
function refOffersRational(m: Market, entry: Assignment): boolean {
  for (let o = 0; o < m.offers; o++) {
    const held = assigneesOf(m, entry, o);
    if (refChoice(m, o, held).size !== held.length) return false;
  }
  return true;
}

/** Textbook DA: every free citizen proposes to her next choice each round; each offer keeps its choice from held ∪ new. */
function refDeferredAcceptance(m: Market): Assignment {
  const entry: Assignment = Array.from({ length: m.citizens }, () => -1);
  const next = Array.from({ length: m.citizens }, (_, c) => m.prefStart[c]!);
  const held: Array<Array<{ c: number; rank: number; e: number }>> = Array.from({ length: m.offers }, () => []);
  for (;;) {
    const proposing = new Set<number>();
    for (let c = 0; c < m.citizens; c++) {
      if (entry[c]! >= 0 || next[c]! >= m.prefStart[c + 1]!) continue;
      const e = next[c]!++;
      const o = m.prefOffer[e]!;
      held[o]!.push({ c, rank: m.prefRank[e]!, e });
      proposing.add(o);
    }
    if (proposing.size === 0) return entry;
    for (const o of proposing) {
      const chosen = refChoice(m, o, held[o]!);
      for (const a of held[o]!) entry[a.c] = chosen.has(a.c) ? a.e : -1;
      held[o] = held[o]!.filter((a) => chosen.has(a.c));
    }
  }
}

/** Every assignment of each citizen to one of her entries or to nothing, within capacities. */
function* feasible(m: Market): Generator<Assignment> {
  const entry: Assignment = [];
  const load = new Array<number>(m.offers).fill(0);
  function* place(c: number): Generator<Assignment> {
    if (c === m.citizens) {
      yield [...entry];
      return;
    }
    entry.push(-1);
    yield* place(c + 1);
    for (let e = m.prefStart[c]!; e < m.prefStart[c + 1]!; e++) {
      const o = m.prefOffer[e]!;
      if (load[o]! >= m.seats[o]!) continue;
      load[o]!++;
      entry[c] = e;
      yield* place(c + 1);
      load[o]!--;
    }
    entry.pop();
  }
  yield* place(0);
}

function toMatching(m: Market, entry: Assignment): Matching {
  return {
    offerOf: Int32Array.from(entry, (e) => (e >= 0 ? m.prefOffer[e]! : -1)),
    entryOf: Int32Array.from(entry),
    proposals: 0,
  };
}

/** The choice number (0 = first choice), Infinity when unplaced. */
const choiceOf = (m: Market, entry: ArrayLike<number>, c: number) => (entry[c]! >= 0 ? entry[c]! - m.prefStart[c]! : Infinity);

/** Each citizen proposes down her list to her final entry (or to its end), whatever the order of proposals. */
function expectedProposals(m: Market, da: Matching): number {
  let n = 0;
  for (let c = 0; c < m.citizens; c++) n += da.entryOf[c]! >= 0 ? da.entryOf[c]! - m.prefStart[c]! + 1 : m.prefStart[c + 1]! - m.prefStart[c]!;
  return n;
}

function withList(m: Market, citizen: number, entries: readonly number[]): Market {
  const lists = Array.from({ length: m.citizens }, (_, c) =>
    c === citizen ? [...entries] : Array.from({ length: m.prefStart[c + 1]! - m.prefStart[c]! }, (_, i) => m.prefStart[c]! + i),
  );
  const prefStart = new Uint32Array(m.citizens + 1);
  lists.forEach((list, c) => (prefStart[c + 1] = prefStart[c]! + list.length));
  return {
    ...m,
    prefStart,
    prefOffer: Uint32Array.from(lists.flat(), (e) => m.prefOffer[e]!),
    prefRank: Float64Array.from(lists.flat(), (e) => m.prefRank[e]!),
  };
}

/** Every ordered selection of the items (every permutation of every subset). */
function arrangements(items: readonly number[]): number[][] {
  const out: number[][] = [[]];
  items.forEach((item, i) => {
    for (const rest of arrangements(items.filter((_, j) => j !== i))) out.push([item, ...rest]);
  });
  return out;
}

const placedAt = (da: Matching) => Array.from(da.offerOf);

// ---- Tests -----------------------------------------------------------------------------------

describe('deferredAcceptance on random small markets', () => {
  it('is valid, stable, citizen-optimal among all stable matchings found by brute force, and equals textbook DA', () => {
    const failures: string[] = [];
    let stableSeen = 0;
    let blockingSeen = 0;
    for (let seed = 1; seed <= 3000 && failures.length < 5; seed++) {
      const m = smallMarket(seeded(seed));
      const da = deferredAcceptance(m);
      const daEntry = Array.from(da.entryOf);
      const problems = validate(m, da);
      if (problems.length > 0) failures.push(`seed ${seed}: invalid: ${problems.join('; ')}`);
      if (blockingPairs(m, da).length > 0) failures.push(`seed ${seed}: blocking pairs ${JSON.stringify(blockingPairs(m, da))}`);
      if (refBlocking(m, daEntry).length > 0) failures.push(`seed ${seed}: blocking pairs by the reference ${JSON.stringify(refBlocking(m, daEntry))}`);
      if (da.proposals !== expectedProposals(m, da)) failures.push(`seed ${seed}: ${da.proposals} proposals, expected ${expectedProposals(m, da)}`);
      if (JSON.stringify(refDeferredAcceptance(m)) !== JSON.stringify(daEntry)) failures.push(`seed ${seed}: differs from textbook DA`);
      let daIsStable = false;
      for (const entry of feasible(m)) {
        const mine = blockingPairs(m, toMatching(m, entry));
        const reference = refBlocking(m, entry);
        if (JSON.stringify(mine) !== JSON.stringify(reference))
          failures.push(`seed ${seed}: blockingPairs ${JSON.stringify(mine)}, reference ${JSON.stringify(reference)}`);
        if (validate(m, toMatching(m, entry)).length > 0) failures.push(`seed ${seed}: a feasible matching is declared invalid`);
        if (reference.length > 0) {
          blockingSeen++;
          continue;
        }
        if (!refOffersRational(m, entry)) continue;
        stableSeen++;
        if (JSON.stringify(entry) === JSON.stringify(daEntry)) daIsStable = true;
        for (let c = 0; c < m.citizens; c++) {
          if (choiceOf(m, entry, c) < choiceOf(m, daEntry, c)) failures.push(`seed ${seed}: citizen ${c} does better in the stable ${JSON.stringify(entry)}`);
        }
      }
      if (!daIsStable) failures.push(`seed ${seed}: DA's matching is not among the stable ones`);
    }
    expect(failures).toEqual([]);
    // The enumeration does meet unstable matchings, so "no blocking pair" is not vacuous.
    expect(blockingSeen).toBeGreaterThan(1000);
    expect(stableSeen).toBeGreaterThan(3000);
  });

  it('offerWouldTake agrees with the reference choice on arbitrary feasible matchings', () => {
    const failures: string[] = [];
    let taken = 0;
    let refused = 0;
    for (let seed = 5001; seed <= 5600; seed++) {
      const m = smallMarket(seeded(seed));
      for (const entry of feasible(m)) {
        const matching = toMatching(m, entry);
        for (let c = 0; c < m.citizens; c++) {
          for (let e = m.prefStart[c]!; e < m.prefStart[c + 1]!; e++) {
            const o = m.prefOffer[e]!;
            const others = assigneesOf(m, entry, o).filter((a) => a.c !== c);
            const expected = refChoice(m, o, [...others, { c, rank: m.prefRank[e]! }]).has(c);
            const actual = offerWouldTake(m, matching, o, c, m.prefRank[e]!);
            if (actual !== expected) failures.push(`seed ${seed}: offer ${o}, citizen ${c}: ${actual}, expected ${expected}`);
            if (expected) taken++;
            else refused++;
          }
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(Math.min(taken, refused)).toBeGreaterThan(1000);
  });

  it('is strategy-proof: no misreport (reordering or dropping choices) gets a citizen a better offer by her true list', () => {
    const failures: string[] = [];
    let tries = 0;
    for (let seed = 9001; seed <= 10000; seed++) {
      const rnd = seeded(seed);
      const m = smallMarket(rnd);
      const c = int(rnd, m.citizens);
      const own = Array.from({ length: m.prefStart[c + 1]! - m.prefStart[c]! }, (_, i) => m.prefStart[c]! + i);
      const trueList = own.map((e) => m.prefOffer[e]!);
      const truthful = choiceOf(m, deferredAcceptance(m).entryOf, c);
      for (const report of arrangements(own)) {
        const o = deferredAcceptance(withList(m, c, report)).offerOf[c]!;
        const got = o >= 0 ? trueList.indexOf(o) : Infinity;
        tries++;
        if (got < truthful) failures.push(`seed ${seed}: citizen ${c} gets choice ${got} instead of ${truthful} by reporting entries ${report}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(tries).toBeGreaterThan(5000);
  });
});

describe('soft reserves', () => {
  // Offer 0: 2 seats, 1 reserved for category 0. Citizen index = rank (0 is best).
  const reserveOne = { seats: [2, 5], reserved: [1, 0], reserveCategory: [0, 0] };

  it('gives the reserved seat to a category member who outranks nobody, displacing a better general candidate', () => {
    const m = build({ ...reserveOne, categories: [0, 0, 1], prefs: [[0], [0, 1], [0]] });
    const da = deferredAcceptance(m);
    expect(placedAt(da)).toEqual([0, 1, 0]);
    expect(Array.from(da.entryOf)).toEqual([0, 2, 3]);
    expect(da.proposals).toBe(4);
    // The same when the member proposes first and must survive the better general candidates.
    const early = build({ ...reserveOne, categories: [1, 0, 0], prefs: [[0], [0], [0, 1]], rank: (_o, c) => [2, 0, 1][c]! });
    expect(placedAt(deferredAcceptance(early))).toEqual([0, 0, 1]);
  });

  it('falls back to general seats when nobody of the category applies', () => {
    // Both seats reserved for category 1; the applicants are of category 0 only, or of none.
    const m = build({ seats: [2], reserved: [2], reserveCategory: [1], categories: [1, 0, 1], prefs: [[0], [0], [0]] });
    expect(placedAt(deferredAcceptance(m))).toEqual([0, 0, -1]);
  });

  it('fills the reserve with the best members first, then general seats with the best of the rest, members included', () => {
    // Members 0 and 2, general candidate 1: member 0 takes the reserve, candidate 1 outranks member 2.
    expect(placedAt(deferredAcceptance(build({ ...reserveOne, categories: [1, 0, 1], prefs: [[0], [0], [0]] })))).toEqual([0, 0, -1]);
    // Members 0 and 1, general candidate 2: member 1 wins the general seat on rank.
    expect(placedAt(deferredAcceptance(build({ ...reserveOne, categories: [1, 1, 0], prefs: [[0], [0], [0]] })))).toEqual([0, 0, -1]);
    expect(placedAt(deferredAcceptance(build({ ...reserveOne, categories: [1, 1, 0], prefs: [[0], [0], [0]], rank: (_o, c) => 2 - c })))).toEqual([-1, 0, 0]);
  });

  it('reads the reserve category as one bit of the citizen bitmask', () => {
    // Category 2 is bit 2: citizen 2 (mask 0b100) is a member, citizen 1 (mask 0b011) is not.
    const m = build({ seats: [1], reserved: [1], reserveCategory: [2], categories: [0, 0b011, 0b100], prefs: [[0], [0], [0]] });
    expect(placedAt(deferredAcceptance(m))).toEqual([-1, -1, 0]);
  });
});

describe('a medium random market', () => {
  const m = mediumMarket(42, 5000, 300);

  it('matches textbook DA, with no blocking pair, within capacities', () => {
    const da = deferredAcceptance(m);
    expect(validate(m, da)).toEqual([]);
    expect(blockingPairs(m, da)).toEqual([]);
    expect(Array.from(da.entryOf)).toEqual(refDeferredAcceptance(m));
    expect(da.proposals).toBe(expectedProposals(m, da));
    // Seats are scarce, and reserves bind: members hold seats that non-members outranking them were refused.
    const placed = da.offerOf.filter((o) => o >= 0).length;
    expect(placed).toBeGreaterThan(0.8 * m.citizens);
    expect(placed).toBeLessThan(m.citizens);
    const assignees = Array.from({ length: m.offers }, (_, o) => assigneesOf(m, Array.from(da.entryOf), o));
    let outranked = 0;
    for (let c = 0; c < m.citizens; c++) {
      const end = da.entryOf[c]! >= 0 ? da.entryOf[c]! : m.prefStart[c + 1]!;
      for (let e = m.prefStart[c]!; e < end; e++) {
        const o = m.prefOffer[e]!;
        if (m.reserved[o]! === 0 || isMember(m, c, o)) continue;
        if (assignees[o]!.some((a) => isMember(m, a.c, o) && a.rank > m.prefRank[e]!)) outranked++;
      }
    }
    expect(outranked).toBeGreaterThan(10);
  });

  it('matches textbook DA when most offers reserve up to all their seats and half the citizens are members', () => {
    const heavy = mediumMarket(7, 3000, 200, { reserving: 0.8, maxReserve: 32, members: [0.5, 0.3] });
    const da = deferredAcceptance(heavy);
    expect(validate(heavy, da)).toEqual([]);
    expect(blockingPairs(heavy, da)).toEqual([]);
    expect(Array.from(da.entryOf)).toEqual(refDeferredAcceptance(heavy));
  });

  it('is deterministic and leaves the market untouched', () => {
    const before = structuredClone(m);
    const first = deferredAcceptance(m);
    const second = deferredAcceptance(m);
    expect(second.offerOf).toEqual(first.offerOf);
    expect(second.entryOf).toEqual(first.entryOf);
    expect(second.proposals).toBe(first.proposals);
    expect(m).toEqual(before);
  });

  it('blockingPairs and validate catch a damaged matching', () => {
    const da = deferredAcceptance(m);
    // Unplace someone placed at her first choice: she now blocks with that offer.
    const c = da.entryOf.findIndex((e, i) => e === m.prefStart[i]);
    const damaged = { ...da, offerOf: da.offerOf.slice(), entryOf: da.entryOf.slice() };
    damaged.offerOf[c] = -1;
    damaged.entryOf[c] = -1;
    expect(blockingPairs(m, damaged)).toContainEqual([c, m.prefOffer[m.prefStart[c]!]]);
    expect(blockingPairs(m, damaged, 1)).toHaveLength(1);
    // Squeeze an unplaced citizen into her first choice: over capacity, since every listed offer of hers is full.
    const u = da.offerOf.findIndex((o, i) => o === -1 && m.prefStart[i + 1]! > m.prefStart[i]!);
    const over = { ...da, offerOf: da.offerOf.slice(), entryOf: da.entryOf.slice() };
    over.offerOf[u] = m.prefOffer[m.prefStart[u]!]!;
    over.entryOf[u] = m.prefStart[u]!;
    expect(validate(m, over)).toEqual([expect.stringMatching(/^offer \d+ holds \d+ citizens for \d+ seats$/)]);
    // An entry that is not the citizen's own.
    const foreign = { ...da, offerOf: da.offerOf.slice(), entryOf: da.entryOf.slice() };
    foreign.entryOf[c] = m.prefStart[c + 1]!;
    foreign.offerOf[c] = m.prefOffer[m.prefStart[c + 1]!]!;
    expect(validate(m, foreign).some((p) => p.includes('not on her list'))).toBe(true);
  });
});

describe('edge cases', () => {
  it('zero offers', () => {
    const da = deferredAcceptance(build({ seats: [], prefs: [[], [], []] }));
    expect(placedAt(da)).toEqual([-1, -1, -1]);
    expect(Array.from(da.entryOf)).toEqual([-1, -1, -1]);
    expect(da.proposals).toBe(0);
  });

  it('zero citizens', () => {
    const m = build({ seats: [1, 2], prefs: [] });
    const da = deferredAcceptance(m);
    expect(da.offerOf).toHaveLength(0);
    expect(da.entryOf).toHaveLength(0);
    expect(validate(m, da)).toEqual([]);
    expect(blockingPairs(m, da)).toEqual([]);
  });

  it('a citizen with an empty list stays unplaced, next to others who are placed', () => {
    const m = build({ seats: [1, 1], prefs: [[], [1], [1, 0]] });
    const da = deferredAcceptance(m);
    expect(placedAt(da)).toEqual([-1, 1, 0]);
    expect(Array.from(da.entryOf)).toEqual([-1, 0, 2]);
    expect(blockingPairs(m, da)).toEqual([]);
  });

  it('an offer with 0 seats (reserving or not) refuses everyone', () => {
    const m = build({
      seats: [0, 0, 1],
      reserved: [0, 0, 0],
      prefs: [
        [0, 2],
        [1, 0],
      ],
    });
    const da = deferredAcceptance(m);
    expect(placedAt(da)).toEqual([2, -1]);
    expect(da.proposals).toBe(4);
    expect(offerWouldTake(m, da, 0, 1, 1)).toBe(false);
    expect(blockingPairs(m, da)).toEqual([]);
  });

  it('rejects a malformed market instead of reading past its arrays', () => {
    const good = build({ seats: [1, 2], reserved: [0, 1], prefs: [[0, 1], [1]] });
    expect(() => deferredAcceptance({ ...good, prefStart: Uint32Array.of(0, 2) })).toThrow(RangeError);
    expect(() => deferredAcceptance({ ...good, prefOffer: Uint32Array.of(0, 2, 1) })).toThrow(/names offer 2/);
    expect(() => deferredAcceptance({ ...good, reserved: Uint32Array.of(2, 0) })).toThrow(/reserves 2 of 1/);
    expect(() => deferredAcceptance({ ...good, prefRank: Float64Array.of(0, NaN, 1) })).toThrow(/NaN/);
    expect(() => deferredAcceptance({ ...good, prefStart: Uint32Array.of(0, 4, 3) })).toThrow(/decreases/);
  });
});
