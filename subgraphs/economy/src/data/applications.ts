// Citizens' applications to offers, each with the citizen's preference rank.
import { and, asc, eq, sql } from 'drizzle-orm';
import { countPerParent, pagePerParent, type Db, type Page, rowsByKeys } from '@snn/platform';
import { applications } from './tables';

export type ApplicationRow = typeof applications.$inferSelect;

/** Up to page.first + 1 applications of each offer, in one statement. */
export function applicationsOfOffers(db: Db, offerIds: readonly string[], page: Page): Promise<ApplicationRow[]> {
  return pagePerParent<ApplicationRow>(db, applications, applications.offerId, applications.id, offerIds, page);
}

export function countApplicationsOfOffers(db: Db, offerIds: readonly string[]): Promise<Map<string, number>> {
  return countPerParent(db, applications, applications.offerId, offerIds);
}

const applicationsOfCitizensQuery = rowsByKeys(applications, applications.citizenId, [asc(applications.rank)]);
export function applicationsOfCitizens(db: Db, citizenIds: readonly string[]): Promise<ApplicationRow[]> {
  return applicationsOfCitizensQuery(db, citizenIds);
}

/** Applications accepted by an offer: the seats they take (an offer never accepts beyond its seats). */
export async function acceptedApplicationsOf(db: Db, offerId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(applications)
    .where(and(eq(applications.offerId, offerId), eq(applications.status, 'ACCEPTED')));
  return Number(row?.n ?? 0);
}
