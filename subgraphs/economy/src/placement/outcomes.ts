// A computed round's outcome, candidate by candidate, in citizen-id order.
import { and, asc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { afterCursor, type Db, type Page } from '@snn/platform';
import { placementRoundResults } from '../data/tables';
import type { RoundStats, UnplacedReason } from './round';

export type OutcomeRow = typeof placementRoundResults.$inferSelect;

export interface OutcomeFilter {
  placed?: boolean | null;
  reason?: UnplacedReason | null;
}

function whereOf(roundId: string, f: OutcomeFilter): SQL | undefined {
  return and(
    eq(placementRoundResults.roundId, roundId),
    f.placed === true ? isNotNull(placementRoundResults.offerId) : f.placed === false ? isNull(placementRoundResults.offerId) : undefined,
    f.reason ? eq(placementRoundResults.reason, f.reason) : undefined,
  );
}

export function listOutcomes(db: Db, roundId: string, filter: OutcomeFilter, page: Page): Promise<OutcomeRow[]> {
  return db
    .select()
    .from(placementRoundResults)
    .where(and(whereOf(roundId, filter), afterCursor(placementRoundResults.citizenId, page)))
    .orderBy(asc(placementRoundResults.citizenId))
    .limit(page.first + 1);
}

export async function countOutcomes(db: Db, roundId: string, filter: OutcomeFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(placementRoundResults)
    .where(whereOf(roundId, filter));
  return Number(row?.n ?? 0);
}

/** The statistics as the API lists them: counts per reason, track and region, in a stable order. */
export function statisticsView(stats: RoundStats) {
  const byKey = <T>(record: Record<string, T>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    ...stats,
    unplaced: byKey(stats.unplacedByReason).map(([reason, count]) => ({ reason: reason as UnplacedReason, count })),
    byTrack: byKey(stats.byTrack).map(([track, c]) => ({ track: track as 'CYBERSECURITY', ...c })),
    byRegion: byKey(stats.byRegion).map(([region, c]) => ({ territory: { code: `R${region}` }, ...c })),
  };
}
