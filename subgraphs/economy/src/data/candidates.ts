// This subgraph's copy of what education knows of each enrolled citizen for the placement round,
// fed by `education.placement-profile-changed`: the latest profile wins, and one that happened
// before the profile held (a redelivery, a replay) changes nothing.
import { sql } from 'drizzle-orm';
import type { Db, EventMeta, EventPayload } from '@snn/platform';
import { placementCandidates } from './tables';

export const CANDIDATE_CONSUMER = 'economy-placement-candidates';
export type CandidateRow = typeof placementCandidates.$inferSelect;

/** The round a candidate belongs to: the month their internship may start. */
export const intakeOf = (internshipFrom: string): string => internshipFrom.slice(0, 7);

export async function recordProfile(tx: Db, event: EventPayload<'education.placement-profile-changed'>, meta: EventMeta): Promise<void> {
  const row = {
    citizenId: event.citizenId,
    enrollmentId: event.enrollmentId,
    cohortId: event.cohortId,
    track: event.track,
    departmentCode: event.departmentCode,
    regionCode: event.regionCode,
    nonGraduate: event.nonGraduate,
    priorityNeighbourhood: event.priorityNeighbourhood,
    internshipFrom: event.internshipFrom,
    internshipUntil: event.internshipUntil,
    intake: intakeOf(event.internshipFrom),
    skills: event.skills,
    profileAt: meta.occurredAt,
    eventId: meta.id,
  };
  const { citizenId: _key, ...changes } = row;
  await tx
    .insert(placementCandidates)
    .values(row)
    .onConflictDoUpdate({
      target: placementCandidates.citizenId,
      set: changes,
      setWhere: sql`${placementCandidates.profileAt} <= excluded.profile_at`,
    });
}
