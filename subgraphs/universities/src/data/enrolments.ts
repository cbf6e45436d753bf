// This subgraph's copy of education's enrolments, fed by `education.citizen-enrolled`: credits go
// to enrolled citizens only, and never before their enrolment.
import type { Db, EventMeta, EventPayload } from '@snn/platform';
import { serviceEnrolments } from './tables';

export const ENROLMENT_CONSUMER = 'universities-service-enrolments';

/** Once per enrolment, whatever the number of deliveries. */
export async function recordEnrolment(tx: Db, event: EventPayload<'education.citizen-enrolled'>, meta: EventMeta): Promise<void> {
  await tx
    .insert(serviceEnrolments)
    .values({ enrollmentId: event.enrollmentId, citizenId: event.citizenId, enrolledOn: event.enrolledOn, eventId: meta.id })
    .onConflictDoNothing();
}
