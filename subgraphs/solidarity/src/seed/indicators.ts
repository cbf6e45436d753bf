// Indicator observations for every territory × indicator × breakdown × period. Each département's
// series is drawn from its own Rng stream; a region's counts are the sums of its départements' and
// its rates their population-weighted means, so margins agree (which secondary suppression, to come,
// relies on). Counts scale with the universe: at small scales small territories fall under the
// disclosure threshold and are stored CONFIDENTIAL with no value.
import { DEPARTMENTS, REGIONS, territoryCode, type TerritoryRef } from '@snn/platform';
import { Rng, type Universe } from '@snn/platform/demo';
import { INDICATORS, PERIOD_TIME, PERIODS, type IndicatorSpec } from '../catalogue';
import type { indicatorObservations } from '../data/tables';
import { departmentsOf, round1, weightedMean } from './territories';

type ObservationInsert = typeof indicatorObservations.$inferInsert;
type Series = Map<string, number[]>;

export const DISCLOSURE_THRESHOLD = 11;
const TOTAL_POPULATION = DEPARTMENTS.reduce((s, d) => s + d.population, 0);
// Share of the universe's citizens present at the end of each period (SNN started in 2025).
const SNN_STOCK = [0.02, 0.35, 0.45, 0.5, 0.55];
const RESERVE_STOCK = [0.03, 0.05, 0.06, 0.065, 0.07];
// Modelled rather than surveyed figures: INSEE's household surveys do not cover Mayotte alike.
const ESTIMATED_TERRITORIES = new Set(['976', 'R06']);

const between = (rng: Rng, lo: number, hi: number) => lo + rng.next() * (hi - lo);
const noise = (rng: Rng, amplitude: number) => (rng.next() * 2 - 1) * amplitude;
const percent = (x: number) => Math.min(100, Math.max(0, x));

/** A rate series: a level drawn for the département, a trend per year, and noise per period. */
function rate(rng: Rng, level: number, trend: number, amplitude: number): number[] {
  return PERIOD_TIME.map((t) => percent(level + trend * t + noise(rng, amplitude)));
}

/** TOTAL and its SEX_F/SEX_M split, as whole people, expected = citizens × population share × stock. */
function counts(rng: Rng, universe: Universe, d: TerritoryRef, stock: number[], female: [number, number]): Series {
  const share = d.population / TOTAL_POPULATION;
  const femaleShare = between(rng, ...female);
  const total = stock.map((s) => Math.round(universe.citizenCount * share * s * between(rng, 0.85, 1.15)));
  const f = total.map((n) => Math.round(n * femaleShare));
  return new Map([
    ['TOTAL', total],
    ['SEX_F', f],
    ['SEX_M', total.map((n, p) => n - (f[p] as number))],
  ]);
}

function departmentSeries(spec: IndicatorSpec, universe: Universe, d: TerritoryRef, c: number): Series {
  const rng = new Rng(universe.seed, 'indicator', DEPARTMENTS.indexOf(d) * 16 + c);
  const drom = d.zone === 'DROM';
  switch (spec.code) {
    case 'SNN_PARTICIPATION_RATE': {
      const level = between(rng, 0.8, 1.2) * (drom ? 0.85 : 1);
      return new Map([['TOTAL', [0.6, 4.5, 7, 8, 9.5].map((l) => percent(l * level * (1 + noise(rng, 0.05))))]]);
    }
    case 'SNN_COMPLETION_RATE':
      return new Map([['TOTAL', rate(rng, between(rng, 78, 92) - (drom ? 5 : 0), 0.8, 1.5)]]);
    case 'INTERNSHIP_PLACEMENT_RATE':
      return new Map([['TOTAL', rate(rng, between(rng, 65, 88) - (drom ? 8 : 0), 1.5, 2)]]);
    case 'UBS_HEALTH_ACCESS_RATE':
      return new Map([['TOTAL', rate(rng, drom ? between(rng, 72, 86) : between(rng, 84, 96), 0.5, 0.5)]]);
    case 'YOUTH_UNEMPLOYMENT_RATE':
      return new Map([['TOTAL', rate(rng, drom ? between(rng, 30, 42) : between(rng, 14, 24), -0.4, 1.2)]]);
    case 'DIGITAL_INCLUSION_RATE':
      return new Map([['TOTAL', rate(rng, drom ? between(rng, 52, 65) : between(rng, 62, 75), 1.2, 0.8)]]);
    case 'POVERTY_RATE': {
      const level = d.code === '976' ? between(rng, 75, 78) : d.code === '93' ? between(rng, 27, 29) : drom ? between(rng, 30, 40) : between(rng, 11, 21);
      const total = rate(rng, level, 0.1, 0.4);
      const youth = between(rng, 1.3, 1.5);
      return new Map([
        ['TOTAL', total],
        ['AGE_18_25', total.map((v) => percent(v * youth))],
      ]);
    }
    case 'SNN_PARTICIPANTS':
      return counts(rng, universe, d, SNN_STOCK, [0.22, 0.32]);
    case 'RESERVE_TECH_STRENGTH':
      return counts(rng, universe, d, RESERVE_STOCK, [0.15, 0.25]);
    default:
      throw new Error(`no demo model for indicator ${spec.code}`);
  }
}

function regionSeries(spec: IndicatorSpec, deps: TerritoryRef[], series: Series[]): Series {
  const out: Series = new Map();
  for (const breakdown of series[0]?.keys() ?? []) {
    const at = (i: number, p: number) => (series[i]?.get(breakdown) as number[])[p] as number;
    out.set(
      breakdown,
      PERIODS.map((_, p) => (spec.unit === 'PERSONS' ? series.reduce((sum, _s, i) => sum + at(i, p), 0) : weightedMean(deps, (d) => at(deps.indexOf(d), p)))),
    );
  }
  return out;
}

/** Primary disclosure control and SDMX status of one cell. */
export function observationOf(spec: IndicatorSpec, territory: string, breakdown: string, p: number, raw: number): ObservationInsert {
  const period = PERIODS[p] as string;
  const base = {
    id: `${spec.code}.${territory}.${breakdown}.${period}`,
    indicatorCode: spec.code,
    territoryCode: territory,
    period,
    breakdown,
    unit: spec.unit,
  };
  const level = territory.startsWith('R') ? ('REGION' as const) : ('DEPARTMENT' as const);
  if (spec.unit === 'PERSONS' && raw < DISCLOSURE_THRESHOLD) {
    return { ...base, territoryLevel: level, value: null, source: spec.source, status: 'CONFIDENTIAL' };
  }
  const value = spec.unit === 'PERSONS' ? raw : round1(raw);
  if (spec.survey && ESTIMATED_TERRITORIES.has(territory)) {
    return { ...base, territoryLevel: level, value, source: `${spec.source} (estimation)`, status: 'ESTIMATED' };
  }
  const provisional = spec.provisionalLatest && p === PERIODS.length - 1;
  return { ...base, territoryLevel: level, value, source: spec.source, status: provisional ? 'PROVISIONAL' : 'OBSERVED' };
}

function* cells(spec: IndicatorSpec, t: TerritoryRef, series: Series): Generator<ObservationInsert> {
  for (const [breakdown, values] of series) {
    for (let p = 0; p < PERIODS.length; p++) yield observationOf(spec, territoryCode(t), breakdown, p, values[p] as number);
  }
}

/** Region by region, so that memory holds one region's series at a time. */
export function* observationRows(universe: Universe): Generator<ObservationInsert> {
  for (const region of REGIONS) {
    const deps = departmentsOf(region);
    for (let c = 0; c < INDICATORS.length; c++) {
      const spec = INDICATORS[c] as IndicatorSpec;
      const series = deps.map((d) => departmentSeries(spec, universe, d, c));
      for (let i = 0; i < deps.length; i++) yield* cells(spec, deps[i] as TerritoryRef, series[i] as Series);
      yield* cells(spec, region, regionSeries(spec, deps, series));
    }
  }
}
