// Reservists, their certified skills and availability windows: plain data functions over the
// armed-forces database; nothing here knows GraphQL.
import { and, asc, eq, exists, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { afterCursor, anyOf, type Db, type Page, preparedByKeys, rowsByKeys } from '@snn/platform';
import { clearance, reservistAvailability, reservists, reservistSkills } from './tables';

export type ReservistRow = typeof reservists.$inferSelect;
export type ReservistSkillRow = typeof reservistSkills.$inferSelect;
export type AvailabilityRow = typeof reservistAvailability.$inferSelect;
export type Clearance = ReservistRow['clearance'];

/** Call-up notice (Code de la défense): one month, 15 days when the employer agreed to the short-notice clause. */
export const NOTICE_DAYS = 30;
export const SHORT_NOTICE_DAYS = 15;
export const noticeDaysOf = (r: Pick<ReservistRow, 'shortNoticeClause'>) => (r.shortNoticeClause ? SHORT_NOTICE_DAYS : NOTICE_DAYS);

export interface ReservistFilter {
  departmentCodes?: string[];
  skillCode?: string;
  minLevel?: number;
  engagement?: ReservistRow['engagement'];
  /** At least this clearance. */
  clearance?: Clearance;
  kind?: ReservistRow['kind'];
  availableOn?: string;
}

export function clearancesAtLeast(c: Clearance): Clearance[] {
  return clearance.enumValues.slice(clearance.enumValues.indexOf(c));
}

function whereOf(db: Db, f: ReservistFilter): SQL | undefined {
  const one = { one: sql`1` };
  return and(
    f.departmentCodes ? inArray(reservists.departmentCode, f.departmentCodes) : undefined,
    f.engagement ? eq(reservists.engagement, f.engagement) : undefined,
    f.clearance ? inArray(reservists.clearance, clearancesAtLeast(f.clearance)) : undefined,
    f.kind ? eq(reservists.kind, f.kind) : undefined,
    f.skillCode !== undefined || f.minLevel !== undefined
      ? exists(
          db
            .select(one)
            .from(reservistSkills)
            .where(
              and(
                eq(reservistSkills.reservistId, reservists.id),
                f.skillCode !== undefined ? eq(reservistSkills.skillCode, f.skillCode) : undefined,
                f.minLevel !== undefined ? gte(reservistSkills.level, f.minLevel) : undefined,
              ),
            ),
        )
      : undefined,
    f.availableOn !== undefined
      ? and(
          lte(reservists.contractStart, f.availableOn),
          gte(reservists.contractEnd, f.availableOn),
          exists(
            db
              .select(one)
              .from(reservistAvailability)
              .where(
                and(
                  eq(reservistAvailability.reservistId, reservists.id),
                  lte(reservistAvailability.fromDate, f.availableOn),
                  gte(reservistAvailability.toDate, f.availableOn),
                ),
              ),
          ),
        )
      : undefined,
  );
}

export function listReservists(db: Db, filter: ReservistFilter, page: Page): Promise<ReservistRow[]> {
  return db
    .select()
    .from(reservists)
    .where(and(whereOf(db, filter), afterCursor(reservists.id, page)))
    .orderBy(asc(reservists.id))
    .limit(page.first + 1);
}

export async function countReservists(db: Db, filter: ReservistFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reservists)
    .where(whereOf(db, filter));
  return Number(row?.n ?? 0);
}

const reservistsByIdsQuery = rowsByKeys(reservists, reservists.id);
export function reservistsByIds(db: Db, ids: readonly string[]): Promise<ReservistRow[]> {
  return reservistsByIdsQuery(db, ids);
}

const reservistsOfCitizensQuery = rowsByKeys(reservists, reservists.citizenId);
export function reservistsOfCitizens(db: Db, citizenIds: readonly string[]): Promise<ReservistRow[]> {
  return reservistsOfCitizensQuery(db, citizenIds);
}

/**
 * Citizens' reservist profiles each with its certified skills, in one statement: a roster asks for
 * both, and two statements were two round trips one after the other. A profile with no skill comes
 * once, with `skill: null`; skills in code order, as skillsOfReservists gives them.
 */
export const reservistsWithSkillsOfCitizens = preparedByKeys<{ reservist: ReservistRow; skill: ReservistSkillRow | null }>(
  'reservists_with_skills_by_citizen_id',
  (db, citizenIds) =>
    db
      .select({ reservist: reservists, skill: reservistSkills })
      .from(reservists)
      .leftJoin(reservistSkills, eq(reservistSkills.reservistId, reservists.id))
      .where(anyOf(reservists.citizenId, citizenIds))
      .orderBy(asc(reservists.id), asc(reservistSkills.skillCode)),
);

const skillsOfReservistsQuery = rowsByKeys(reservistSkills, reservistSkills.reservistId, [asc(reservistSkills.skillCode)]);
export function skillsOfReservists(db: Db, ids: readonly string[]): Promise<ReservistSkillRow[]> {
  return skillsOfReservistsQuery(db, ids);
}

const availabilityOfReservistsQuery = rowsByKeys(reservistAvailability, reservistAvailability.reservistId, [asc(reservistAvailability.fromDate)]);
export function availabilityOfReservists(db: Db, ids: readonly string[]): Promise<AvailabilityRow[]> {
  return availabilityOfReservistsQuery(db, ids);
}
