// INSEE territories from @etalab/decoupage-administratif (official codes and populations):
// 18 regions and 101 départements of zones `metro` and `drom`. Reference data every subgraph may
// use to validate a territory code; the solidarity subgraph owns the Territory entity itself.
import { createRequire } from 'node:module';
import { badInput } from '../errors';

const require = createRequire(import.meta.url);

interface EtalabArea {
  code: string;
  nom: string;
  zone: string;
  region?: string;
  chefLieu?: string;
}
interface EtalabCommune {
  code: string;
  nom: string;
  zone: string;
  type: string;
  departement: string;
  region: string;
  population?: number;
}

export type TerritoryLevel = 'REGION' | 'DEPARTMENT';
export interface TerritoryRef {
  code: string;
  name: string;
  level: TerritoryLevel;
  zone: 'METRO' | 'DROM';
  /** The region a département belongs to; null for a region. */
  regionCode: string | null;
  /** Sum of the communes' municipal populations (INSEE), computed on first use. */
  readonly population: number;
  /** INSEE code of the chef-lieu commune. */
  capitalCommune: string;
}

const KEPT_ZONES = new Set(['metro', 'drom']);
const DATA = '@etalab/decoupage-administratif/data';

// communes.json is 8.6 MB: parse it only when a population is first asked for (seeding, mostly),
// not in every service at start-up.
let populationByDepartment: Map<string, number> | undefined;
function departmentPopulation(code: string): number {
  if (!populationByDepartment) {
    populationByDepartment = new Map();
    for (const c of require(`${DATA}/communes.json`) as EtalabCommune[]) {
      if (c.type !== 'commune-actuelle' || !KEPT_ZONES.has(c.zone)) continue;
      populationByDepartment.set(c.departement, (populationByDepartment.get(c.departement) ?? 0) + (c.population ?? 0));
    }
  }
  return populationByDepartment.get(code) ?? 0;
}

function load(): { regions: TerritoryRef[]; departments: TerritoryRef[] } {
  const regions = (require(`${DATA}/regions.json`) as EtalabArea[]).filter((r) => KEPT_ZONES.has(r.zone));
  const departments = (require(`${DATA}/departements.json`) as EtalabArea[]).filter((d) => KEPT_ZONES.has(d.zone));
  const zoneOf = (z: string): 'DROM' | 'METRO' => (z === 'drom' ? 'DROM' : 'METRO');
  const deps: TerritoryRef[] = departments.map((d) => ({
    code: d.code,
    name: d.nom,
    level: 'DEPARTMENT',
    zone: zoneOf(d.zone),
    regionCode: d.region ?? null,
    get population() {
      return departmentPopulation(d.code);
    },
    capitalCommune: d.chefLieu ?? '',
  }));
  const regs: TerritoryRef[] = regions.map((r) => ({
    code: r.code,
    name: r.nom,
    level: 'REGION',
    zone: zoneOf(r.zone),
    regionCode: null,
    get population() {
      return deps.filter((d) => d.regionCode === r.code).reduce((sum, d) => sum + d.population, 0);
    },
    capitalCommune: r.chefLieu ?? '',
  }));
  return { regions: regs, departments: deps };
}

const loaded = load();
export const REGIONS: readonly TerritoryRef[] = loaded.regions;
export const DEPARTMENTS: readonly TerritoryRef[] = loaded.departments;
const BY_CODE = new Map<string, TerritoryRef>([...REGIONS, ...DEPARTMENTS].map((t) => [`${t.level}:${t.code}`, t]));

export function region(code: string): TerritoryRef | undefined {
  return BY_CODE.get(`REGION:${code}`);
}
export function department(code: string): TerritoryRef | undefined {
  return BY_CODE.get(`DEPARTMENT:${code}`);
}

/**
 * Territory codes as the API speaks them: a département is its INSEE code (`75`, `2A`, `971`);
 * a region is prefixed `R` (`R11` for Île-de-France) because INSEE region and département codes
 * overlap (`11` is both Île-de-France and Aude).
 */
export function territoryCode(t: TerritoryRef): string {
  return t.level === 'REGION' ? `R${t.code}` : t.code;
}

export function territoryByCode(code: string): TerritoryRef | undefined {
  return code.startsWith('R') ? region(code.slice(1)) : department(code);
}

export const ALL_TERRITORIES: readonly TerritoryRef[] = [...REGIONS, ...DEPARTMENTS];

/** Validates an input territory code and returns its reference, or throws BAD_USER_INPUT. */
export function requireTerritory(code: string, field = 'territory'): TerritoryRef {
  const t = territoryByCode(code);
  if (!t) {
    throw badInput(
      `"${code}" is not an INSEE territory code: use a département code (e.g. "75", "2A", "971") or a region code prefixed with R (e.g. "R11")`,
      field,
    );
  }
  return t;
}

/** The département codes a territory covers: itself, or every département of a region. */
export function departmentCodesOf(t: TerritoryRef): string[] {
  return t.level === 'DEPARTMENT' ? [t.code] : DEPARTMENTS.filter((d) => d.regionCode === t.code).map((d) => d.code);
}

/** A territory as a filter on rows that carry both columns: one département, or a whole region (bare INSEE codes). */
export type TerritoryScope = { departmentCode: string } | { regionCode: string };

export function scopeOf(t: TerritoryRef): TerritoryScope {
  return t.level === 'REGION' ? { regionCode: t.code } : { departmentCode: t.code };
}

/** An optional territory input as a scope; BAD_USER_INPUT when it is no INSEE code. */
export function territoryScopeInput(code: string | null | undefined, field = 'territory'): TerritoryScope | undefined {
  return code == null ? undefined : scopeOf(requireTerritory(code, field));
}

/** The region of a territory: itself, or the region of a département. */
export function regionCodeOf(t: TerritoryRef): string {
  return t.level === 'REGION' ? t.code : (t.regionCode as string);
}
