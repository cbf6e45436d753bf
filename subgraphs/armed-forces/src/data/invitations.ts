// Invitations to the reserve: derived from education's `education.service-completed` events, never
// read from education's database. A replay rebuilds them from the events.
import { inArray } from 'drizzle-orm';
import { eventsHandledSince, rowsByKeys, type Db, type EventMeta, type EventPayload } from '@snn/platform';
import { reserveInvitations } from './tables';

export type InvitationRow = typeof reserveInvitations.$inferSelect;
export const RESERVE_CONSUMER = 'armed-forces-reserve-invitations';

/** A citizen who completed the service is invited once, whatever the number of deliveries. */
export async function inviteToReserve(tx: Db, event: EventPayload<'education.service-completed'>, meta: EventMeta): Promise<void> {
  await tx
    .insert(reserveInvitations)
    .values({ citizenId: event.citizenId, enrollmentId: event.enrollmentId, track: event.track, serviceCompletedOn: event.completedOn, eventId: meta.id })
    .onConflictDoNothing();
}

/** Before a replay from `since`: forget the invitations that the events to replay created. */
export async function forgetInvitationsSince(tx: Db, since: Date): Promise<void> {
  const replayed = eventsHandledSince(tx, RESERVE_CONSUMER, since);
  await tx.delete(reserveInvitations).where(inArray(reserveInvitations.eventId, replayed));
}

const invitationsOfCitizensQuery = rowsByKeys(reserveInvitations, reserveInvitations.citizenId);
export function invitationsOfCitizens(db: Db, citizenIds: readonly string[]): Promise<InvitationRow[]> {
  return invitationsOfCitizensQuery(db, citizenIds);
}
