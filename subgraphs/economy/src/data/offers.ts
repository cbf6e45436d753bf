// Internship offers and the skills they require.
import { and, asc, eq, gte, or, sql, type SQL } from 'drizzle-orm';
import { afterCursor, countPerParent, pagePerParent, type Db, type Page, inTerritory, type TerritoryScope, rowsByKeys, todayInFrance } from '@snn/platform';
import { internshipOffers, offerSkills } from './tables';

export type OfferRow = typeof internshipOffers.$inferSelect;
export type OfferSkillRow = typeof offerSkills.$inferSelect;
export type Track = OfferRow['track'];
export type OfferStatus = OfferRow['status'];

export interface OfferFilter {
  territory?: TerritoryScope;
  track?: Track;
  status?: OfferStatus;
  organisationId?: string;
  remotePolicy?: OfferRow['remotePolicy'];
  startsOnOrAfter?: string;
  /** Published offers only, plus the unpublished ones of this organisation (see visibility.ts). */
  publishedOrOwnedBy?: { ownOrganisation: string | null };
}

/**
 * An offer past its last day to apply reads CLOSED without anyone acting: the stored status says
 * what its organisation decided, this what a reader sees (and what every filter below applies).
 */
export function effectiveStatus(offer: Pick<OfferRow, 'status' | 'expiresOn'>, today = todayInFrance()): OfferStatus {
  return offer.status === 'PUBLISHED' && offer.expiresOn < today ? 'CLOSED' : offer.status;
}

/**
 * `status = 'PUBLISHED'` written as a literal, not a parameter: only then can a prepared (generic)
 * plan use the partial indexes on published offers. The day is a parameter, read at each call.
 */
const published = () => sql`(${internshipOffers.status} = 'PUBLISHED' and ${internshipOffers.expiresOn} >= ${todayInFrance()})`;
const statusIs = (status: OfferStatus) =>
  status === 'PUBLISHED'
    ? published()
    : status === 'CLOSED'
      ? sql`(${internshipOffers.status} = 'CLOSED' or (${internshipOffers.status} = 'PUBLISHED' and ${internshipOffers.expiresOn} < ${todayInFrance()}))`
      : eq(internshipOffers.status, status);

function whereOf(filter: OfferFilter): SQL | undefined {
  const own = filter.publishedOrOwnedBy?.ownOrganisation;
  return and(
    filter.publishedOrOwnedBy ? (own ? or(published(), eq(internshipOffers.organisationId, own)) : published()) : undefined,
    inTerritory(filter.territory, internshipOffers),
    filter.track ? eq(internshipOffers.track, filter.track) : undefined,
    filter.status ? statusIs(filter.status) : undefined,
    filter.organisationId ? eq(internshipOffers.organisationId, filter.organisationId) : undefined,
    filter.remotePolicy ? eq(internshipOffers.remotePolicy, filter.remotePolicy) : undefined,
    filter.startsOnOrAfter ? gte(internshipOffers.startDate, filter.startsOnOrAfter) : undefined,
  );
}

const offersByIdsQuery = rowsByKeys(internshipOffers, internshipOffers.id);
export function offersByIds(db: Db, ids: readonly string[]): Promise<OfferRow[]> {
  return offersByIdsQuery(db, ids);
}

export function listOffers(db: Db, filter: OfferFilter, page: Page): Promise<OfferRow[]> {
  return db
    .select()
    .from(internshipOffers)
    .where(and(whereOf(filter), afterCursor(internshipOffers.id, page)))
    .orderBy(asc(internshipOffers.id))
    .limit(page.first + 1);
}

export async function countOffers(db: Db, filter: OfferFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(internshipOffers)
    .where(whereOf(filter));
  return Number(row?.n ?? 0);
}

/** Up to page.first + 1 offers of each organisation, in one statement. */
export function offersOfOrganisations(db: Db, sirens: readonly string[], page: Page, status?: OfferStatus): Promise<OfferRow[]> {
  return pagePerParent<OfferRow>(
    db,
    internshipOffers,
    internshipOffers.organisationId,
    internshipOffers.id,
    sirens,
    page,
    status ? statusIs(status) : undefined,
  );
}

export function countOffersOfOrganisations(db: Db, sirens: readonly string[], status?: OfferStatus): Promise<Map<string, number>> {
  return countPerParent(db, internshipOffers, internshipOffers.organisationId, sirens, status ? statusIs(status) : undefined);
}

/** Territories group offers by département or by region: the parent column says which. */
export type TerritoryLevelColumn = 'departmentCode' | 'regionCode';

/** Up to page.first + 1 offers of each territory of one level, in one statement. */
export function offersOfTerritories(
  db: Db,
  level: TerritoryLevelColumn,
  codes: readonly string[],
  page: Page,
  filter: { status?: OfferStatus; track?: Track },
): Promise<OfferRow[]> {
  return pagePerParent<OfferRow>(db, internshipOffers, internshipOffers[level], internshipOffers.id, codes, page, whereOf(filter));
}

export function countOffersOfTerritories(
  db: Db,
  level: TerritoryLevelColumn,
  codes: readonly string[],
  filter: { status?: OfferStatus; track?: Track },
): Promise<Map<string, number>> {
  return countPerParent(db, internshipOffers, internshipOffers[level], codes, whereOf(filter));
}

const skillsOfOffersQuery = rowsByKeys(offerSkills, offerSkills.offerId, [asc(offerSkills.skillCode)]);
export function skillsOfOffers(db: Db, offerIds: readonly string[]): Promise<OfferSkillRow[]> {
  return skillsOfOffersQuery(db, offerIds);
}
