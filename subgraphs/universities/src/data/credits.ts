// Credit awards (European Learning Model): ECTS granted by a university for a passed module.
import { and, asc, eq, gte, sql, type SQL } from 'drizzle-orm';
import { afterCursor, type Db, type Page, rowsByKeys } from '@snn/platform';
import { creditAwards } from './tables';

export type CreditAwardRow = typeof creditAwards.$inferSelect;
export type CreditStatus = CreditAwardRow['status'];

export interface CreditFilter {
  universityId?: string;
  moduleCode?: string;
  status?: CreditStatus;
  awardedOnOrAfter?: string;
}

function whereOf(filter: CreditFilter): SQL | undefined {
  return and(
    filter.universityId ? eq(creditAwards.universityId, filter.universityId) : undefined,
    filter.moduleCode ? eq(creditAwards.moduleCode, filter.moduleCode) : undefined,
    filter.status ? eq(creditAwards.status, filter.status) : undefined,
    filter.awardedOnOrAfter ? gte(creditAwards.awardedOn, filter.awardedOnOrAfter) : undefined,
  );
}

export function listCredits(db: Db, filter: CreditFilter, page: Page): Promise<CreditAwardRow[]> {
  return db.select().from(creditAwards).where(and(whereOf(filter), afterCursor(creditAwards.id, page)))
    .orderBy(asc(creditAwards.id)).limit(page.first + 1);
}

export async function countCredits(db: Db, filter: CreditFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(creditAwards).where(whereOf(filter));
  return Number(row?.n ?? 0);
}

const creditsByIdsQuery = rowsByKeys(creditAwards, creditAwards.id);
export function creditsByIds(db: Db, ids: readonly string[]): Promise<CreditAwardRow[]> {
  return creditsByIdsQuery(db, ids);
}

const creditsOfCitizensQuery = rowsByKeys(creditAwards, creditAwards.citizenId, [asc(creditAwards.awardedOn), asc(creditAwards.id)]);
/** A citizen's record, oldest award first. */
export function creditsOfCitizens(db: Db, citizenIds: readonly string[]): Promise<CreditAwardRow[]> {
  return creditsOfCitizensQuery(db, citizenIds);
}

/** Only FINAL awards count towards a diploma: provisional ones may still change, revoked ones never count. */
export function totalFinalEcts(rows: readonly CreditAwardRow[]): number {
  return rows.reduce((sum, r) => sum + (r.status === 'FINAL' ? r.ectsCredits : 0), 0);
}
