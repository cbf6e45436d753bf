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
  fingerprintOf,
  requireDay,
  requireIdempotencyKey,
  requireInt,
  requireTerritory,
  requireText,
  requireUuid,
  skillByCode,
  territoryCode,
  todayInFrance,
  type SkillRef,
} from '@snn/platform';
import { areaCodesOverlapping } from './data/areas';
import type { ClearanceChange, ClearanceLevel } from './data/clearances';
import type { OrderFilter, OrderRow } from './data/orders';
import { SHORT_NOTICE_DAYS, type Clearance, type ReservistFilter, type ReservistRow } from './data/reservists';
import type { CertifiedSkill, Enrolment, ReservistChange, Training } from './data/enrolment';
import type { Amendment, OrderRequest } from './data/mobilisation';
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

/**
 * A check of one list's skills, item by item: each one known (by `require`) and none named twice;
 * `list` is the list's field, `at` the item's skill field.
 */
function distinctSkills(list: string, require: (code: string, field: string) => SkillRef): (code: string, at: string) => SkillRef {
  const seen = new Set<string>();
  return (code, at) => {
    const skill = require(code, at);
    if (seen.has(skill.code)) throw badInput(`${list} names ${skill.code} twice`, at);
    seen.add(skill.code);
    return skill;
  };
}

/** 1 to `max` distinct skills of the reference, each at a level of its framework. */
export function parseSkillNeeds(needs: SkillNeedInput[], field: string, max = MAX_SEARCH_SKILLS): SkillNeed[] {
  if (needs.length === 0 || needs.length > max) throw badInput(`${field} must hold 1 to ${max} skills`, field);
  const distinct = distinctSkills(field, requireSkill);
  return needs.map((n, i) => {
    const skill = distinct(n.skill, `${field}[${i}].skill`);
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

export interface OrderArgs {
  kind: OrderRow['kind'];
  issuedBy: string;
  motive: string;
  duty: string;
  requirements: Array<SkillNeedInput & { count: number }>;
  area: string;
  reportAt: Date | string;
  durationDays: number;
  deadline: unknown;
  overCallPercent?: number | null;
  idempotencyKey: string;
}

/** An order's limits: a requirement calls up to 5,000 reservists, an order 20,000 (a national crisis). */
export const MAX_REQUIREMENT_COUNT = 5000;
export const MAX_ORDER_COUNT = 20000;
export const MAX_DUTY_DAYS = 210;
const ISSUER = /^[A-Z0-9][A-Z0-9-]{0,39}$/;

function requireDeadline(deadline: unknown, reportDate: string, now: Date): Date {
  // The DateTime scalar parses to a Date; anything else never passed it.
  if (!(deadline instanceof Date) || Number.isNaN(deadline.getTime())) throw badInput('deadline must be a date-time', 'deadline');
  if (deadline.getTime() <= now.getTime()) throw badInput('deadline must be in the future', 'deadline');
  if (todayInFrance(deadline) > reportDate) throw badInput(`deadline must be on or before the report date (${reportDate})`, 'deadline');
  return deadline;
}

const requireOverCall = (p: number) => requireInt(p, 'overCallPercent', { min: 0, max: 100 });

/** Mutation.issueMobilisationOrder's arguments as of `now`, with the request's fingerprint for its idempotency key. */
export function parseOrderRequest(args: OrderArgs, now: Date): { request: OrderRequest; key: string; fingerprint: string } {
  const today = todayInFrance(now);
  const key = requireIdempotencyKey(args.idempotencyKey);
  const issuedBy = args.issuedBy.trim();
  if (!ISSUER.test(issuedBy)) throw badInput('issuedBy must be 1–40 capitals, digits or hyphens, e.g. COMCYBER', 'issuedBy');
  const needs = parseSkillNeeds(args.requirements, 'requirements');
  const requirements = needs.map((n, i) => ({
    ...n,
    count: requireInt((args.requirements[i] as { count: number }).count, `requirements[${i}].count`, { min: 1, max: MAX_REQUIREMENT_COUNT }),
  }));
  if (requirements.reduce((sum, q) => sum + q.count, 0) > MAX_ORDER_COUNT)
    throw badInput(`an order needs at most ${MAX_ORDER_COUNT} reservists in all`, 'requirements');
  const reportDate = requireDay(args.reportAt, 'reportAt');
  // An exercise gives at least the short-notice clause's notice; a crisis may call for today.
  const earliest = args.kind === 'CRISIS' ? today : addDays(today, SHORT_NOTICE_DAYS);
  if (reportDate < earliest)
    throw badInput(
      args.kind === 'CRISIS'
        ? `reportAt must be today (${today}) or later`
        : `reportAt is inside the notice period: an exercise reports on ${earliest} at the earliest (15 days with the short-notice clause, a month without)`,
      'reportAt',
    );
  const request: OrderRequest = {
    kind: args.kind,
    issuedBy,
    motive: requireText(args.motive, 'motive', MAX_REASON_LENGTH),
    duty: requireText(args.duty, 'duty', 200),
    requirements,
    areaCode: territoryCode(requireTerritory(args.area, 'area')),
    reportDate,
    durationDays: requireInt(args.durationDays, 'durationDays', { min: 1, max: MAX_DUTY_DAYS }),
    deadline: requireDeadline(args.deadline, reportDate, now),
    overCallPercent: requireOverCall(args.overCallPercent ?? 10),
  };
  return { request, key, fingerprint: fingerprintOf('issueMobilisationOrder', { ...request, deadline: request.deadline.toISOString() }) };
}

export interface AmendArgs {
  motive?: string | null;
  duty?: string | null;
  deadline?: unknown;
  overCallPercent?: number | null;
  requirements?: Array<{ skill: string; count: number }> | null;
}

/** Mutation.amendMobilisationOrder's arguments (the report date, for the deadline, is the order's). */
export function parseAmendment(args: AmendArgs, reportDate: string, now: Date): Amendment {
  return {
    motive: args.motive != null ? requireText(args.motive, 'motive', MAX_REASON_LENGTH) : undefined,
    duty: args.duty != null ? requireText(args.duty, 'duty', 200) : undefined,
    deadline: args.deadline != null ? requireDeadline(args.deadline, reportDate, now) : undefined,
    overCallPercent: args.overCallPercent != null ? requireOverCall(args.overCallPercent) : undefined,
    counts: args.requirements?.map((q, i) => ({
      code: requireSkill(q.skill, `requirements[${i}].skill`).code,
      count: requireInt(q.count, `requirements[${i}].count`, { min: 1, max: MAX_REQUIREMENT_COUNT }),
    })),
  };
}

/** A skill the reserve certifies: e-CF and ECSF, on the e-CF scale. */
export function requireReserveSkill(code: string, field: string): SkillRef {
  const skill = requireSkill(code, field);
  if (skill.framework === 'DIGCOMP') throw badInput(`${code} is a DigComp competence: the reserve certifies e-CF and ECSF skills`, field);
  return skill;
}

export interface CertifiedSkillArgs {
  skill: string;
  level: number;
  certifiedBy: string;
  certifiedOn: Date | string;
  expiresOn: Date | string;
}
export interface EnrolArgs {
  citizenId?: string | null;
  department: string;
  engagement: ReservistRow['engagement'];
  contractStart: Date | string;
  contractYears: number;
  annualDays?: number | null;
  employer?: string | null;
  shortNoticeClause?: boolean | null;
  crisisShortNotice?: boolean | null;
  clearance?: Clearance | null;
  skills?: CertifiedSkillArgs[] | null;
}

export const MAX_RESERVIST_SKILLS = 20;
export const MAX_ANNUAL_DAYS = MAX_DUTY_DAYS;

function requireDepartment(code: string, field: string): string {
  const t = requireTerritory(code, field);
  if (t.level !== 'DEPARTMENT') throw badInput(`${field} must be a département, not a region`, field);
  return t.code;
}

function parseCertifiedSkills(skills: CertifiedSkillArgs[], today: string): CertifiedSkill[] {
  if (skills.length > MAX_RESERVIST_SKILLS) throw badInput(`skills must hold at most ${MAX_RESERVIST_SKILLS} skills`, 'skills');
  const distinct = distinctSkills('skills', requireReserveSkill);
  return skills.map((s, i) => {
    const field = `skills[${i}]`;
    const skill = distinct(s.skill, `${field}.skill`);
    const certifiedOn = requireDay(s.certifiedOn, `${field}.certifiedOn`);
    if (certifiedOn > today) throw badInput(`${field}.certifiedOn must not be in the future`, `${field}.certifiedOn`);
    const expiresOn = requireDay(s.expiresOn, `${field}.expiresOn`);
    if (expiresOn <= certifiedOn) throw badInput(`${field}.expiresOn must be after certifiedOn`, `${field}.expiresOn`);
    return {
      code: skill.code,
      level: requireLevel(s.level, skill, `${field}.level`),
      certifiedBy: requireText(s.certifiedBy, `${field}.certifiedBy`, 100),
      certifiedOn,
      expiresOn,
    };
  });
}

/** Mutation.enrolReservist's input as of `today`, with its fingerprint for the idempotency key. */
export function parseEnrolment(args: EnrolArgs, key: string, today: string): { enrolment: Enrolment; key: string; fingerprint: string } {
  const citizenId = args.citizenId != null ? requireUuid(args.citizenId, 'citizenId') : null;
  if (citizenId && (args.clearance ?? 'NONE') !== 'NONE')
    throw badInput("a citizen's clearance is the one setSecurityClearance decided: omit clearance", 'clearance');
  const contractStart = requireDay(args.contractStart, 'contractStart');
  if (contractStart < addDays(today, -366) || contractStart > addDays(today, 366))
    throw badInput('contractStart must be within a year of today', 'contractStart');
  const years = requireInt(args.contractYears, 'contractYears', { min: 1, max: 5 });
  const enrolment: Enrolment = {
    citizenId,
    departmentCode: requireDepartment(args.department, 'department'),
    engagement: args.engagement,
    contractStart,
    contractEnd: addDays(addMonths(contractStart, 12 * years), -1),
    annualDays: requireInt(args.annualDays ?? 30, 'annualDays', { min: 1, max: MAX_ANNUAL_DAYS }),
    employer: args.employer != null ? requireText(args.employer, 'employer', 200) : null,
    shortNoticeClause: args.shortNoticeClause ?? false,
    crisisShortNotice: args.crisisShortNotice ?? false,
    clearance: args.clearance ?? 'NONE',
    skills: parseCertifiedSkills(args.skills ?? [], today),
  };
  const checkedKey = requireIdempotencyKey(key);
  return { enrolment, key: checkedKey, fingerprint: fingerprintOf('enrolReservist', enrolment) };
}

export interface ReservistChangeArgs {
  engagement?: ReservistRow['engagement'] | null;
  department?: string | null;
  annualDays?: number | null;
  employer?: string | null;
  shortNoticeClause?: boolean | null;
  crisisShortNotice?: boolean | null;
  contractEnd?: Date | string | null;
}

/** Mutation.updateReservist's input: what is given changes (employer: null clears it). */
export function parseReservistChange(args: ReservistChangeArgs): ReservistChange {
  return {
    engagement: args.engagement ?? undefined,
    departmentCode: args.department != null ? requireDepartment(args.department, 'department') : undefined,
    annualDays: args.annualDays != null ? requireInt(args.annualDays, 'annualDays', { min: 1, max: MAX_ANNUAL_DAYS }) : undefined,
    employer: args.employer === null ? null : args.employer !== undefined ? requireText(args.employer, 'employer', 200) : undefined,
    shortNoticeClause: args.shortNoticeClause ?? undefined,
    crisisShortNotice: args.crisisShortNotice ?? undefined,
    contractEnd: args.contractEnd != null ? requireDay(args.contractEnd, 'contractEnd') : undefined,
  };
}

export interface TrainingArgs {
  reservistId: string;
  skill: string;
  level: number;
  provider: string;
  completedOn: Date | string;
  validYears?: number | null;
}

export function parseTraining(args: TrainingArgs, today: string): Training {
  const skill = requireReserveSkill(args.skill, 'skill');
  const completedOn = requireDay(args.completedOn, 'completedOn');
  if (completedOn > today) throw badInput('completedOn must not be in the future', 'completedOn');
  const years = requireInt(args.validYears ?? 3, 'validYears', { min: 1, max: 5 });
  return {
    code: skill.code,
    level: requireLevel(args.level, skill, 'level'),
    provider: requireText(args.provider, 'provider', 100),
    completedOn,
    validUntil: addDays(addMonths(completedOn, 12 * years), -1),
  };
}
