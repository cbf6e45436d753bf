// The solidarity database: drizzle's view of it. Migrations in ../../migrations are generated from this file.
import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const territoryLevel = pgEnum('territory_level', ['REGION', 'DEPARTMENT']);
export const territoryZone = pgEnum('territory_zone', ['METRO', 'DROM']);
export const ubsDomain = pgEnum('ubs_domain', ['HEALTH', 'EDUCATION', 'HOUSING', 'FOOD', 'CONNECTIVITY']);
export const indexation = pgEnum('indexation', ['CPI', 'SMIC', 'NONE']);
export const indicatorUnit = pgEnum('indicator_unit', ['PERCENT', 'PERSONS']);
export const observationStatus = pgEnum('observation_status', ['OBSERVED', 'PROVISIONAL', 'ESTIMATED', 'CONFIDENTIAL']);

/** Keyed by the API code (`75`, `R11`), so that the federation key is the primary key. */
export const territories = pgTable(
  'territories',
  {
    code: text('code').primaryKey(),
    inseeCode: text('insee_code').notNull(),
    name: text('name').notNull(),
    level: territoryLevel('level').notNull(),
    zone: territoryZone('zone').notNull(),
    regionCode: text('region_code').references((): AnyPgColumn => territories.code),
    population: integer('population').notNull(),
    costOfLivingIndex: doublePrecision('cost_of_living_index').notNull(),
  },
  (t) => [
    unique('territories_level_insee_key').on(t.level, t.inseeCode),
    index('territories_level_idx').on(t.level, t.code),
    index('territories_region_idx').on(t.regionCode, t.code),
    index('territories_zone_idx').on(t.zone, t.code),
  ],
);

export const ubsServices = pgTable(
  'ubs_services',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    domain: ubsDomain('domain').notNull(),
    description: text('description').notNull(),
  },
  (t) => [index('ubs_services_domain_idx').on(t.domain, t.code)],
);

export const ubsCoverage = pgTable(
  'ubs_coverage',
  {
    territoryCode: text('territory_code')
      .notNull()
      .references(() => territories.code),
    serviceCode: text('service_code')
      .notNull()
      .references(() => ubsServices.code),
    period: text('period').notNull(),
    coverageRate: doublePrecision('coverage_rate').notNull(),
    beneficiaries: integer('beneficiaries').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.territoryCode, t.period, t.serviceCode] }),
    index('ubs_coverage_service_idx').on(t.serviceCode, t.period),
    check('ubs_coverage_rate_range', sql`${t.coverageRate} between 0 and 1`),
    // The disclosure threshold, enforced where the figure is stored.
    check('ubs_coverage_beneficiaries_threshold', sql`${t.beneficiaries} >= 11`),
  ],
);

export const basicIncomePilots = pgTable(
  'basic_income_pilots',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    territoryCode: text('territory_code')
      .notNull()
      .references(() => territories.code),
    monthlyAmountCents: integer('monthly_amount_cents').notNull(),
    indexation: indexation('indexation').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    participants: integer('participants').notNull(),
  },
  (t) => [
    index('basic_income_pilots_territory_idx').on(t.territoryCode, t.id),
    check('basic_income_pilots_dates', sql`${t.endDate} > ${t.startDate}`),
    check('basic_income_pilots_participants_threshold', sql`${t.participants} >= 11`),
  ],
);

export const indicatorDefinitions = pgTable('indicator_definitions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  unit: indicatorUnit('unit').notNull(),
  source: text('source').notNull(),
  description: text('description').notNull(),
});

/**
 * SDMX observations. `id` is the series key plus the period (`POVERTY_RATE.75.TOTAL.2025`): the
 * keyset for pagination, ordering each series' periods together. `territory_level` is copied from
 * the territory so that a level filter needs no join.
 */
export const indicatorObservations = pgTable(
  'indicator_observations',
  {
    id: text('id').primaryKey(),
    indicatorCode: text('indicator_code')
      .notNull()
      .references(() => indicatorDefinitions.code),
    territoryCode: text('territory_code')
      .notNull()
      .references(() => territories.code),
    territoryLevel: territoryLevel('territory_level').notNull(),
    period: text('period').notNull(),
    breakdown: text('breakdown').notNull(),
    value: doublePrecision('value'),
    unit: indicatorUnit('unit').notNull(),
    source: text('source').notNull(),
    status: observationStatus('status').notNull(),
  },
  (t) => [
    unique('indicator_observations_key').on(t.indicatorCode, t.territoryCode, t.breakdown, t.period),
    index('indicator_observations_territory_idx').on(t.territoryCode, t.id),
    // A territory's figures for one period (Parliament's usual question): no scan of other periods.
    index('indicator_observations_territory_period_idx').on(t.territoryCode, t.period, t.id),
    index('indicator_observations_indicator_idx').on(t.indicatorCode, t.id),
    index('indicator_observations_period_idx').on(t.period, t.id),
    index('indicator_observations_level_idx').on(t.territoryLevel, t.id),
    // A suppressed cell has no value, and no published count is below the disclosure threshold.
    check('indicator_observations_confidential', sql`(${t.status} = 'CONFIDENTIAL') = (${t.value} is null)`),
    check('indicator_observations_threshold', sql`${t.unit} <> 'PERSONS' or ${t.value} is null or ${t.value} >= 11`),
  ],
);

export const tables = { territories, ubsServices, ubsCoverage, basicIncomePilots, indicatorDefinitions, indicatorObservations };
export type Tables = typeof tables;
