// This subgraph's copy of the security clearances the armed forces grant, fed by
// `armed-forces.clearance-changed`: the placement round keeps offers that need one for the cleared.
import { sql } from 'drizzle-orm';
import type { Db, EventMeta, EventPayload } from '@snn/platform';
import { candidateClearances } from './tables';

export const CLEARANCE_CONSUMER = 'economy-candidate-clearances';

/** The latest state wins; an older event arriving late (a redelivery, a replay) changes nothing. */
export async function recordClearance(tx: Db, event: EventPayload<'armed-forces.clearance-changed'>, meta: EventMeta): Promise<void> {
  const row = { citizenId: event.citizenId, clearance: event.clearance, validUntil: event.validUntil, changedAt: meta.occurredAt, eventId: meta.id };
  const { citizenId: _key, ...changes } = row;
  await tx
    .insert(candidateClearances)
    .values(row)
    .onConflictDoUpdate({ target: candidateClearances.citizenId, set: changes, setWhere: sql`${candidateClearances.changedAt} <= excluded.changed_at` });
}
