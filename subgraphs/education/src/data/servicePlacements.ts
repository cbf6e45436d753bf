// The internships the national placement round proposed, as economy's `economy.placements-published`
// events told them (500 placements an event): the cohort's view of who starts where and when.
// Education never asks economy at read time; a replay rebuilds the copy.
import { inArray, sql } from 'drizzle-orm';
import { eventsHandledSince, rowsOf, type Db, type EventMeta, type EventPayload } from '@snn/platform';
import { servicePlacements } from './tables';

export type ServicePlacementRow = typeof servicePlacements.$inferSelect;
export const PLACEMENTS_CONSUMER = 'education-service-placements';

/** Records each placement once, whatever the number of deliveries (placements are never rewritten by a round). */
export async function recordPlacements(tx: Db, event: EventPayload<'economy.placements-published'>, meta: EventMeta): Promise<void> {
  await tx
    .insert(servicePlacements)
    .values(
      event.placements.map((p) => ({
        placementId: p.placementId,
        citizenId: p.citizenId,
        roundId: event.roundId,
        intake: event.intake,
        offerId: p.offerId,
        organisationId: p.organisationId,
        hostSiret: p.hostSiret,
        startDate: p.startDate,
        endDate: p.endDate,
        eventId: meta.id,
      })),
    )
    .onConflictDoNothing();
}

/** Before a replay from `since`: forget the placements that the events to replay recorded. */
export async function forgetPlacementsSince(tx: Db, since: Date): Promise<void> {
  const replayed = eventsHandledSince(tx, PLACEMENTS_CONSUMER, since);
  await tx.delete(servicePlacements).where(inArray(servicePlacements.eventId, replayed));
}

// A placement belongs to an enrolment when it starts within the enrolment's cohort's period.
const OF_ENROLMENT = sql`join cohorts c on c.id = e.cohort_id
  join service_placements p on p.citizen_id = e.citizen_id and p.start_date between c.start_date and c.end_date`;

interface PlacementLine {
  enrollment_id: string;
  placement_id: string;
  offer_id: string;
  organisation_id: string;
  host_siret: string;
  start_date: string;
  end_date: string;
  round_id: string;
}

/** Each enrolment's proposed internship (the latest to start, should a citizen hold two), in one statement. */
export async function placementsOfEnrollments(db: Db, enrollmentIds: readonly string[]): Promise<Map<string, PlacementLine>> {
  const rows = await rowsOf<PlacementLine>(
    db,
    sql`select distinct on (e.id) e.id as enrollment_id, p.placement_id, p.offer_id, p.organisation_id, p.host_siret,
          p.start_date::text as start_date, p.end_date::text as end_date, p.round_id
        from enrollments e ${OF_ENROLMENT}
        where e.id = any(${sql.param([...enrollmentIds])}::uuid[])
        order by e.id, p.start_date desc, p.placement_id`,
  );
  return new Map(rows.map((r) => [r.enrollment_id, r]));
}

/** Citizens of each cohort the round placed. */
export async function placedCountOfCohorts(db: Db, cohortIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await rowsOf<{ cohort_id: string; n: number }>(
    db,
    sql`select e.cohort_id, count(distinct e.citizen_id)::int as n from enrollments e ${OF_ENROLMENT}
        where e.cohort_id = any(${sql.param([...cohortIds])}::uuid[]) group by e.cohort_id`,
  );
  return new Map(rows.map((r) => [r.cohort_id, Number(r.n)]));
}

export type { PlacementLine };
