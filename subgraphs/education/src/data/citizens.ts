import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterCursor, type Db, type Page, rowsByKeys } from '@snn/platform';
import { citizens } from './tables';

export type CitizenRow = typeof citizens.$inferSelect;

export interface CitizenFilter {
  departmentCodes?: string[];
  educationLevel?: CitizenRow['educationLevel'];
  graduate?: boolean;
}

const citizensByIdsQuery = rowsByKeys(citizens, citizens.id);
export function citizensByIds(db: Db, ids: readonly string[]): Promise<CitizenRow[]> {
  return citizensByIdsQuery(db, ids);
}

export function listCitizens(db: Db, filter: CitizenFilter, page: Page): Promise<CitizenRow[]> {
  return db
    .select()
    .from(citizens)
    .where(
      and(
        filter.departmentCodes ? inArray(citizens.departmentCode, filter.departmentCodes) : undefined,
        filter.educationLevel ? eq(citizens.educationLevel, filter.educationLevel) : undefined,
        filter.graduate !== undefined ? eq(citizens.graduate, filter.graduate) : undefined,
        afterCursor(citizens.id, page),
      ),
    )
    .orderBy(asc(citizens.id))
    .limit(page.first + 1);
}
