// The education database: drizzle's view of it. Migrations in ../../migrations are generated from this file.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idempotencyKeys, inbox, outbox } from '@snn/platform';

// Owned by platform (one definition for every owner), created by this owner's migrations.
export { idempotencyKeys, inbox, outbox };

export const track = pgEnum('track', ['CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE']);
export const cohortPhase = pgEnum('cohort_phase', ['PILOT', 'NATIONAL']);
export const educationLevel = pgEnum('education_level', ['NO_DIPLOMA', 'CAP_BEP', 'BAC', 'BAC_PLUS_2', 'LICENCE', 'MASTER', 'DOCTORATE']);
export const enrollmentStatus = pgEnum('enrollment_status', ['ENROLLED', 'IN_TRAINING', 'IN_INTERNSHIP', 'COMPLETED', 'WITHDRAWN', 'DEFERRED', 'EXEMPTED']);
export const exemptionReason = pgEnum('exemption_reason', ['HEALTH', 'EMPLOYMENT', 'HIGHER_EDUCATION', 'FAMILY']);
export const skillFramework = pgEnum('skill_framework', ['E_CF', 'ECSF', 'DIGCOMP']);

export const citizens = pgTable(
  'citizens',
  {
    id: uuid('id').primaryKey(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    departmentCode: text('department_code').notNull(),
    regionCode: text('region_code').notNull(),
    educationLevel: educationLevel('education_level').notNull(),
    graduate: boolean('graduate').notNull(),
    /** Lives in a priority neighbourhood of city policy (QPV): a reserve of seats in the placement round. */
    priorityNeighbourhood: boolean('priority_neighbourhood').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('citizens_department_idx').on(t.departmentCode, t.id), index('citizens_region_idx').on(t.regionCode, t.id)],
);

export const cohorts = pgTable(
  'cohorts',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    track: track('track').notNull(),
    regionCode: text('region_code').notNull(),
    phase: cohortPhase('phase').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    capacity: integer('capacity').notNull(),
    /** Citizens without a diploma above CAP/BEP may enrol (the programme's non-graduate path). */
    nonGraduatePath: boolean('non_graduate_path').notNull().default(true),
    /** The SNN modules taught, in order; null: every module of the track. */
    moduleCodes: text('module_codes').array(),
    /** Set when the agency closed the intake: no more enrolments. */
    intakeClosedOn: date('intake_closed_on', { mode: 'string' }),
  },
  (t) => [
    index('cohorts_region_idx').on(t.regionCode, t.id),
    index('cohorts_track_idx').on(t.track, t.id),
    check('cohorts_capacity_positive', sql`${t.capacity} > 0`),
    check('cohorts_dates_ordered', sql`${t.endDate} > ${t.startDate}`),
  ],
);

export const enrollments = pgTable(
  'enrollments',
  {
    id: uuid('id').primaryKey(),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizens.id),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id),
    status: enrollmentStatus('status').notNull(),
    enrolledOn: date('enrolled_on', { mode: 'string' }).notNull(),
    deferredUntil: date('deferred_until', { mode: 'string' }),
    exemptionReason: exemptionReason('exemption_reason'),
    internshipEndedOn: date('internship_ended_on', { mode: 'string' }),
    completedOn: date('completed_on', { mode: 'string' }),
  },
  (t) => [
    unique('enrollments_citizen_cohort_key').on(t.citizenId, t.cohortId),
    // A citizen serves once: at most one enrolment that is under way, completed or exempted, even
    // when two cohorts enrol them at the same moment (each cohort's lock alone would not see it).
    uniqueIndex('enrollments_one_service_per_citizen')
      .on(t.citizenId)
      .where(sql`${t.status} in ('ENROLLED', 'IN_TRAINING', 'IN_INTERNSHIP', 'COMPLETED', 'EXEMPTED')`),
    index('enrollments_cohort_idx').on(t.cohortId, t.id),
    index('enrollments_cohort_status_idx').on(t.cohortId, t.status, t.id),
  ],
);

/** Every change of an enrolment's status, the first (from null) included: its history, never rewritten. */
export const enrollmentTransitions = pgTable(
  'enrollment_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id),
    fromStatus: enrollmentStatus('from_status'),
    toStatus: enrollmentStatus('to_status').notNull(),
    /** The day the change took effect. */
    on: date('on', { mode: 'string' }).notNull(),
    reason: text('reason'),
    /** The calling system (`sub`) that recorded it. */
    by: text('by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('enrollment_transitions_enrollment_idx').on(t.enrollmentId, t.id)],
);

export const skills = pgTable('skills', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  framework: skillFramework('framework').notNull(),
  area: text('area'),
  minLevel: integer('min_level').notNull(),
  maxLevel: integer('max_level').notNull(),
  tracks: track('tracks').array().notNull(),
});

export const curriculumModules = pgTable(
  'curriculum_modules',
  {
    code: text('code').primaryKey(),
    title: text('title').notNull(),
    track: track('track').notNull(),
    hours: integer('hours').notNull(),
  },
  (t) => [index('curriculum_modules_track_idx').on(t.track)],
);

export const curriculumModuleSkills = pgTable(
  'curriculum_module_skills',
  {
    moduleCode: text('module_code')
      .notNull()
      .references(() => curriculumModules.code),
    skillCode: text('skill_code')
      .notNull()
      .references(() => skills.code),
  },
  (t) => [primaryKey({ columns: [t.moduleCode, t.skillCode] })],
);

export const assessments = pgTable(
  'assessments',
  {
    enrollmentId: uuid('enrollment_id')
      .notNull()
      .references(() => enrollments.id),
    moduleCode: text('module_code')
      .notNull()
      .references(() => curriculumModules.code),
    /** 1 for the first sitting, 2 for a resit after a fail, … */
    attempt: integer('attempt').notNull().default(1),
    score: real('score').notNull(),
    passed: boolean('passed').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    /** The body that assessed (a training centre, a university, the agency). */
    assessor: text('assessor').notNull().default('SNN'),
  },
  (t) => [primaryKey({ name: 'assessments_pkey', columns: [t.enrollmentId, t.moduleCode, t.attempt] })],
);

/**
 * The ECTS credits universities awarded, as their `universities.credits-changed` events told
 * them: the latest state of each award, so the service record shows credits without asking a
 * university at read time.
 */
export const serviceCredits = pgTable(
  'service_credits',
  {
    awardId: uuid('award_id').primaryKey(),
    citizenId: uuid('citizen_id').notNull(),
    universityId: text('university_id').notNull(),
    moduleCode: text('module_code').notNull(),
    ectsCredits: integer('ects_credits').notNull(),
    /** PROVISIONAL, FINAL or REVOKED: only FINAL counts. */
    status: text('status').notNull(),
    awardedOn: date('awarded_on', { mode: 'string' }).notNull(),
    /** The event it came from; null for demo data. */
    eventId: uuid('event_id'),
  },
  (t) => [index('service_credits_citizen_idx').on(t.citizenId)],
);

/**
 * The internships the national placement round proposed to citizens, as economy's
 * `economy.placements-published` events announced them: the cohort's view of who goes where and
 * when, without asking economy at read time.
 */
export const servicePlacements = pgTable(
  'service_placements',
  {
    placementId: uuid('placement_id').primaryKey(),
    citizenId: uuid('citizen_id').notNull(),
    roundId: uuid('round_id').notNull(),
    intake: text('intake').notNull(),
    offerId: uuid('offer_id').notNull(),
    organisationId: text('organisation_id').notNull(),
    hostSiret: text('host_siret').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    eventId: uuid('event_id').notNull(),
  },
  (t) => [index('service_placements_citizen_idx').on(t.citizenId, t.startDate)],
);

export const tables = {
  citizens,
  serviceCredits,
  servicePlacements,
  cohorts,
  enrollments,
  enrollmentTransitions,
  skills,
  curriculumModules,
  curriculumModuleSkills,
  assessments,
  idempotencyKeys,
  inbox,
  outbox,
};
export type Tables = typeof tables;
