// The education database: drizzle's view of it. Migrations in ../../migrations are generated from this file.
import { boolean, date, index, integer, pgEnum, pgTable, primaryKey, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

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
  },
  (t) => [index('cohorts_region_idx').on(t.regionCode, t.id), index('cohorts_track_idx').on(t.track, t.id)],
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
  },
  (t) => [
    unique('enrollments_citizen_cohort_key').on(t.citizenId, t.cohortId),
    index('enrollments_cohort_idx').on(t.cohortId, t.id),
    index('enrollments_cohort_status_idx').on(t.cohortId, t.status, t.id),
  ],
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
    score: real('score').notNull(),
    passed: boolean('passed').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enrollmentId, t.moduleCode] })],
);

export const tables = { citizens, cohorts, enrollments, skills, curriculumModules, curriculumModuleSkills, assessments };
export type Tables = typeof tables;
