// Priority-hiring rights earned by completing the SNN: one per citizen at most.
import { anyOf, type Db } from '@snn/platform';
import { priorityHiringRights } from './tables';

export type PriorityHiringRightRow = typeof priorityHiringRights.$inferSelect;

export function hiringRightsOfCitizens(db: Db, citizenIds: readonly string[]): Promise<PriorityHiringRightRow[]> {
  return db.select().from(priorityHiringRights).where(anyOf(priorityHiringRights.citizenId, citizenIds));
}
