// The universities database: drizzle's view of it. Migrations in ../../migrations are generated from this file.
import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, integer, pgEnum, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idempotencyKeys, inbox, outbox } from '@snn/platform';

export { idempotencyKeys, inbox, outbox };

export const track = pgEnum('track', ['CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE']);
export const creditStatus = pgEnum('credit_status', ['PROVISIONAL', 'FINAL', 'REVOKED']);
export const moduleStatus = pgEnum('module_status', ['ACTIVE', 'RETIRED']);
/** FR_20: out of 20, a pass from 10; PERCENT: out of 100, a pass from 50; ECTS_LETTER: A–E pass (FX, F fail). */
export const gradeScale = pgEnum('grade_scale', ['FR_20', 'PERCENT', 'ECTS_LETTER']);

/** One partner university, one organisation: its UAI is the tenant id of its modules and credits. */
export const universities = pgTable(
  'universities',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    departmentCode: text('department_code').notNull(),
    regionCode: text('region_code').notNull(),
  },
  (t) => [index('universities_department_idx').on(t.departmentCode, t.id), index('universities_region_idx').on(t.regionCode, t.id)],
);

export const modules = pgTable(
  'modules',
  {
    code: text('code').primaryKey(),
    universityId: text('university_id')
      .notNull()
      .references(() => universities.id),
    title: text('title').notNull(),
    track: track('track').notNull(),
    ectsCredits: integer('ects_credits').notNull(),
    hours: integer('hours').notNull(),
    /** ISO 639-1. */
    language: text('language').notNull(),
    /** A RETIRED module stays readable (credits point to it) but awards no new credits. */
    status: moduleStatus('status').notNull().default('ACTIVE'),
  },
  (t) => [
    index('modules_university_idx').on(t.universityId, t.code),
    index('modules_track_idx').on(t.track, t.code),
    index('modules_language_idx').on(t.language, t.code),
    check('modules_language_check', sql`${t.language} ~ '^[a-z]{2}$'`),
    check('modules_ects_check', sql`${t.ectsCredits} > 0 and ${t.hours} > 0`),
  ],
);

/** Skill codes point into education's Skill reference: no foreign key across databases. */
export const moduleSkills = pgTable(
  'module_skills',
  {
    moduleCode: text('module_code')
      .notNull()
      .references(() => modules.code),
    skillCode: text('skill_code').notNull(),
    /** On the skill's framework scale (platform's LEVEL_RANGE). */
    level: integer('level').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.moduleCode, t.skillCode] }), index('module_skills_skill_idx').on(t.skillCode)],
);

/**
 * A European Learning Model credit award. `universityId` (the awarding body) is kept on every row,
 * although the module implies it, so that "a university reads and publishes only its own credits"
 * is a plain column predicate. `signature` is reserved for the signed portable record.
 */
export const creditAwards = pgTable(
  'credit_awards',
  {
    id: uuid('id').primaryKey(),
    citizenId: uuid('citizen_id').notNull(),
    moduleCode: text('module_code')
      .notNull()
      .references(() => modules.code),
    universityId: text('university_id')
      .notNull()
      .references(() => universities.id),
    ectsCredits: integer('ects_credits').notNull(),
    /** On a numeric scale; null on ECTS_LETTER, whose grade is `gradeLetter`. */
    grade: real('grade'),
    gradeScale: gradeScale('grade_scale').notNull().default('FR_20'),
    gradeLetter: text('grade_letter'),
    status: creditStatus('status').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    awardedOn: date('awarded_on', { mode: 'string' }).notNull(),
    /** Who published it (the token's `sub`) and when: the first entry of its history. Null for demo data. */
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    index('credit_awards_citizen_idx').on(t.citizenId),
    index('credit_awards_university_idx').on(t.universityId, t.id),
    index('credit_awards_module_idx').on(t.moduleCode, t.id),
    index('credit_awards_status_idx').on(t.status, t.id),
    index('credit_awards_awarded_on_idx').on(t.awardedOn),
    // A citizen earns a module's credits once: a second award needs the first revoked.
    uniqueIndex('credit_awards_once_per_module')
      .on(t.citizenId, t.moduleCode)
      .where(sql`status <> 'REVOKED'`),
    // Credits follow a passed assessment: a failing grade or an award before the assessment is a bug.
    check(
      'credit_awards_grade_check',
      sql`(grade_scale = 'FR_20' and ${t.grade} >= 10 and ${t.grade} <= 20) or (grade_scale = 'PERCENT' and ${t.grade} >= 50 and ${t.grade} <= 100) or (grade_scale = 'ECTS_LETTER' and grade_letter in ('A', 'B', 'C', 'D', 'E'))`,
    ),
    check('credit_awards_ects_check', sql`${t.ectsCredits} > 0`),
    check('credit_awards_dates_check', sql`${t.awardedOn} >= ${t.assessedOn}`),
  ],
);

/** Every change of an award after its publication: never a silent overwrite. */
export const creditRevisions = pgTable(
  'credit_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    awardId: uuid('award_id')
      .notNull()
      .references(() => creditAwards.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The calling system (`sub`) and its organisation. */
    by: text('by').notNull(),
    org: text('org'),
    fromStatus: creditStatus('from_status').notNull(),
    toStatus: creditStatus('to_status').notNull(),
    ectsBefore: integer('ects_before').notNull(),
    ectsAfter: integer('ects_after').notNull(),
    gradeBefore: text('grade_before').notNull(),
    gradeAfter: text('grade_after').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('credit_revisions_award_idx').on(t.awardId, t.id)],
);

/**
 * Education's enrolments, as its `education.citizen-enrolled` events told them: credits go to
 * enrolled citizens only, and never before the enrolment. Never read from education's database.
 */
export const serviceEnrolments = pgTable(
  'service_enrolments',
  {
    enrollmentId: uuid('enrollment_id').primaryKey(),
    citizenId: uuid('citizen_id').notNull(),
    enrolledOn: date('enrolled_on', { mode: 'string' }).notNull(),
    /** The event it came from; null for demo data. */
    eventId: uuid('event_id'),
  },
  (t) => [index('service_enrolments_citizen_idx').on(t.citizenId)],
);

/**
 * Each university's signing keys for portable credentials (ES256). The private key is here for the
 * demo and the tests; a production deployment keeps it in a KMS or HSM and signs there.
 */
export const signingKeys = pgTable(
  'signing_keys',
  {
    kid: text('kid').primaryKey(),
    universityId: text('university_id')
      .notNull()
      .references(() => universities.id),
    publicJwk: text('public_jwk').notNull(),
    privateJwk: text('private_jwk').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('signing_keys_university_idx').on(t.universityId)],
);

export const tables = { universities, modules, moduleSkills, creditAwards, creditRevisions, serviceEnrolments, signingKeys, idempotencyKeys, inbox, outbox };
export type Tables = typeof tables;
