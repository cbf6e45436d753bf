// The economy database: drizzle's view of it. Migrations in ../../migrations are generated from this file.
// Citizens are education's: citizen_id columns hold their pseudonymous ids without a foreign key.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
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
import { GRATIFICATION_FREE_MONTHS, MIN_MONTHLY_GRATIFICATION_CENTS } from './gratification';

export { idempotencyKeys, inbox, outbox };

export const track = pgEnum('track', ['CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE']);
export const organisationKind = pgEnum('organisation_kind', ['COMPANY', 'PUBLIC_BODY']);
export const organisationSize = pgEnum('organisation_size', ['MICRO', 'SME', 'MID', 'LARGE']);
export const remotePolicy = pgEnum('remote_policy', ['ON_SITE', 'HYBRID', 'REMOTE']);
export const clearance = pgEnum('clearance', ['NONE', 'SECRET', 'TRES_SECRET']);
export const offerStatus = pgEnum('offer_status', ['DRAFT', 'PUBLISHED', 'CLOSED']);
export const applicationStatus = pgEnum('application_status', ['SUBMITTED', 'SHORTLISTED', 'ACCEPTED', 'REJECTED', 'WITHDRAWN']);
export const placementStatus = pgEnum('placement_status', ['PROPOSED', 'ACCEPTED', 'ACTIVE', 'COMPLETED', 'TERMINATED']);
export const reserveCategory = pgEnum('reserve_category', ['NON_GRADUATE', 'PRIORITY_NEIGHBOURHOOD']);
export const roundPhase = pgEnum('placement_round_phase', ['QUEUED', 'READING', 'MATCHING', 'WRITING', 'COMPUTED', 'PUBLISHED', 'FAILED']);

export const organisations = pgTable(
  'organisations',
  {
    siren: text('siren').primaryKey(),
    /** SIRET of the head office. */
    siret: text('siret').notNull(),
    name: text('name').notNull(),
    kind: organisationKind('kind').notNull(),
    nafCode: text('naf_code').notNull(),
    size: organisationSize('size').notNull(),
    departmentCode: text('department_code').notNull(),
    regionCode: text('region_code').notNull(),
  },
  (t) => [
    unique('organisations_siret_key').on(t.siret),
    check('organisations_siren_format', sql`${t.siren} ~ '^[0-9]{9}$'`),
    check('organisations_siret_of_siren', sql`${t.siret} ~ '^[0-9]{14}$' and left(${t.siret}, 9) = ${t.siren}`),
    index('organisations_department_idx').on(t.departmentCode, t.siren),
    index('organisations_region_idx').on(t.regionCode, t.siren),
    index('organisations_kind_idx').on(t.kind, t.siren),
    index('organisations_naf_idx').on(t.nafCode, t.siren),
  ],
);

export const internshipOffers = pgTable(
  'internship_offers',
  {
    id: uuid('id').primaryKey(),
    /** A small number of its own, never shown: what a placement round's choice lists hold (placement_choice_lists). */
    number: integer('number').generatedAlwaysAsIdentity().notNull().unique(),
    /** The publishing organisation (SIREN): the tenant column of company-scoped access rules. */
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.siren),
    hostSiret: text('host_siret').notNull(),
    /** The partner's own id for the offer, unique per organisation: posting the same offer again under it returns the existing one, a different offer is refused (postOffer.ts). */
    partnerReference: text('partner_reference').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    track: track('track').notNull(),
    departmentCode: text('department_code').notNull(),
    regionCode: text('region_code').notNull(),
    remotePolicy: remotePolicy('remote_policy').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    durationMonths: integer('duration_months').notNull(),
    seats: integer('seats').notNull(),
    monthlyStipendCents: integer('monthly_stipend_cents').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    howToApply: text('how_to_apply').notNull(),
    /** A job title, never a person's name. */
    tutorRole: text('tutor_role').notNull(),
    clearance: clearance('clearance').notNull(),
    status: offerStatus('status').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Placed by the national round (its candidates are not moved by the company) or recruited by the company itself. */
    nationalRound: boolean('national_round').notNull().default(false),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Why its organisation closed it (free text of the partner's system, no personal data). */
    closedReason: text('closed_reason'),
    /** Seats of a national-round offer kept for one category of candidates; those left empty go to anyone. */
    reservedSeats: integer('reserved_seats').notNull().default(0),
    reserveCategory: reserveCategory('reserve_category'),
  },
  (t) => [
    unique('internship_offers_partner_reference_key').on(t.organisationId, t.partnerReference),
    check('internship_offers_host_siret_of_organisation', sql`${t.hostSiret} ~ '^[0-9]{14}$' and left(${t.hostSiret}, 9) = ${t.organisationId}`),
    check('internship_offers_duration', sql`${t.durationMonths} between 1 and 12`),
    check('internship_offers_seats', sql`${t.seats} >= 1`),
    check('internship_offers_reserve', sql`${t.reservedSeats} between 0 and ${t.seats} and (${t.reservedSeats} = 0) = (${t.reserveCategory} is null)`),
    check(
      'internship_offers_minimum_gratification',
      sql`${t.monthlyStipendCents} >= 0 and (${t.durationMonths} <= ${sql.raw(String(GRATIFICATION_FREE_MONTHS))} or ${t.monthlyStipendCents} >= ${sql.raw(String(MIN_MONTHLY_GRATIFICATION_CENTS))})`,
    ),
    // A draft was never published; a published offer was. A closed one may have been or not.
    check(
      'internship_offers_published_at',
      sql`(${t.status} <> 'DRAFT' or ${t.publishedAt} is null) and (${t.status} <> 'PUBLISHED' or ${t.publishedAt} is not null)`,
    ),
    index('internship_offers_organisation_idx').on(t.organisationId, t.id),
    index('internship_offers_organisation_status_idx').on(t.organisationId, t.status, t.id),
    index('internship_offers_department_idx').on(t.departmentCode, t.id),
    index('internship_offers_region_idx').on(t.regionCode, t.id),
    index('internship_offers_track_idx').on(t.track, t.id),
    index('internship_offers_status_idx').on(t.status, t.id),
    index('internship_offers_remote_policy_idx').on(t.remotePolicy, t.id),
    index('internship_offers_start_date_idx').on(t.startDate),
    // The public listing of a territory (Territory.internshipOffers, its totalCount): published only.
    index('internship_offers_published_department_idx')
      .on(t.departmentCode, t.id)
      .where(sql`${t.status} = 'PUBLISHED'`),
    index('internship_offers_published_region_idx')
      .on(t.regionCode, t.id)
      .where(sql`${t.status} = 'PUBLISHED'`),
  ],
);

export const offerSkills = pgTable(
  'offer_skills',
  {
    offerId: uuid('offer_id')
      .notNull()
      .references(() => internshipOffers.id, { onDelete: 'cascade' }),
    /** A code of education's Skill reference (`ECF.B.3`, `ECSF.PENETRATION_TESTER`, `DIGCOMP.3.4`). */
    skillCode: text('skill_code').notNull(),
    level: integer('level').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.offerId, t.skillCode] }),
    check('offer_skills_level', sql`${t.level} between 1 and 8`),
    index('offer_skills_skill_idx').on(t.skillCode),
  ],
);

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey(),
    citizenId: uuid('citizen_id').notNull(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => internshipOffers.id),
    /** The offer's organisation, so that a company can be shown only the applications it received. */
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.siren),
    /** The citizen's preference: 1 is their first choice. */
    rank: integer('rank').notNull(),
    status: applicationStatus('status').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('applications_citizen_offer_key').on(t.citizenId, t.offerId),
    check('applications_rank', sql`${t.rank} >= 1`),
    index('applications_citizen_idx').on(t.citizenId, t.rank),
    index('applications_offer_idx').on(t.offerId, t.id),
    index('applications_organisation_idx').on(t.organisationId, t.id),
  ],
);

export const placements = pgTable(
  'placements',
  {
    id: uuid('id').primaryKey(),
    citizenId: uuid('citizen_id').notNull(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => internshipOffers.id),
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.siren),
    /** Where the internship takes place: the offer's location, kept here to filter placements by territory. */
    departmentCode: text('department_code').notNull(),
    regionCode: text('region_code').notNull(),
    status: placementStatus('status').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    evaluationScore: real('evaluation_score'),
    evaluationComment: text('evaluation_comment'),
    /** The national placement round that made it; null when the company recruited the citizen itself. */
    roundId: uuid('round_id').references(() => placementRounds.id),
  },
  (t) => [
    check('placements_dates', sql`${t.endDate} >= ${t.startDate}`),
    check('placements_evaluation_score', sql`${t.evaluationScore} between 0 and 20`),
    check('placements_evaluation_comment', sql`${t.evaluationComment} is null or ${t.evaluationScore} is not null`),
    // A citizen holds at most one placement in progress: the placement round relies on it.
    uniqueIndex('placements_citizen_in_progress_key')
      .on(t.citizenId)
      .where(sql`${t.status} in ('PROPOSED', 'ACCEPTED', 'ACTIVE')`),
    index('placements_citizen_idx').on(t.citizenId),
    index('placements_offer_idx').on(t.offerId, t.id),
    index('placements_organisation_idx').on(t.organisationId, t.id),
    index('placements_department_idx').on(t.departmentCode, t.id),
    index('placements_region_idx').on(t.regionCode, t.id),
    index('placements_status_idx').on(t.status, t.id),
    index('placements_round_idx').on(t.roundId, t.offerId),
  ],
);

/** Priority hiring in the public service for citizens who completed the SNN. */
export const priorityHiringRights = pgTable(
  'priority_hiring_rights',
  {
    citizenId: uuid('citizen_id').primaryKey(),
    grantedOn: date('granted_on', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    usedOn: date('used_on', { mode: 'string' }),
  },
  (t) => [
    check('priority_hiring_rights_validity', sql`${t.validUntil} > ${t.grantedOn}`),
    check('priority_hiring_rights_used_on', sql`${t.usedOn} is null or ${t.usedOn} between ${t.grantedOn} and ${t.validUntil}`),
  ],
);

/**
 * Idempotency of postInternshipOffer: the key a partner sent with a request, scoped to its
 * organisation (two companies never collide), the fingerprint of the request (SHA-256 of its
 * canonical input) and the offer it created. Written in the transaction that creates the offer, so
 * a key exists exactly when its offer does; the primary key makes concurrent retries collide.
 */
export const offerIdempotencyKeys = pgTable(
  'offer_idempotency_keys',
  {
    organisationId: text('organisation_id')
      .notNull()
      .references(() => organisations.siren),
    idempotencyKey: text('idempotency_key').notNull(),
    /** SHA-256 (hex) of the canonical request: a retry under the same key must send the same request. */
    requestFingerprint: text('request_fingerprint').notNull(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => internshipOffers.id, { onDelete: 'cascade' }),
    /** The calling system (the token's `sub`), never a person. */
    requestedBy: text('requested_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'offer_idempotency_keys_pkey', columns: [t.organisationId, t.idempotencyKey] }),
    check('offer_idempotency_keys_key_length', sql`length(${t.idempotencyKey}) between 1 and 200`),
    check('offer_idempotency_keys_fingerprint', sql`${t.requestFingerprint} ~ '^[0-9a-f]{64}$'`),
    index('offer_idempotency_keys_offer_idx').on(t.offerId),
  ],
);

/**
 * A citizen's ranked choice of offers for one placement round, recorded by the agency's systems:
 * the round consumes it. Never readable by companies.
 */
export const placementPreferences = pgTable(
  'placement_preferences',
  {
    citizenId: uuid('citizen_id').notNull(),
    /** The round's intake, `YYYY-MM`. */
    round: text('round').notNull(),
    /** 1 is the first choice. */
    rank: integer('rank').notNull(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => internshipOffers.id),
    setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.citizenId, t.round, t.rank] }),
    unique('placement_preferences_offer_once').on(t.citizenId, t.round, t.offerId),
    check('placement_preferences_rank', sql`${t.rank} between 1 and 10`),
    index('placement_preferences_round_idx').on(t.round, t.offerId),
  ],
);

/**
 * A citizen's list for a round in one row, offers best first by their `number`: what the placement
 * round reads, one short row per candidate instead of ten (a national round's 8,000,000 choices as
 * 800,000 rows of ten small integers, where uuids made the reading five times longer). Written
 * with placement_preferences in the same transaction, which stays the record the API reads and
 * what holds the foreign key to each offer.
 */
export const placementChoiceLists = pgTable(
  'placement_choice_lists',
  {
    round: text('round').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    offerNumbers: integer('offer_numbers').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.round, t.citizenId] })],
);

/**
 * Education's enrolments, as its `education.citizen-enrolled` events told them: a citizen's track
 * decides which offers they may rank. Never read from education's database.
 */
export const serviceEnrolments = pgTable(
  'service_enrolments',
  {
    enrollmentId: uuid('enrollment_id').primaryKey(),
    citizenId: uuid('citizen_id').notNull(),
    cohortId: uuid('cohort_id').notNull(),
    track: track('track').notNull(),
    enrolledOn: date('enrolled_on', { mode: 'string' }).notNull(),
    /** The event it came from; null for demo data. */
    eventId: uuid('event_id'),
  },
  (t) => [index('service_enrolments_citizen_idx').on(t.citizenId)],
);

/**
 * What the placement round knows of an enrolled citizen, as education's
 * `education.placement-profile-changed` events told it (the latest wins): never read from
 * education's database.
 */
export const placementCandidates = pgTable(
  'placement_candidates',
  {
    citizenId: uuid('citizen_id').primaryKey(),
    enrollmentId: uuid('enrollment_id').notNull(),
    cohortId: uuid('cohort_id').notNull(),
    track: track('track').notNull(),
    departmentCode: text('department_code').notNull(),
    regionCode: text('region_code').notNull(),
    nonGraduate: boolean('non_graduate').notNull(),
    priorityNeighbourhood: boolean('priority_neighbourhood').notNull(),
    internshipFrom: date('internship_from', { mode: 'string' }).notNull(),
    internshipUntil: date('internship_until', { mode: 'string' }).notNull(),
    /** The round this candidate belongs to: the month their internship may start, `YYYY-MM`. */
    intake: text('intake').notNull(),
    /** [{code, level}], by code. */
    skills: jsonb('skills').$type<Array<{ code: string; level: number }>>().notNull(),
    /** When education's event about this profile happened: an older one arriving late changes nothing. */
    profileAt: timestamp('profile_at', { withTimezone: true }).notNull(),
    eventId: uuid('event_id'),
  },
  (t) => [index('placement_candidates_intake_idx').on(t.intake, t.citizenId), index('placement_candidates_cohort_idx').on(t.cohortId)],
);

/**
 * Citizens' security clearances, as the armed forces' `armed-forces.clearance-changed` events told
 * them (the latest wins). A citizen without a row holds none.
 */
export const candidateClearances = pgTable('candidate_clearances', {
  citizenId: uuid('citizen_id').primaryKey(),
  clearance: clearance('clearance').notNull(),
  validUntil: date('valid_until', { mode: 'string' }),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  eventId: uuid('event_id'),
});

/** A run of the national placement round: its request, its progress, and once computed its statistics. */
export const placementRounds = pgTable(
  'placement_rounds',
  {
    id: uuid('id').primaryKey(),
    intake: text('intake').notNull(),
    /** Only this cohort's candidates; null: the whole intake. */
    cohortId: uuid('cohort_id'),
    /** Seeds the tie-break lottery: the same inputs and seed give the same outcome. */
    seed: text('seed').notNull(),
    dryRun: boolean('dry_run').notNull(),
    phase: roundPhase('phase').notNull(),
    /** 0 to 1. */
    progress: real('progress').notNull().default(0),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** SHA-256 of the inputs as read (candidates, their choices, offers and seats) and of the outcome. */
    inputsDigest: text('inputs_digest'),
    outcomeDigest: text('outcome_digest'),
    stats: jsonb('stats'),
    /** Why a FAILED round failed, for the operator: no personal data. */
    failure: text('failure'),
  },
  (t) => [
    index('placement_rounds_intake_idx').on(t.intake, t.requestedAt),
    // One published round per intake: a second one would place citizens twice.
    uniqueIndex('placement_rounds_one_published_per_intake')
      .on(t.intake)
      .where(sql`${t.phase} = 'PUBLISHED'`),
  ],
);

/** Each candidate's outcome in a computed round: an offer and the rank of that choice, or why not. */
export const placementRoundResults = pgTable(
  'placement_round_results',
  {
    // No foreign key: checking each of a national round's 800,000 rows against its one round row
    // doubled the writing. Rows are written only by their round's run, deleted when it fails.
    roundId: uuid('round_id').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    offerId: uuid('offer_id'),
    choice: integer('choice'),
    /** NO_PREFERENCE, NO_ELIGIBLE_PREFERENCE or OUTRANKED when unplaced. */
    reason: text('reason'),
    /** The hard constraints that struck out some of the citizen's choices, comma-separated. */
    exclusions: text('exclusions'),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.citizenId] }),
    index('placement_round_results_offer_idx').on(t.roundId, t.offerId),
    check('placement_round_results_outcome', sql`(${t.offerId} is null) = (${t.reason} is not null)`),
  ],
);

export const tables = {
  organisations,
  internshipOffers,
  offerSkills,
  applications,
  placements,
  priorityHiringRights,
  offerIdempotencyKeys,
  placementPreferences,
  placementChoiceLists,
  serviceEnrolments,
  placementCandidates,
  candidateClearances,
  placementRounds,
  placementRoundResults,
  idempotencyKeys,
  inbox,
  outbox,
};
export type Tables = typeof tables;
