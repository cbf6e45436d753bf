// Per-request context: the database and fresh DataLoaders, so batching and caching never leak
// between requests (or between callers).
import { byKey, DataLoader, groupByKey, isUuid, LoaderFamily, onlyValidKeys, todayInFrance, type Db, type Page, type SubgraphContext } from '@snn/platform';
import { clearancesOfCitizens, type SecurityClearanceRow } from './data/clearances';
import { invitationsOfCitizens, type InvitationRow } from './data/invitations';
import { strengthOf, type FamilyFigure } from './data/figures';
import { daysOfYear, trainingsOfReservists, type TrainingRow } from './data/enrolment';
import { departmentCodesOfArea } from './data/areas';
import { fillOfOrders, type RequirementFill } from './data/mobilisation';
import {
  countOrdersCoveringTerritories,
  ordersByIds,
  ordersCoveringTerritories,
  requirementsOfOrders,
  type CoveringOrderRow,
  type OrderRow,
  type RequirementRow,
} from './data/orders';
import {
  availabilityOfReservists,
  reservistsByIds,
  reservistsOfCitizens,
  reservistsWithSkillsOfCitizens,
  skillsOfReservists,
  type AvailabilityRow,
  type ReservistRow,
  type ReservistSkillRow,
} from './data/reservists';
import { countResponsesOfOrders, countResponsesOfReservists, responsesOfOrders, responsesOfReservists, type Answer, type ResponseRow } from './data/responses';

function countsInOrder(ids: readonly string[], counts: Map<string, number>): number[] {
  return ids.map((id) => counts.get(id) ?? 0);
}

export function createLoaders(db: Db) {
  const reservist = new DataLoader<string, ReservistRow | null>(
    onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await reservistsByIds(db, ids), (r) => r.id)),
  );
  const skillsOfReservist = new DataLoader<string, ReservistSkillRow[]>(async (ids) =>
    groupByKey(ids, await skillsOfReservists(db, ids), (r) => r.reservistId),
  );
  return {
    reservist,
    reserveInvitationOfCitizen: new DataLoader<string, InvitationRow | null>(
      onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await invitationsOfCitizens(db, ids), (r) => r.citizenId)),
    ),
    clearanceOfCitizen: new DataLoader<string, SecurityClearanceRow | null>(
      onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await clearancesOfCitizens(db, ids), (r) => r.citizenId)),
    ),
    reservistOfCitizen: new DataLoader<string, ReservistRow | null>(
      onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await reservistsOfCitizens(db, ids), (r) => r.citizenId as string)),
    ),
    // When the skills are asked too (Citizen.reservist): each profile comes with them, and the
    // skills loader answers from it, no second statement.
    reservistWithSkillsOfCitizen: new DataLoader<string, ReservistRow | null>(
      onlyValidKeys(isUuid, null, async (citizenIds) => {
        const skills = new Map<string, ReservistSkillRow[]>();
        const ofCitizen = new Map<string, ReservistRow>();
        for (const row of await reservistsWithSkillsOfCitizens(db, citizenIds)) {
          let own = skills.get(row.reservist.id);
          if (!own) {
            skills.set(row.reservist.id, (own = []));
            ofCitizen.set(row.reservist.citizenId as string, row.reservist);
            reservist.prime(row.reservist.id, row.reservist);
          }
          if (row.skill) own.push(row.skill);
        }
        for (const [id, own] of skills) skillsOfReservist.prime(id, own);
        return citizenIds.map((id) => ofCitizen.get(id) ?? null);
      }),
    ),
    skillsOfReservist,
    trainingsOfReservist: new DataLoader<string, TrainingRow[]>(async (ids) => groupByKey(ids, await trainingsOfReservists(db, ids), (r) => r.reservistId)),
    daysThisYearOfReservist: new DataLoader<string, number>(async (ids) => {
      const days = await daysOfYear(db, ids, todayInFrance().slice(0, 4));
      return ids.map((id) => days.get(id) ?? 0);
    }),
    availabilityOfReservist: new DataLoader<string, AvailabilityRow[]>(async (ids) =>
      groupByKey(ids, await availabilityOfReservists(db, ids), (r) => r.reservistId),
    ),
    order: new DataLoader<string, OrderRow | null>(onlyValidKeys(isUuid, null, async (ids) => byKey(ids, await ordersByIds(db, ids), (r) => r.id))),
    fillOfOrder: new DataLoader<string, RequirementFill[]>(async (ids) => groupByKey(ids, await fillOfOrders(db, ids), (r) => r.orderId)),
    requirementsOfOrder: new DataLoader<string, RequirementRow[]>(async (ids) => groupByKey(ids, await requirementsOfOrders(db, ids), (r) => r.orderId)),
    responsesOfOrder: new LoaderFamily<{ page: Page; answer: Answer | null }, string, ResponseRow[]>(({ page, answer }) => {
      return new DataLoader(async (ids) => groupByKey(ids, await responsesOfOrders(db, ids, page, answer ?? undefined), (r) => r.orderId));
    }),
    responseCountOfOrder: new LoaderFamily<{ answer: Answer | null }, string, number>(({ answer }) => {
      return new DataLoader(async (ids) => countsInOrder(ids, await countResponsesOfOrders(db, ids, answer ?? undefined)));
    }),
    responsesOfReservist: new LoaderFamily<{ page: Page; answer: Answer | null }, string, ResponseRow[]>(({ page, answer }) => {
      return new DataLoader(async (ids) => groupByKey(ids, await responsesOfReservists(db, ids, page, answer ?? undefined), (r) => r.reservistId));
    }),
    responseCountOfReservist: new LoaderFamily<{ answer: Answer | null }, string, number>(({ answer }) => {
      return new DataLoader(async (ids) => countsInOrder(ids, await countResponsesOfReservists(db, ids, answer ?? undefined)));
    }),
    ordersOfTerritory: new LoaderFamily<{ page: Page }, string, CoveringOrderRow[]>(({ page }) => {
      return new DataLoader(async (codes) => groupByKey(codes, await ordersCoveringTerritories(db, codes, page), (r) => r.territoryCode));
    }),
    // One statement per territory: a roster asks for one or a few.
    strengthOfTerritory: new DataLoader<string, FamilyFigure[]>((codes) => {
      const today = todayInFrance();
      return Promise.all(codes.map((code) => strengthOf(db, departmentCodesOfArea(code), today)));
    }),
    orderCountOfTerritory: new DataLoader<string, number>(async (codes) => countsInOrder(codes, await countOrdersCoveringTerritories(db, codes))),
  };
}

/** What every resolver receives: the database, the verified caller and this request's loaders. */
export type Context = SubgraphContext<ReturnType<typeof createLoaders>>;
