// Per-request context: the database and fresh DataLoaders, so batching and caching never leak
// between requests (or between callers).
import { byKey, DataLoader, groupByKey, LoaderFamily, type Db, type Page, type SubgraphContext, onlyValidKeys, isUuid } from '@snn/platform';
import { applicationsOfCitizens, applicationsOfOffers, countApplicationsOfOffers, type ApplicationRow } from './data/applications';
import { hiringRightsOfCitizens, type PriorityHiringRightRow } from './data/hiringRights';
import {
  countOffersOfOrganisations,
  countOffersOfTerritories,
  offersByIds,
  offersOfOrganisations,
  offersOfTerritories,
  skillsOfOffers,
  type OfferRow,
  type OfferSkillRow,
  type OfferStatus,
  type TerritoryLevelColumn,
  type Track,
} from './data/offers';
import { organisationsBySirens, type OrganisationRow } from './data/organisations';
import { placementsByIds, placementsWithOffersOfCitizens, type PlacementRow } from './data/placements';
import { preferencesOf, type PreferenceRow } from './data/preferences';
import { isSiren } from './validation';

/** Per-territory offers: one statement per territory level present in the batch (at most two). */
function byTerritoryLevel<V>(load: (level: TerritoryLevelColumn, codes: string[]) => Promise<Map<string, V>>, empty: V) {
  return async (codes: readonly string[]): Promise<V[]> => {
    const regions = codes.filter((c) => c.startsWith('R')).map((c) => c.slice(1));
    const departments = codes.filter((c) => !c.startsWith('R'));
    const [byRegion, byDepartment] = await Promise.all([
      regions.length > 0 ? load('regionCode', regions) : new Map<string, V>(),
      departments.length > 0 ? load('departmentCode', departments) : new Map<string, V>(),
    ]);
    return codes.map((c) => (c.startsWith('R') ? byRegion.get(c.slice(1)) : byDepartment.get(c)) ?? empty);
  };
}

function groupToMap<V>(rows: V[], keyOf: (row: V) => string): Map<string, V[]> {
  const map = new Map<string, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export function createLoaders(db: Db) {
  const organisation = new DataLoader<string, OrganisationRow | null>(
    onlyValidKeys(isSiren, null, async (ids) => byKey(ids, await organisationsBySirens(db, ids), (r) => r.siren)),
  );
  const offer = new DataLoader<string, OfferRow | null>(onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await offersByIds(db, ids), (r) => r.id)));
  return {
    organisation,
    offer,
    placement: new DataLoader<string, PlacementRow | null>(onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await placementsByIds(db, ids), (r) => r.id))),
    skillsOfOffer: new DataLoader<string, OfferSkillRow[]>(async (ids) => groupByKey(ids, await skillsOfOffers(db, ids), (r) => r.offerId)),
    // Each placement comes with its offer and organisation: their loaders answer from it, no statement.
    placementsOfCitizen: new DataLoader<string, PlacementRow[]>(
      onlyValidKeys(isUuid, [], async (ids) => {
        const rows = await placementsWithOffersOfCitizens(db, ids);
        for (const r of rows) {
          offer.prime(r.offer.id, r.offer);
          organisation.prime(r.organisation.siren, r.organisation);
        }
        return groupByKey(
          ids,
          rows.map((r) => r.placement),
          (r) => r.citizenId,
        );
      }),
    ),
    applicationsOfCitizen: new DataLoader<string, ApplicationRow[]>(
      onlyValidKeys(isUuid, [], async (ids) => groupByKey(ids, await applicationsOfCitizens(db, ids), (r) => r.citizenId)),
    ),
    hiringRightOfCitizen: new DataLoader<string, PriorityHiringRightRow | null>(
      onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await hiringRightsOfCitizens(db, ids), (r) => r.citizenId)),
    ),
    offersOfOrganisation: new LoaderFamily<{ page: Page; status: OfferStatus | null }, string, OfferRow[]>(({ page, status }) => {
      return new DataLoader(async (ids) => groupByKey(ids, await offersOfOrganisations(db, ids, page, status ?? undefined), (r) => r.organisationId));
    }),
    offerCountOfOrganisation: new LoaderFamily<{ status: OfferStatus | null }, string, number>(({ status }) => {
      return new DataLoader(async (ids) => {
        const counts = await countOffersOfOrganisations(db, ids, status ?? undefined);
        return ids.map((id) => counts.get(id) ?? 0);
      });
    }),
    /** Keyed by API territory code (`75`, `R11`): published offers only. */
    publishedOffersOfTerritory: new LoaderFamily<{ page: Page; track: Track | null }, string, OfferRow[]>(({ page, track }) => {
      const filter = { status: 'PUBLISHED' as const, track: track ?? undefined };
      return new DataLoader(
        byTerritoryLevel(async (level, codes) => groupToMap(await offersOfTerritories(db, level, codes, page, filter), (r) => r[level]), []),
      );
    }),
    publishedOfferCountOfTerritory: new LoaderFamily<{ track: Track | null }, string, number>(({ track }) => {
      const filter = { status: 'PUBLISHED' as const, track: track ?? undefined };
      return new DataLoader(byTerritoryLevel((level, codes) => countOffersOfTerritories(db, level, codes, filter), 0));
    }),
    applicationsOfOffer: new LoaderFamily<{ page: Page }, string, ApplicationRow[]>(({ page }) => {
      return new DataLoader(async (ids) => groupByKey(ids, await applicationsOfOffers(db, ids, page), (r) => r.offerId));
    }),
    preferencesOfCitizen: new LoaderFamily<{ round: string }, string, PreferenceRow[]>(({ round }) => {
      return new DataLoader(onlyValidKeys(isUuid, [], async (ids) => groupByKey(ids, await preferencesOf(db, ids, round), (r) => r.citizenId)));
    }),
    applicationCountOfOffer: new DataLoader<string, number>(async (ids) => {
      const counts = await countApplicationsOfOffers(db, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}

/** What every resolver receives: the database, the verified caller and this request's loaders. */
export type Context = SubgraphContext<ReturnType<typeof createLoaders>>;
