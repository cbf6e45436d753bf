// The armed-forces database: drizzle's view of it. Migrations in ../../migrations are generated from this file.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idempotencyKeys, inbox, outbox } from '@snn/platform';

// Owned by platform (one definition for every owner), created by this owner's migrations.
export { idempotencyKeys, inbox, outbox };

export const track = pgEnum('track', ['CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE']);
export const reservistKind = pgEnum('reservist_kind', ['CITIZEN', 'PROFESSIONAL']);
export const engagement = pgEnum('engagement', ['ACTIVE', 'PASSIVE']);
// Declared in ascending order: "at least SECRET" filters rely on it.
export const clearance = pgEnum('clearance', ['NONE', 'SECRET', 'TRES_SECRET']);
export const mobilisationKind = pgEnum('mobilisation_kind', ['CRISIS', 'EXERCISE']);
export const mobilisationStatus = pgEnum('mobilisation_status', ['DRAFT', 'ISSUED', 'CLOSED', 'CANCELLED']);
export const mobilisationAnswer = pgEnum('mobilisation_answer', ['ACCEPTED', 'DECLINED', 'SILENT']);

export const reservists = pgTable(
  'reservists',
  {
    id: uuid('id').primaryKey(),
    kind: reservistKind('kind').notNull(),
    // The SNN citizen (education's pseudonymous id) for kind CITIZEN; null for outside professionals.
    citizenId: uuid('citizen_id'),
    engagement: engagement('engagement').notNull(),
    clearance: clearance('clearance').notNull(),
    departmentCode: text('department_code').notNull(),
    contractStart: date('contract_start', { mode: 'string' }).notNull(),
    contractEnd: date('contract_end', { mode: 'string' }).notNull(),
    annualDays: integer('annual_days').notNull().default(30),
    shortNoticeClause: boolean('short_notice_clause').notNull().default(false),
    // Agreed to be called up in a crisis at shorter notice than the clause gives (Code de la défense, L4221-4).
    crisisShortNotice: boolean('crisis_short_notice').notNull().default(false),
    // The civilian employer, when the reservist has one (personal data).
    employer: text('employer'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reservists_citizen_key').on(t.citizenId),
    index('reservists_department_idx').on(t.departmentCode, t.id),
    index('reservists_engagement_idx').on(t.engagement, t.id),
    index('reservists_clearance_idx').on(t.clearance, t.id),
    index('reservists_kind_idx').on(t.kind, t.id),
    check('reservists_citizen_kind_check', sql`(${t.kind} = 'CITIZEN') = (${t.citizenId} is not null)`),
    check('reservists_contract_check', sql`${t.contractEnd} > ${t.contractStart} and ${t.annualDays} > 0`),
  ],
);

export const reservistSkills = pgTable(
  'reservist_skills',
  {
    reservistId: uuid('reservist_id')
      .notNull()
      .references(() => reservists.id, { onDelete: 'cascade' }),
    // A code of education's Skill reference (`ECF.A.9`, `ECSF.PENTESTER`); not a foreign key: other database.
    skillCode: text('skill_code').notNull(),
    level: integer('level').notNull(),
    certifiedBy: text('certified_by').notNull(),
    certifiedOn: date('certified_on', { mode: 'string' }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reservistId, t.skillCode] }),
    // The search reads each needed skill's holders at or above a level from this index alone
    // (expires_on in it: certified-and-valid is a rank key), never the table.
    index('reservist_skills_skill_idx').on(t.skillCode, t.level, t.reservistId, t.expiresOn),
    index('reservist_skills_level_idx').on(t.level, t.reservistId),
    check('reservist_skills_level_check', sql`${t.level} between 1 and 5`),
  ],
);

/**
 * Trainings a reservist completed: each renews (or grants) the skill it trained, at its level or the
 * one held if higher, certified by its provider from its day for its validity.
 */
export const reservistTrainings = pgTable(
  'reservist_trainings',
  {
    id: uuid('id').primaryKey(),
    reservistId: uuid('reservist_id')
      .notNull()
      .references(() => reservists.id, { onDelete: 'cascade' }),
    skillCode: text('skill_code').notNull(),
    level: integer('level').notNull(),
    provider: text('provider').notNull(),
    completedOn: date('completed_on', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reservist_trainings_reservist_idx').on(t.reservistId, t.completedOn),
    check('reservist_trainings_check', sql`${t.level} between 1 and 5 and ${t.validUntil} > ${t.completedOn}`),
  ],
);

export const reservistAvailability = pgTable(
  'reservist_availability',
  {
    reservistId: uuid('reservist_id')
      .notNull()
      .references(() => reservists.id, { onDelete: 'cascade' }),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.reservistId, t.fromDate] }), check('reservist_availability_range_check', sql`${t.toDate} >= ${t.fromDate}`)],
);

export const mobilisationOrders = pgTable(
  'mobilisation_orders',
  {
    id: uuid('id').primaryKey(),
    reference: text('reference').notNull(),
    kind: mobilisationKind('kind').notNull(),
    status: mobilisationStatus('status').notNull(),
    // The issuing authority (e.g. COMCYBER): the owner column later scopes will check.
    issuedBy: text('issued_by').notNull(),
    motive: text('motive').notNull(),
    duty: text('duty').notNull(),
    // API territory code: a département (`35`) or a region prefixed with R (`R53`).
    areaCode: text('area_code').notNull(),
    reportDate: date('report_date', { mode: 'string' }).notNull(),
    durationDays: integer('duration_days').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    // Call-ups beyond each requirement's count, in percent: some will decline or stay silent.
    overCallPercent: integer('over_call_percent').notNull().default(0),
    // Who issued it through the API (`sub`); null for orders from before (demo data).
    requestedBy: text('requested_by'),
    cancelledReason: text('cancelled_reason'),
  },
  (t) => [
    uniqueIndex('mobilisation_orders_reference_key').on(t.reference),
    index('mobilisation_orders_area_idx').on(t.areaCode, t.id),
    index('mobilisation_orders_kind_idx').on(t.kind, t.id),
    index('mobilisation_orders_status_idx').on(t.status, t.id),
    check('mobilisation_orders_duration_check', sql`${t.durationDays} > 0`),
    check('mobilisation_orders_over_call_check', sql`${t.overCallPercent} between 0 and 100`),
    check('mobilisation_orders_cancelled_check', sql`(${t.status}::text = 'CANCELLED') = (${t.cancelledReason} is not null)`),
  ],
);

export const skillRequirements = pgTable(
  'skill_requirements',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => mobilisationOrders.id, { onDelete: 'cascade' }),
    skillCode: text('skill_code').notNull(),
    minLevel: integer('min_level').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.skillCode] }), check('skill_requirements_check', sql`${t.minLevel} between 1 and 5 and ${t.count} > 0`)],
);

export const mobilisationResponses = pgTable(
  'mobilisation_responses',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => mobilisationOrders.id, { onDelete: 'cascade' }),
    reservistId: uuid('reservist_id')
      .notNull()
      .references(() => reservists.id, { onDelete: 'cascade' }),
    answer: mobilisationAnswer('answer').notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    // The requirement (skill) the call-up fills; null for call-ups from before (demo data).
    requirementSkill: text('requirement_skill'),
    calledAt: timestamp('called_at', { withTimezone: true }),
    // Why the reservist declined (employer, health, studies…): no personal detail.
    declineReason: text('decline_reason'),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    // Days actually served, set on release; counts against the reservist's yearly days.
    daysServed: integer('days_served'),
  },
  (t) => [
    // (order, reservist) pages an order's responses by reservist id; the index below pages a reservist's by order id.
    primaryKey({ columns: [t.orderId, t.reservistId] }),
    index('mobilisation_responses_reservist_idx').on(t.reservistId, t.orderId),
    index('mobilisation_responses_order_answer_idx').on(t.orderId, t.answer, t.reservistId),
    check('mobilisation_responses_silent_check', sql`(${t.answer} = 'SILENT') = (${t.respondedAt} is null)`),
    check(
      'mobilisation_responses_duty_check',
      sql`(${t.reportedAt} is null or ${t.answer} = 'ACCEPTED') and (${t.releasedAt} is null or ${t.reportedAt} is not null)`,
    ),
    check(
      'mobilisation_responses_days_check',
      sql`(${t.releasedAt} is null) = (${t.daysServed} is null) and (${t.daysServed} is null or ${t.daysServed} >= 0)`,
    ),
  ],
);

export const militaryInternshipHosts = pgTable(
  'military_internship_hosts',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    departmentCode: text('department_code').notNull(),
    tracks: track('tracks').array().notNull(),
    seats: integer('seats').notNull(),
  },
  (t) => [index('military_internship_hosts_department_idx').on(t.departmentCode, t.id), check('military_internship_hosts_seats_check', sql`${t.seats} >= 0`)],
);

/**
 * Citizens invited to join the reserve, one row each: written when education's
 * `education.service-completed` event arrives (derived data: a replay rebuilds it).
 */
export const reserveInvitations = pgTable('reserve_invitations', {
  citizenId: uuid('citizen_id').primaryKey(),
  enrollmentId: uuid('enrollment_id').notNull(),
  track: track('track').notNull(),
  serviceCompletedOn: date('service_completed_on', { mode: 'string' }).notNull(),
  invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
  /** The event it came from. */
  eventId: uuid('event_id').notNull(),
});

/**
 * The security clearance (habilitation, IGI 1300) the armed forces decided for an SNN citizen: the
 * current state only, one row each; every change is announced by `armed-forces.clearance-changed`.
 */
export const securityClearances = pgTable(
  'security_clearances',
  {
    // Education's pseudonymous citizen id; not a foreign key: other database.
    citizenId: uuid('citizen_id').primaryKey(),
    clearance: clearance('clearance').notNull(),
    // The day of the decision: the grant, or for NONE the withdrawal.
    grantedOn: date('granted_on', { mode: 'string' }).notNull(),
    // The last day it holds; null only for NONE.
    validUntil: date('valid_until', { mode: 'string' }),
    // The caller (`sub`) that decided it.
    decidedBy: text('decided_by').notNull(),
    // Short, with no personal data (the decision file stays with the security officer).
    reason: text('reason').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('security_clearances_validity_check', sql`${t.validUntil} is null or ${t.validUntil} > ${t.grantedOn}`),
    check('security_clearances_none_check', sql`(${t.clearance} = 'NONE') = (${t.validUntil} is null)`),
  ],
);

export const tables = {
  idempotencyKeys,
  reserveInvitations,
  securityClearances,
  inbox,
  outbox,
  reservists,
  reservistSkills,
  reservistAvailability,
  reservistTrainings,
  mobilisationOrders,
  skillRequirements,
  mobilisationResponses,
  militaryInternshipHosts,
};
export type Tables = typeof tables;
