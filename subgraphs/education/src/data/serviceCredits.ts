// The credits universities awarded for the service, as their `universities.credits-changed`
// events told them: each award's latest state. Education never asks a university at read time.
import { sql } from 'drizzle-orm';
import { anyOf, bulkInsert, rowsOf, type Db, type EventMeta, type EventPayload } from '@snn/platform';
import { serviceCredits } from './tables';

export const CREDITS_CONSUMER = 'education-service-credits';

/** Upserts every award of the event: a later state replaces an earlier one, a redelivery changes nothing. */
export async function recordCredits(tx: Db, event: EventPayload<'universities.credits-changed'>, meta: EventMeta): Promise<void> {
  const rows = event.awards.map((a) => ({
    awardId: a.awardId,
    citizenId: a.citizenId,
    universityId: event.universityId,
    moduleCode: a.moduleCode,
    ectsCredits: a.ectsCredits,
    status: a.status,
    awardedOn: a.awardedOn,
    eventId: meta.id,
  }));
  await tx.delete(serviceCredits).where(
    anyOf(
      serviceCredits.awardId,
      rows.map((r) => r.awardId),
    ),
  );
  await bulkInsert(tx, serviceCredits, rows);
}

/** FINAL ECTS per citizen, for those who hold any award (PROVISIONAL ones may still change). */
export async function finalEctsOfCitizens(db: Db, citizenIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await rowsOf<{ citizen_id: string; ects: number }>(
    db,
    sql`select citizen_id, coalesce(sum(ects_credits) filter (where status = 'FINAL'), 0)::int as ects from service_credits
        where ${anyOf(serviceCredits.citizenId, citizenIds)} group by citizen_id`,
  );
  return new Map(rows.map((r) => [r.citizen_id, Number(r.ects)]));
}
