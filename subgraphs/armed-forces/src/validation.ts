// Input checks of the armed-forces subgraph: a caller's filters become the data layer's, with
// BAD_USER_INPUT errors naming the field. Skill codes and level ranges are platform's reference.
import {
  addDays,
  addMonths,
  badInput,
  departmentCodesOf,
  isoDate,
  LEVEL_RANGE,
  region,
  regionCodeOf,
  requireDay,
  requireTerritory,
  requireText,
  requireUuid,
  skillByCode,
  type SkillRef,
} from '@snn/platform';
import { areaCodesOverlapping } from './data/areas';
import type { ClearanceChange, ClearanceLevel } from './data/clearances';
import type { OrderFilter, OrderRow } from './data/orders';
import type { Clearance, ReservistFilter, ReservistRow } from './data/reservists';
import type { ReserveSearch, SkillNeed } from './data/search';

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

export interface ClearanceArgs {
  citizenId: string;
  clearance: ClearanceLevel;
  validUntil?: Date | string | null;
  reason: string;
}

/** A clearance lasts at most this long from the day it is set. */
export const MAX_CLEARANCE_MONTHS = 120;
export const MAX_REASON_LENGTH = 500;

/**
 * Mutation.setSecurityClearance's arguments, as of `today` (Europe/Paris): a clearance other than
 * NONE needs a validUntil after today and at most ten years ahead; a withdrawal (NONE) takes none.
 */
export function parseClearanceChange(args: ClearanceArgs, today: string): ClearanceChange {
  const citizenId = requireUuid(args.citizenId, 'citizenId');
  const reason = requireText(args.reason, 'reason', MAX_REASON_LENGTH);
  if (args.clearance === 'NONE') {
    if (args.validUntil != null) throw badInput('validUntil must be omitted for NONE (a withdrawal)', 'validUntil');
    return { citizenId, clearance: 'NONE', validUntil: null, reason };
  }
  if (args.validUntil == null) throw badInput(`validUntil is required for ${args.clearance}`, 'validUntil');
  const validUntil = requireDay(args.validUntil, 'validUntil');
  if (validUntil <= today) throw badInput(`validUntil must be after today (${today})`, 'validUntil');
  const latest = addMonths(today, MAX_CLEARANCE_MONTHS);
  if (validUntil > latest) throw badInput(`validUntil must be at most ten years ahead (${latest})`, 'validUntil');
  return { citizenId, clearance: args.clearance, validUntil, reason };
}

export interface SkillNeedInput {
  skill: string;
  minLevel: number;
}
export interface ReserveSearchArgs {
  skills: SkillNeedInput[];
  match?: 'ALL' | 'ANY' | null;
  territory?: string | null;
  availableFrom?: Date | string | null;
  availableUntil?: Date | string | null;
  engagement?: ReservistRow['engagement'] | null;
  minClearance?: Clearance | null;
}

export const MAX_SEARCH_SKILLS = 10;
/** A search looks at most this far past its first day (a reserve contract lasts up to five years). */
export const MAX_SEARCH_DAYS = 366;

/** 1 to `max` distinct skills of the reference, each at a level of its framework. */
export function parseSkillNeeds(needs: SkillNeedInput[], field: string, max = MAX_SEARCH_SKILLS): SkillNeed[] {
  if (needs.length === 0 || needs.length > max) throw badInput(`${field} must hold 1 to ${max} skills`, field);
  const seen = new Set<string>();
  return needs.map((n, i) => {
    const skill = requireSkill(n.skill, `${field}[${i}].skill`);
    if (seen.has(skill.code)) throw badInput(`${field} names ${skill.code} twice`, `${field}[${i}].skill`);
    seen.add(skill.code);
    return { code: skill.code, minLevel: requireLevel(n.minLevel, skill, `${field}[${i}].minLevel`) };
  });
}

/** The territory a need is in, for proximity: its départements, then those of its region. */
export function nearOf(code: string, field = 'territory'): NonNullable<ReserveSearch['near']> {
  const t = requireTerritory(code, field);
  return { departments: departmentCodesOf(t), region: departmentCodesOf(region(regionCodeOf(t)) ?? t) };
}

/** Query.searchReserve's arguments as of `today` (Europe/Paris). */
export function parseReserveSearch(args: ReserveSearchArgs, today: string): ReserveSearch {
  const from = args.availableFrom != null ? requireDay(args.availableFrom, 'availableFrom') : today;
  const until = args.availableUntil != null ? requireDay(args.availableUntil, 'availableUntil') : from;
  if (until < from) throw badInput('availableUntil must not be before availableFrom', 'availableUntil');
  if (until > addDays(from, MAX_SEARCH_DAYS)) throw badInput(`availableUntil must be at most ${MAX_SEARCH_DAYS} days after availableFrom`, 'availableUntil');
  return {
    needs: parseSkillNeeds(args.skills, 'skills'),
    match: args.match ?? 'ALL',
    near: args.territory != null ? nearOf(args.territory) : undefined,
    from,
    until,
    engagement: args.engagement ?? undefined,
    minClearance: args.minClearance ?? undefined,
  };
}
