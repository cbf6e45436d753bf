// `pnpm exec tsx bench/matching.ts`: deferred acceptance with soft reserves on a national-size random
// market (800,000 citizens × 10 distinct uniform choices over 50,000 offers of 1–32 seats, ≈ 0.9
// seat per citizen; 20% of offers reserve 1–3 seats for category 0 and 10% for category 1; 15% of
// citizens in category 0 and 10% in category 1; random unique ranks). Prints the time of merely
// filling the input arrays, the matching time, the same market with its reserves dropped, a plain
// single-chain DA loop on it (no checks, no reserves: the floor), the memory the matching
// allocates and keeps, and a check of the result. Options: --citizens, --offers, --runs, --seed.
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Rng } from '@snn/platform/demo';
import { blockingPairs, deferredAcceptance, validate, type Market } from '../subgraphs/economy/src/placement/matching';

const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: '800000' },
    offers: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
  },
});
const CITIZENS = Number(values.citizens);
const OFFERS = Number(values.offers);
const RUNS = Number(values.runs);
const CHOICES = 10;

// A collectable heap between measurements, without asking for node flags on the command line.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The demo universe's seeded generator (mulberry32), as a function. */
const seeded = (seed: number): (() => number) => {
  const rng = new Rng(seed, 'bench-matching', 0);
  return () => rng.next();
};

function randomMarket(seed: number): Market {
  const rnd = seeded(seed);
  const seats = new Uint32Array(OFFERS);
  let total = 0;
  for (let o = 0; o < OFFERS; o++) total += seats[o] = 1 + Math.floor(rnd() * 32);
  // Uniform 1–32 averages 16.5; take seats off at random down to 0.9 per citizen.
  for (const target = Math.round(0.9 * CITIZENS); total > target;) {
    const o = Math.floor(rnd() * OFFERS);
    if (seats[o]! > 1) {
      seats[o]!--;
      total--;
    }
  }
  const reserved = new Uint32Array(OFFERS);
  const reserveCategory = new Uint8Array(OFFERS);
  for (let o = 0; o < OFFERS; o++) {
    const u = rnd();
    if (u < 0.3) {
      reserved[o] = Math.min(seats[o]!, 1 + Math.floor(rnd() * 3));
      reserveCategory[o] = u < 0.2 ? 0 : 1;
    }
  }
  const citizenCategories = new Uint8Array(CITIZENS);
  for (let c = 0; c < CITIZENS; c++) citizenCategories[c] = (rnd() < 0.15 ? 1 : 0) | (rnd() < 0.1 ? 2 : 0);
  const prefStart = new Uint32Array(CITIZENS + 1);
  const prefOffer = new Uint32Array(CITIZENS * CHOICES);
  const prefRank = new Float64Array(CITIZENS * CHOICES);
  let e = 0;
  for (let c = 0; c < CITIZENS; c++) {
    const first = e;
    while (e < first + CHOICES) {
      const o = Math.floor(rnd() * OFFERS);
      let seen = false;
      for (let i = first; i < e; i++) seen ||= prefOffer[i] === o;
      if (seen) continue;
      prefOffer[e] = o;
      // 30 random high bits, the entry index below: unique, and exact in a double (53 bits).
      prefRank[e] = (Math.floor(rnd() * 2 ** 30) * 2 ** 23 + e) / 2 ** 53;
      e++;
    }
    prefStart[c + 1] = e;
  }
  return { citizens: CITIZENS, offers: OFFERS, prefStart, prefOffer, prefRank, seats, reserved, reserveCategory, citizenCategories };
}

/**
 * The floor: a plain DA loop, every offer a max-heap by rank over slots sized by its seats, no
 * input checks, no reserves. What the real thing is measured against.
 */
function plainDeferredAcceptance(m: Market): number {
  const { citizens, offers, prefStart, prefOffer, prefRank, seats } = m;
  const slotStart = new Uint32Array(offers + 1);
  for (let o = 0; o < offers; o++) slotStart[o + 1] = slotStart[o]! + seats[o]!;
  const slotCitizen = new Int32Array(slotStart[offers]!);
  const slotRank = new Float64Array(slotStart[offers]!);
  const held = new Uint32Array(offers);
  const entryOf = new Int32Array(citizens).fill(-1);
  let proposals = 0;
  for (let first = 0; first < citizens; first++) {
    let c = first;
    let e = prefStart[c]!;
    let end = prefStart[c + 1]!;
    while (e < end) {
      proposals++;
      const o = prefOffer[e]!;
      const r = prefRank[e]!;
      const base = slotStart[o]!;
      const cap = slotStart[o + 1]! - base;
      const n = held[o]!;
      let out = -1;
      if (n < cap) {
        let i = n;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (slotRank[base + parent]! >= r) break;
          slotRank[base + i] = slotRank[base + parent]!;
          slotCitizen[base + i] = slotCitizen[base + parent]!;
          i = parent;
        }
        slotRank[base + i] = r;
        slotCitizen[base + i] = c;
        held[o] = n + 1;
      } else if (cap === 0 || r >= slotRank[base]!) {
        e++;
        continue;
      } else {
        out = slotCitizen[base]!;
        let i = 0;
        for (;;) {
          let child = 2 * i + 1;
          if (child >= cap) break;
          if (child + 1 < cap && slotRank[base + child + 1]! > slotRank[base + child]!) child++;
          if (slotRank[base + child]! <= r) break;
          slotRank[base + i] = slotRank[base + child]!;
          slotCitizen[base + i] = slotCitizen[base + child]!;
          i = child;
        }
        slotRank[base + i] = r;
        slotCitizen[base + i] = c;
      }
      entryOf[c] = e;
      if (out < 0) break;
      c = out;
      e = entryOf[c]! + 1;
      end = prefStart[c + 1]!;
      entryOf[c] = -1;
    }
  }
  return proposals;
}

const ms = (t: number) => `${t.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

gc();
let t0 = performance.now();
const market = randomMarket(Number(values.seed));
const fill = performance.now() - t0;
const noReserve: Market = { ...market, reserved: new Uint32Array(OFFERS) };
let totalSeats = 0;
for (const s of market.seats) totalSeats += s;
console.log(
  `${CITIZENS} citizens × ${CHOICES} choices over ${OFFERS} offers, ${totalSeats} seats, ${market.reserved.filter((r) => r > 0).length} offers with a reserve`,
);
console.log(`filling the input arrays: ${ms(fill)}`);

// Memory: what one matching allocates (its slot arrays are garbage on return, but not yet
// collected, so the first figure is its peak) and what its result keeps.
gc();
const before = process.memoryUsage();
t0 = performance.now();
const matching = deferredAcceptance(market);
const cold = performance.now() - t0;
const after = process.memoryUsage();
gc();
const kept = process.memoryUsage();
const delta = (m: NodeJS.MemoryUsage) =>
  `heapUsed ${mib(m.heapUsed - before.heapUsed)}, arrayBuffers ${mib(m.arrayBuffers - before.arrayBuffers)}, rss ${mib(m.rss - before.rss)}`;
console.log(`first matching (cold): ${ms(cold)}, ${matching.proposals} proposals`);
console.log(`  allocated: ${delta(after)}`);
console.log(`  kept after gc: ${delta(kept)}`);

// Interleaved rounds, so that a busy spell of the machine weighs on all three alike.
const withReserves: number[] = [];
const withoutReserves: number[] = [];
const floor: number[] = [];
for (let run = 0; run < RUNS; run++) {
  withReserves.push(time(() => deferredAcceptance(market)));
  withoutReserves.push(time(() => deferredAcceptance(noReserve)));
  floor.push(time(() => plainDeferredAcceptance(noReserve)));
}
const dt = median(withReserves);
console.log(`matching, with reserves: median ${ms(dt)} of ${withReserves.map(ms).join(', ')}`);
console.log(`matching, reserves dropped: median ${ms(median(withoutReserves))} of ${withoutReserves.map(ms).join(', ')}`);
console.log(`floor, a plain DA loop (no checks, no reserves): median ${ms(median(floor))} of ${floor.map(ms).join(', ')}`);
console.log(`ratio matching / filling: ${(dt / fill).toFixed(2)}, matching / floor: ${(dt / median(floor)).toFixed(2)}`);

let placed = 0;
let choiceSum = 0;
for (let c = 0; c < CITIZENS; c++) {
  const e = matching.entryOf[c]!;
  if (e < 0) continue;
  placed++;
  choiceSum += e - market.prefStart[c]! + 1;
}
console.log(`placed ${placed} (${((100 * placed) / CITIZENS).toFixed(1)}%), mean choice number ${(choiceSum / placed).toFixed(2)}`);
t0 = performance.now();
const problems = validate(market, matching);
const blocking = blockingPairs(market, matching, 10);
console.log(`check: ${problems.length} problems, ${blocking.length} blocking pairs (${ms(performance.now() - t0)})`);
if (problems.length > 0 || blocking.length > 0) process.exitCode = 1;
