// UBS coverage per territory × service × year. A département's rate is drawn; a region's
// beneficiaries are the sum of its départements', so regional and local figures agree.
import { DEPARTMENTS, REGIONS, territoryCode, type TerritoryRef } from '@snn/platform';
import { Rng, type Universe } from '@snn/platform/demo';
import { COVERAGE_YEARS, UBS_SERVICES } from '../catalogue';
import type { ubsCoverage } from '../data/tables';
import { departmentsOf } from './territories';

type CoverageInsert = typeof ubsCoverage.$inferInsert;
const DISCLOSURE_THRESHOLD = 11;

function departmentBeneficiaries(universe: Universe, d: TerritoryRef, serviceIndex: number): { target: number; beneficiaries: number[] } {
  const service = UBS_SERVICES[serviceIndex] as (typeof UBS_SERVICES)[number];
  const rng = new Rng(universe.seed, 'ubs-coverage', DEPARTMENTS.indexOf(d) * 16 + serviceIndex);
  const [lo, hi] = service.rate;
  const base = (lo + rng.next() * (hi - lo)) * (d.zone === 'DROM' ? 0.85 : 1);
  const gain = 0.005 + rng.next() * 0.025;
  const target = Math.round(d.population * service.eligibleShare);
  const beneficiaries = COVERAGE_YEARS.map((_, y) => {
    const rate = Math.min(0.99, base + y * gain + (rng.next() - 0.5) * 0.01);
    // Real populations keep every cell far above the threshold; the floor states the rule.
    return Math.max(DISCLOSURE_THRESHOLD, Math.round(rate * target));
  });
  return { target, beneficiaries };
}

export function* coverageRows(universe: Universe): Generator<CoverageInsert> {
  const cell = (t: TerritoryRef, s: number, y: number, target: number, beneficiaries: number): CoverageInsert => ({
    territoryCode: territoryCode(t),
    serviceCode: (UBS_SERVICES[s] as (typeof UBS_SERVICES)[number]).code,
    period: COVERAGE_YEARS[y] as string,
    coverageRate: Math.min(1, Math.round((beneficiaries / target) * 10_000) / 10_000),
    beneficiaries,
  });
  for (const region of REGIONS) {
    const deps = departmentsOf(region);
    for (let s = 0; s < UBS_SERVICES.length; s++) {
      const series = deps.map((d) => ({ d, ...departmentBeneficiaries(universe, d, s) }));
      for (let y = 0; y < COVERAGE_YEARS.length; y++) {
        for (const { d, target, beneficiaries } of series) yield cell(d, s, y, target, beneficiaries[y] as number);
        const target = series.reduce((sum, x) => sum + x.target, 0);
        yield cell(
          region,
          s,
          y,
          target,
          series.reduce((sum, x) => sum + (x.beneficiaries[y] as number), 0),
        );
      }
    }
  }
}
