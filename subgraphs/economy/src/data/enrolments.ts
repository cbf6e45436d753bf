// This subgraph's copy of education's enrolments, fed by `education.citizen-enrolled`: a citizen
// ranks offers of their own track only.
import type { Db, EventMeta, EventPayload } from '@snn/platform';
import { serviceEnrolments } from './tables';

export const ENROLMENT_CONSUMER = 'economy-service-enrolments';

/** Once per enrolment, whatever the number of deliveries. */
export async function recordEnrolment(tx: Db, event: EventPayload<'education.citizen-enrolled'>, meta: EventMeta): Promise<void> {
  await tx
    .insert(serviceEnrolments)
    .values({
      enrollmentId: event.enrollmentId,
      citizenId: event.citizenId,
      cohortId: event.cohortId,
      track: event.track,
      enrolledOn: event.enrolledOn,
      eventId: meta.id,
    })
    .onConflictDoNothing();
}
