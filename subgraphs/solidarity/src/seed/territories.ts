// Territory rows from the platform's INSEE reference, with a demo cost-of-living index.
import { DEPARTMENTS, REGIONS, territoryCode, type TerritoryRef } from '@snn/platform';
import { Rng, type Universe } from '@snn/platform/demo';
import type { territories } from '../data/tables';

type TerritoryInsert = typeof territories.$inferInsert;

export const round1 = (x: number) => Math.round(x * 10) / 10;

/** The départements of a region, in reference order. */
export function departmentsOf(region: TerritoryRef): TerritoryRef[] {
  return DEPARTMENTS.filter((d) => d.regionCode === region.code);
}

/** Population-weighted mean of per-département values: how a region's rate relates to its départements'. */
export function weightedMean(deps: readonly TerritoryRef[], valueOf: (d: TerritoryRef) => number): number {
  const population = deps.reduce((s, d) => s + d.population, 0);
  return deps.reduce((s, d) => s + d.population * valueOf(d), 0) / population;
}

/** France = 100: metropolitan 95–110 (Île-de-France at the top), overseas 110–125. */
function costOfLiving(universe: Universe, d: TerritoryRef): number {
  const rng = new Rng(universe.seed, 'cost-of-living', DEPARTMENTS.indexOf(d));
  if (d.zone === 'DROM') return round1(110 + rng.next() * 15);
  if (d.code === '75') return 110;
  if (d.regionCode === '11') return round1(104 + rng.next() * 5);
  return round1(95 + rng.next() * 8);
}

/** Regions first, so that every département's parent row exists when it is written. */
export function territoryRows(universe: Universe): TerritoryInsert[] {
  const cost = new Map(DEPARTMENTS.map((d) => [d.code, costOfLiving(universe, d)]));
  const row = (t: TerritoryRef, costOfLivingIndex: number): TerritoryInsert => ({
    code: territoryCode(t),
    inseeCode: t.code,
    name: t.name,
    level: t.level,
    zone: t.zone,
    regionCode: t.regionCode ? `R${t.regionCode}` : null,
    population: t.population,
    costOfLivingIndex,
  });
  return [
    ...REGIONS.map((r) => row(r, round1(weightedMean(departmentsOf(r), (d) => cost.get(d.code) as number)))),
    ...DEPARTMENTS.map((d) => row(d, cost.get(d.code) as number)),
  ];
}
