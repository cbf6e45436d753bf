// Mobilisation areas are territories (a département or a region); these say which areas concern a
// territory, in API codes (`35`, `R53`), from the INSEE reference held in memory.
import { departmentCodesOf, DEPARTMENTS, territoryByCode, territoryCode, type TerritoryRef } from '@snn/platform';

/** Areas that contain the territory: itself and, for a département, its region. */
export function areaCodesCovering(t: TerritoryRef): string[] {
  return t.level === 'DEPARTMENT' ? [t.code, `R${t.regionCode as string}`] : [territoryCode(t)];
}

/** Areas that contain the territory or lie within it (a region's départements). */
export function areaCodesOverlapping(t: TerritoryRef): string[] {
  if (t.level === 'DEPARTMENT') return areaCodesCovering(t);
  return [territoryCode(t), ...DEPARTMENTS.filter((d) => d.regionCode === t.code).map((d) => d.code)];
}

/** The départements whose reservists an area calls up. */
export function departmentCodesOfArea(areaCode: string): string[] {
  const t = territoryByCode(areaCode);
  return t ? departmentCodesOf(t) : [];
}
