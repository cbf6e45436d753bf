// Input checks of the armed-forces subgraph: a caller's filters become the data layer's, with
// BAD_USER_INPUT errors naming the field. Skill codes and level ranges are platform's reference.
import { badInput, departmentCodesOf, isoDate, LEVEL_RANGE, requireTerritory, skillByCode, type SkillRef } from '@snn/platform';
import { areaCodesOverlapping } from './data/areas';
import type { OrderFilter, OrderRow } from './data/orders';
import type { ReservistFilter, ReservistRow } from './data/reservists';

export interface ReservistFilterInput {
  territory?: string | null;
  skill?: string | null;
  minLevel?: number | null;
  engagement?: ReservistRow['engagement'] | null;
  clearance?: ReservistRow['clearance'] | null;
  kind?: ReservistRow['kind'] | null;
  availableOn?: Date | string | null;
}
export interface OrderFilterInput {
  territory?: string | null;
  kind?: OrderRow['kind'] | null;
  status?: OrderRow['status'] | null;
}

export function requireSkill(code: string, field = 'skill'): SkillRef {
  const skill = skillByCode(code);
  if (!skill) throw badInput(`"${code}" is not a skill code of the reference (e.g. "ECF.B.3", "ECSF.INCIDENT_RESPONDER")`, field);
  return skill;
}

/** A level within the skill's framework (DigComp has 8); without a skill, the e-CF/ECSF scale. */
export function requireLevel(level: number, skill: SkillRef | undefined, field = 'minLevel'): number {
  const { min, max } = LEVEL_RANGE[skill?.framework ?? 'E_CF'];
  if (!Number.isInteger(level) || level < min || level > max) throw badInput(`${field} must be a level between ${min} and ${max}`, field);
  return level;
}

export function reservistFilterOf(f: ReservistFilterInput): ReservistFilter {
  const skill = f.skill != null ? requireSkill(f.skill) : undefined;
  return {
    departmentCodes: f.territory != null ? departmentCodesOf(requireTerritory(f.territory)) : undefined,
    skillCode: skill?.code,
    minLevel: f.minLevel != null ? requireLevel(f.minLevel, skill) : undefined,
    engagement: f.engagement ?? undefined,
    clearance: f.clearance ?? undefined,
    kind: f.kind ?? undefined,
    availableOn: isoDate(f.availableOn),
  };
}

export function orderFilterOf(f: OrderFilterInput): OrderFilter {
  return {
    areaCodes: f.territory != null ? areaCodesOverlapping(requireTerritory(f.territory)) : undefined,
    kind: f.kind ?? undefined,
    status: f.status ?? undefined,
  };
}
