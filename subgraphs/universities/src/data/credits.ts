// Credit awards (European Learning Model): ECTS granted by a university for a passed module.
import { and, asc, eq, gte, sql, type SQL } from 'drizzle-orm';
import { afterCursor, anyOf, type Db, type Page, preparedByKeys, rowsByKeys } from '@snn/platform';
import type { ModuleRow } from './modules';
import { creditAwards, modules, universities } from './tables';
import type { UniversityRow } from './universities';

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
  return db
    .select()
    .from(creditAwards)
    .where(and(whereOf(filter), afterCursor(creditAwards.id, page)))
    .orderBy(asc(creditAwards.id))
    .limit(page.first + 1);
}

export async function countCredits(db: Db, filter: CreditFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(creditAwards)
    .where(whereOf(filter));
  return Number(row?.n ?? 0);
}

const creditsByIdsQuery = rowsByKeys(creditAwards, creditAwards.id);
export function creditsByIds(db: Db, ids: readonly string[]): Promise<CreditAwardRow[]> {
  return creditsByIdsQuery(db, ids);
}

/**
 * Citizens' records, oldest award first, each award with its module and the module's university,
 * in one statement: a roster asks for all three, and three statements were three round trips to
 * PostgreSQL one after another (the context's loaders keep the modules and universities).
 */
export const creditsWithModulesOfCitizens = preparedByKeys<{ credit: CreditAwardRow; module: ModuleRow; university: UniversityRow }>(
  'credit_awards_with_modules_by_citizen_id',
  (db, citizenIds) =>
    db
      .select({ credit: creditAwards, module: modules, university: universities })
      .from(creditAwards)
      .innerJoin(modules, eq(modules.code, creditAwards.moduleCode))
      .innerJoin(universities, eq(universities.id, modules.universityId))
      .where(anyOf(creditAwards.citizenId, citizenIds))
      .orderBy(asc(creditAwards.awardedOn), asc(creditAwards.id)),
);

/** Only FINAL awards count towards a diploma: provisional ones may still change, revoked ones never count. */
export function totalFinalEcts(rows: readonly CreditAwardRow[]): number {
  return rows.reduce((sum, r) => sum + (r.status === 'FINAL' ? r.ectsCredits : 0), 0);
}
