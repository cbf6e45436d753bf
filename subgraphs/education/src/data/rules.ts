// The programme's rules, as plain functions over plain values: who may serve, how long a cohort
// runs, and which changes of status are legal. The write functions apply them in their transactions.
import { addDays, addMonths, ageOn } from '@snn/platform';
import type { enrollmentStatus } from './tables';

type EnrollmentStatus = (typeof enrollmentStatus.enumValues)[number];

export const SERVICE_AGE = { min: 18, max: 25 } as const;
export const SERVICE_MONTHS = { min: 6, max: 12 } as const;
export const COHORT_CAPACITY = { min: 1, max: 100_000 } as const;
export const MAX_ENROLMENTS_PER_CALL = 1000;
/** The training phase's length: internships start when it ends. */
export const TRAINING_MONTHS = 4;

/** Enrolments that take a seat of their cohort: the others left it, or never came. */
export const SEAT_HOLDING: readonly EnrollmentStatus[] = ['ENROLLED', 'IN_TRAINING', 'IN_INTERNSHIP', 'COMPLETED'];
/** Statuses of a service under way: the citizen cannot enrol elsewhere. */
export const UNDER_WAY: readonly EnrollmentStatus[] = ['ENROLLED', 'IN_TRAINING', 'IN_INTERNSHIP'];

/** 18 to 25 inclusive on the cohort's first day: from the 18th birthday to the eve of the 26th. */
export function ofServiceAge(birthDate: string, startDate: string): boolean {
  const age = ageOn(birthDate, startDate);
  return age >= SERVICE_AGE.min && age <= SERVICE_AGE.max;
}

/** The last day a cohort starting on `startDate` may end on, for a service of 6 to 12 months. */
export function endDateRange(startDate: string): { earliest: string; latest: string } {
  return { earliest: addDays(addMonths(startDate, SERVICE_MONTHS.min), -1), latest: addDays(addMonths(startDate, SERVICE_MONTHS.max), -1) };
}

/** The days an internship of a cohort may run: from the end of training to the cohort's last day. */
export function internshipWindow(cohort: { startDate: string; endDate: string }): { internshipFrom: string; internshipUntil: string } {
  return { internshipFrom: addMonths(cohort.startDate, TRAINING_MONTHS), internshipUntil: cohort.endDate };
}

export type TransitionTarget = 'IN_TRAINING' | 'IN_INTERNSHIP' | 'WITHDRAWN' | 'DEFERRED' | 'EXEMPTED';

/** The legal changes through transitionEnrollment; IN_INTERNSHIP → COMPLETED is certifyCompletion's. */
export const LEGAL_TRANSITIONS: Record<EnrollmentStatus, readonly TransitionTarget[]> = {
  ENROLLED: ['IN_TRAINING', 'WITHDRAWN', 'DEFERRED', 'EXEMPTED'],
  IN_TRAINING: ['IN_INTERNSHIP', 'WITHDRAWN'],
  IN_INTERNSHIP: ['WITHDRAWN'],
  DEFERRED: ['WITHDRAWN', 'EXEMPTED'],
  COMPLETED: [],
  WITHDRAWN: [],
  EXEMPTED: [],
};

export const isLegalTransition = (from: EnrollmentStatus, to: TransitionTarget): boolean => LEGAL_TRANSITIONS[from].includes(to);

/** A score out of 20 passes from 10. */
export const PASS_MARK = 10;
