import { and, arrayContains, asc, inArray } from 'drizzle-orm';
import type { Db } from '@snn/platform';
import { militaryInternshipHosts } from './tables';

export type HostRow = typeof militaryInternshipHosts.$inferSelect;

export function listHosts(db: Db, filter: { departmentCodes?: string[]; track?: HostRow['tracks'][number] }): Promise<HostRow[]> {
  return db
    .select()
    .from(militaryInternshipHosts)
    .where(
      and(
        filter.departmentCodes ? inArray(militaryInternshipHosts.departmentCode, filter.departmentCodes) : undefined,
        filter.track ? arrayContains(militaryInternshipHosts.tracks, [filter.track]) : undefined,
      ),
    )
    .orderBy(asc(militaryInternshipHosts.name));
}
