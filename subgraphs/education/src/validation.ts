// Input checks of the education subgraph: a caller's filters and writes become the data layer's,
// with BAD_USER_INPUT errors naming the field (platform checks territories, UUIDs, dates and text).
import {
  ageOn,
  badInput,
  department,
  departmentCodesOf,
  isoDate,
  regionCodeOf,
  requireDay,
  requireInt,
  requireTerritory,
  requireText,
  requireUuid,
  territoryByCode,
} from '@snn/platform';
import type { CitizenFilter, CitizenRow } from './data/citizens';
import type { CohortFilter, CohortRow } from './data/cohorts';
import type { EnrollmentRow } from './data/enrollments';
import { COHORT_CAPACITY, type TransitionTarget } from './data/rules';

export interface CohortFilterInput {
  territory?: string | null;
  track?: CohortRow['track'] | null;
  phase?: CohortRow['phase'] | null;
  startsOnOrAfter?: Date | string | null;
  startsOnOrBefore?: Date | string | null;
}
export interface CitizenFilterInput {
  territory?: string | null;
  educationLevel?: CitizenRow['educationLevel'] | null;
  graduate?: boolean | null;
}

/** Cohorts are regional: a département filter means the cohorts of its region. */
export function regionCodesOf(territory: string | null | undefined): string[] | undefined {
  if (territory == null) return undefined;
  return [regionCodeOf(requireTerritory(territory))];
}

export function cohortFilterOf(f: CohortFilterInput): CohortFilter {
  return {
    regionCodes: regionCodesOf(f.territory),
    track: f.track ?? undefined,
    phase: f.phase ?? undefined,
    startsOnOrAfter: isoDate(f.startsOnOrAfter),
    startsOnOrBefore: isoDate(f.startsOnOrBefore),
  };
}

export function citizenFilterOf(f: CitizenFilterInput): CitizenFilter {
  return {
    departmentCodes: f.territory != null ? departmentCodesOf(requireTerritory(f.territory)) : undefined,
    educationLevel: f.educationLevel ?? undefined,
    graduate: f.graduate ?? undefined,
  };
}

// ---- the agency's writes: shapes checked here, rules needing the day or the database in data/

export interface CohortInputArgs {
  name: string;
  track: CohortRow['track'];
  region: string;
  phase: CohortRow['phase'];
  startDate: Date | string;
  endDate: Date | string;
  capacity: number;
  nonGraduatePath: boolean;
  curriculum?: readonly string[] | null;
}

/** A cohort to open, normalised: the form its idempotency fingerprint is taken of. */
export interface CohortInput {
  name: string;
  track: CohortRow['track'];
  /** `R53` */
  region: string;
  phase: CohortRow['phase'];
  startDate: string;
  endDate: string;
  capacity: number;
  nonGraduatePath: boolean;
  /** null: every module of the track. */
  curriculum: string[] | null;
}

const NAME_MAX = 120;

function moduleCodes(codes: readonly string[], field: string): string[] {
  if (codes.length === 0) throw badInput(`${field} must list at least one module (or be omitted: every module of the track)`, field);
  if (codes.length > 50) throw badInput(`${field} lists at most 50 modules`, field);
  const seen = new Set<string>();
  return codes.map((code, i) => {
    const c = code.trim();
    if (seen.has(c)) throw badInput(`${field}[${i}]: "${c}" is listed twice`, `${field}[${i}]`);
    seen.add(c);
    return c;
  });
}

function regionOfCohort(code: string): string {
  const t = territoryByCode(code.trim());
  if (!t || t.level !== 'REGION')
    throw badInput(`input.region: "${code}" is not an INSEE region code prefixed with R (e.g. "R53"); cohorts are regional`, 'input.region');
  return `R${t.code}`;
}

export function parseCohortInput(input: CohortInputArgs): CohortInput {
  return {
    name: requireText(input.name, 'input.name', NAME_MAX),
    track: input.track,
    region: regionOfCohort(input.region),
    phase: input.phase,
    startDate: requireDay(input.startDate, 'input.startDate'),
    endDate: requireDay(input.endDate, 'input.endDate'),
    capacity: requireInt(input.capacity, 'input.capacity', COHORT_CAPACITY),
    nonGraduatePath: input.nonGraduatePath,
    curriculum: input.curriculum == null ? null : moduleCodes(input.curriculum, 'input.curriculum'),
  };
}

export interface CohortChangesArgs {
  name?: string | null;
  startDate?: Date | string | null;
  endDate?: Date | string | null;
  capacity?: number | null;
  nonGraduatePath?: boolean | null;
  curriculum?: readonly string[] | null;
}
export type CohortChanges = Partial<Omit<CohortInput, 'track' | 'region' | 'phase'>>;

export function parseCohortChanges(input: CohortChangesArgs): CohortChanges {
  const changes: CohortChanges = {};
  if (input.name != null) changes.name = requireText(input.name, 'input.name', NAME_MAX);
  if (input.startDate != null) changes.startDate = requireDay(input.startDate, 'input.startDate');
  if (input.endDate != null) changes.endDate = requireDay(input.endDate, 'input.endDate');
  if (input.capacity != null) changes.capacity = requireInt(input.capacity, 'input.capacity', COHORT_CAPACITY);
  if (input.nonGraduatePath != null) changes.nonGraduatePath = input.nonGraduatePath;
  if (input.curriculum != null) changes.curriculum = moduleCodes(input.curriculum, 'input.curriculum');
  return changes;
}

export interface RegisterCitizenArgs {
  id: string;
  birthDate: Date | string;
  department: string;
  educationLevel: CitizenRow['educationLevel'];
  priorityNeighbourhood?: boolean | null;
}

/** Ages at which the agency registers a person: the service's 18–25, with room for the next intakes and late starters. */
export const REGISTRATION_AGE = { min: 16, max: 30 } as const;

/** Whether a level is above CAP/BEP: what the programme calls a graduate. */
export const isGraduate = (level: CitizenRow['educationLevel']): boolean => level !== 'NO_DIPLOMA' && level !== 'CAP_BEP';

export function parseCitizenInput(input: RegisterCitizenArgs, today: string): Omit<CitizenRow, 'createdAt'> {
  const id = requireUuid(input.id, 'input.id');
  const birthDate = requireDay(input.birthDate, 'input.birthDate');
  const age = ageOn(birthDate, today);
  if (birthDate > today || age < REGISTRATION_AGE.min || age > REGISTRATION_AGE.max) {
    throw badInput(`input.birthDate: the agency registers people aged ${REGISTRATION_AGE.min} to ${REGISTRATION_AGE.max}`, 'input.birthDate');
  }
  const dep = department(input.department.trim());
  if (!dep?.regionCode) throw badInput(`input.department: "${input.department}" is not an INSEE département code (e.g. "75", "2A", "971")`, 'input.department');
  return {
    id,
    birthDate,
    departmentCode: dep.code,
    regionCode: dep.regionCode,
    educationLevel: input.educationLevel,
    graduate: isGraduate(input.educationLevel),
    priorityNeighbourhood: input.priorityNeighbourhood ?? false,
  };
}

/** An enrolment's change, as transitionEnrollment receives it. */
export interface TransitionArgs {
  enrollmentId: string;
  to: TransitionTarget;
  on: Date | string;
  reason: string;
  deferredUntil?: Date | string | null;
  exemptionReason?: NonNullable<EnrollmentRow['exemptionReason']> | null;
}

export interface TransitionRequest {
  enrollmentId: string;
  to: TransitionTarget;
  on: string;
  reason: string;
  deferredUntil: string | null;
  exemptionReason: EnrollmentRow['exemptionReason'];
}

export function parseTransition(args: TransitionArgs): TransitionRequest {
  const to = args.to;
  const deferredUntil = args.deferredUntil == null ? null : requireDay(args.deferredUntil, 'deferredUntil');
  if (to === 'DEFERRED' && deferredUntil === null) throw badInput('deferredUntil is required to defer a service', 'deferredUntil');
  if (to !== 'DEFERRED' && deferredUntil !== null) throw badInput('deferredUntil goes only with to: DEFERRED', 'deferredUntil');
  const exemptionReason = args.exemptionReason ?? null;
  if (to === 'EXEMPTED' && exemptionReason === null) throw badInput('exemptionReason is required to exempt a citizen', 'exemptionReason');
  if (to !== 'EXEMPTED' && exemptionReason !== null) throw badInput('exemptionReason goes only with to: EXEMPTED', 'exemptionReason');
  return {
    enrollmentId: requireUuid(args.enrollmentId, 'enrollmentId'),
    to,
    on: requireDay(args.on, 'on'),
    reason: requireText(args.reason, 'reason', 500, true),
    deferredUntil,
    exemptionReason,
  };
}

export interface AssessmentArgs {
  enrollmentId: string;
  moduleCode: string;
  score: number;
  assessedOn: Date | string;
  assessor: string;
}
export interface AssessmentRequest {
  enrollmentId: string;
  moduleCode: string;
  score: number;
  assessedOn: string;
  assessor: string;
}

export function parseAssessment(args: AssessmentArgs): AssessmentRequest {
  if (!Number.isFinite(args.score) || args.score < 0 || args.score > 20) throw badInput('score must be from 0 to 20', 'score');
  return {
    enrollmentId: requireUuid(args.enrollmentId, 'enrollmentId'),
    moduleCode: requireText(args.moduleCode, 'moduleCode', 50),
    score: args.score,
    assessedOn: requireDay(args.assessedOn, 'assessedOn'),
    assessor: requireText(args.assessor, 'assessor', 200),
  };
}
