// The universities database: drizzle's view of it. Migrations in ../../migrations are generated from this file.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';

export const track = pgEnum('track', ['CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE']);
export const creditStatus = pgEnum('credit_status', ['PROVISIONAL', 'FINAL', 'REVOKED']);

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
    grade: real('grade').notNull(),
    status: creditStatus('status').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    awardedOn: date('awarded_on', { mode: 'string' }).notNull(),
    signature: text('signature'),
  },
  (t) => [
    index('credit_awards_citizen_idx').on(t.citizenId),
    index('credit_awards_university_idx').on(t.universityId, t.id),
    index('credit_awards_module_idx').on(t.moduleCode, t.id),
    index('credit_awards_status_idx').on(t.status, t.id),
    index('credit_awards_awarded_on_idx').on(t.awardedOn),
    // Credits follow a passed assessment: a grade below 10/20 or an award before the assessment is a bug.
    check('credit_awards_grade_check', sql`${t.grade} >= 10 and ${t.grade} <= 20`),
    check('credit_awards_ects_check', sql`${t.ectsCredits} > 0`),
    check('credit_awards_dates_check', sql`${t.awardedOn} >= ${t.assessedOn}`),
  ],
);

export const tables = { universities, modules, moduleSkills, creditAwards };
export type Tables = typeof tables;
