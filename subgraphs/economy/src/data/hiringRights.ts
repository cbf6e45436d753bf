// Priority-hiring rights earned by completing the SNN: one per citizen at most.
import { type Db, rowsByKeys } from '@snn/platform';
import { priorityHiringRights } from './tables';

export type PriorityHiringRightRow = typeof priorityHiringRights.$inferSelect;

const hiringRightsOfCitizensQuery = rowsByKeys(priorityHiringRights, priorityHiringRights.citizenId);
export function hiringRightsOfCitizens(db: Db, citizenIds: readonly string[]): Promise<PriorityHiringRightRow[]> {
  return hiringRightsOfCitizensQuery(db, citizenIds);
}
