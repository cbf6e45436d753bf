// Citizens' ranked choices of offers for a placement round, recorded by the agency's systems. The
// list is replaced whole in one transaction, with its one-row copy the round reads. The citizen's track comes from
// this subgraph's copy of education's enrolment events, never from education's database.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { AppError, anyOf, appendAudit, badInput, bulkInsert, writeEntry, type Db, type Viewer } from '@snn/platform';
import { effectiveStatus } from './offers';
import { internshipOffers, placementChoiceLists, placementPreferences, serviceEnrolments } from './tables';

export type PreferenceRow = typeof placementPreferences.$inferSelect;
export const MAX_PREFERENCES = 10;
const ROUND = /^20\d{2}-(0[1-9]|1[0-2])$/;

export function requireRound(round: string, field = 'round'): string {
  if (!ROUND.test(round)) throw badInput(`${field} must be the intake of the placement round, YYYY-MM (e.g. "2027-03")`, field);
  return round;
}

export interface PreferenceRequest {
  citizenId: string;
  round: string;
  offerIds: readonly string[];
}

export async function setPreferences(db: Db, viewer: Viewer, req: PreferenceRequest, today: string): Promise<PreferenceRow[]> {
  if (viewer.org !== null) throw new AppError('FORBIDDEN', "citizens' choices are recorded by the agency's systems, never by an organisation");
  if (req.offerIds.length === 0 || req.offerIds.length > MAX_PREFERENCES) throw badInput(`offerIds must rank 1 to ${MAX_PREFERENCES} offers`, 'offerIds');
  const seen = new Set<string>();
  req.offerIds.forEach((id, i) => {
    if (seen.has(id)) throw badInput(`offerIds[${i}]: the offer is ranked twice`, `offerIds[${i}]`);
    seen.add(id);
  });
  return db.transaction(async (tx) => {
    const [enrolment] = await tx
      .select()
      .from(serviceEnrolments)
      .where(eq(serviceEnrolments.citizenId, req.citizenId))
      .orderBy(desc(serviceEnrolments.enrolledOn))
      .limit(1)
      // Two lists for one citizen at once queue here: the second replaces the first whole.
      .for('update');
    if (!enrolment)
      throw new AppError('BAD_USER_INPUT', 'citizenId: no enrolment in the service is known for this citizen', { field: 'citizenId', reason: 'NOT_ENROLLED' });
    const offers = new Map((await tx.select().from(internshipOffers).where(anyOf(internshipOffers.id, req.offerIds))).map((o) => [o.id, o]));
    req.offerIds.forEach((id, i) => {
      const offer = offers.get(id);
      const field = `offerIds[${i}]`;
      if (!offer || effectiveStatus(offer, today) !== 'PUBLISHED') {
        throw new AppError('BAD_USER_INPUT', `${field}: no published offer has this id`, { field, reason: 'NOT_PUBLISHED' });
      }
      if (offer.track !== enrolment.track) {
        throw new AppError('BAD_USER_INPUT', `${field}: the offer is of the ${offer.track} track, the citizen of ${enrolment.track}`, {
          field,
          reason: 'OTHER_TRACK',
        });
      }
    });
    await tx.delete(placementPreferences).where(and(eq(placementPreferences.citizenId, req.citizenId), eq(placementPreferences.round, req.round)));
    const setAt = new Date();
    await bulkInsert(
      tx,
      placementPreferences,
      req.offerIds.map((offerId, i) => ({ citizenId: req.citizenId, round: req.round, rank: i + 1, offerId, setAt })),
    );
    const offerNumbers = req.offerIds.map((id) => (offers.get(id) as { number: number }).number);
    await tx
      .insert(placementChoiceLists)
      .values({ round: req.round, citizenId: req.citizenId, offerNumbers })
      .onConflictDoUpdate({ target: [placementChoiceLists.round, placementChoiceLists.citizenId], set: { offerNumbers } });
    await appendAudit(tx, viewer, [writeEntry('setPlacementPreferences', ['placement:write'], [req.citizenId, ...req.offerIds])]);
    return preferencesOf(tx, [req.citizenId], req.round);
  });
}

export function preferencesOf(db: Db, citizenIds: readonly string[], round: string): Promise<PreferenceRow[]> {
  return db
    .select()
    .from(placementPreferences)
    .where(and(inArray(placementPreferences.citizenId, [...citizenIds]), eq(placementPreferences.round, round)))
    .orderBy(asc(placementPreferences.citizenId), asc(placementPreferences.rank));
}
