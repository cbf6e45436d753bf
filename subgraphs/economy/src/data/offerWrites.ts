// A company's offer after posting: changed, published, closed. Each write locks the offer's row,
// checks that the caller's organisation owns it, and commits the offer, its event and its audit
// row together. Another organisation's offer and a missing one get the same FORBIDDEN.
import { eq } from 'drizzle-orm';
import { AppError, appendAudit, badInput, writeEntry, type Db, type Viewer } from '@snn/platform';
import { checkOfferDates, parseOfferInput, type OfferInput } from '../validation';
import { announceOffer } from './offerEvents';
import { effectiveStatus, type OfferRow } from './offers';
import { offerAsInput } from './postOffer';
import { acceptedApplicationsOf } from './applications';
import { internshipOffers, offerSkills } from './tables';

const WRITE_SCOPES = ['offer:write'];

/** The offer, locked for the transaction, when the caller's organisation owns it. */
export async function lockOwnOffer(tx: Db, viewer: Viewer, id: string): Promise<OfferRow> {
  const [offer] = await tx.select().from(internshipOffers).where(eq(internshipOffers.id, id)).for('update');
  if (!offer || viewer.org === null || offer.organisationId !== viewer.org) {
    throw new AppError('FORBIDDEN', `offer ${id} is not an offer of the caller's organisation`, { field: 'id' });
  }
  return offer;
}

/** Fields left out (or null) keep their value. */
export type OfferChanges = {
  [F in keyof Omit<OfferInput, 'organisationId' | 'hostSiret' | 'partnerReference' | 'track' | 'location' | 'publish' | 'nationalRound'>]?:
    OfferInput[F] | null;
};

export async function updateOffer(db: Db, viewer: Viewer, id: string, changes: OfferChanges, today: string): Promise<OfferRow> {
  return db.transaction(async (tx) => {
    const offer = await lockOwnOffer(tx, viewer, id);
    if (effectiveStatus(offer, today) === 'CLOSED') throw new AppError('CONFLICT', 'the offer is closed: post a new one', { field: 'id', status: 'CLOSED' });
    const skills = await tx.select().from(offerSkills).where(eq(offerSkills.offerId, id));
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined && v !== null));
    const next = parseOfferInput({ ...offerAsInput(offer, skills), ...defined } as OfferInput);
    if (changes.startDate != null || changes.expiresOn != null) checkOfferDates(next, today);
    const accepted = await acceptedApplicationsOf(tx, id);
    if (next.seats < accepted) throw badInput(`input.seats: ${accepted} applications are already accepted`, 'input.seats');
    const [row] = (await tx
      .update(internshipOffers)
      .set({
        title: next.title,
        description: next.description,
        remotePolicy: next.remotePolicy,
        startDate: next.startDate,
        durationMonths: next.durationMonths,
        seats: next.seats,
        monthlyStipendCents: next.monthlyStipendCents,
        expiresOn: next.expiresOn,
        howToApply: next.howToApply,
        tutorRole: next.tutorRole,
        clearance: next.clearance,
        reservedSeats: next.reserve?.seats ?? 0,
        reserveCategory: next.reserve?.category ?? null,
      })
      .where(eq(internshipOffers.id, id))
      .returning()) as [OfferRow];
    if (changes.requiredSkills) {
      await tx.delete(offerSkills).where(eq(offerSkills.offerId, id));
      await tx.insert(offerSkills).values(next.requiredSkills.map((s) => ({ offerId: id, skillCode: s.skillCode, level: s.level })));
    }
    await announceOffer(tx, row);
    await appendAudit(tx, viewer, [writeEntry('updateInternshipOffer', WRITE_SCOPES, [id])]);
    return row;
  });
}

export async function publishOffer(db: Db, viewer: Viewer, id: string, today: string): Promise<OfferRow> {
  return db.transaction(async (tx) => {
    const offer = await lockOwnOffer(tx, viewer, id);
    const status = effectiveStatus(offer, today);
    if (status === 'PUBLISHED') return offer;
    if (status === 'CLOSED') throw new AppError('CONFLICT', 'the offer is closed: post a new one', { field: 'id', status: 'CLOSED' });
    checkOfferDates(offer, today);
    const [row] = (await tx.update(internshipOffers).set({ status: 'PUBLISHED', publishedAt: new Date() }).where(eq(internshipOffers.id, id)).returning()) as [
      OfferRow,
    ];
    await announceOffer(tx, row);
    await appendAudit(tx, viewer, [writeEntry('publishInternshipOffer', WRITE_SCOPES, [id])]);
    return row;
  });
}

export async function closeOffer(db: Db, viewer: Viewer, id: string, reason: string): Promise<OfferRow> {
  return db.transaction(async (tx) => {
    const offer = await lockOwnOffer(tx, viewer, id);
    if (offer.status === 'CLOSED') return offer;
    const [row] = (await tx
      .update(internshipOffers)
      .set({ status: 'CLOSED', closedAt: new Date(), closedReason: reason })
      .where(eq(internshipOffers.id, id))
      .returning()) as [OfferRow];
    await announceOffer(tx, row);
    await appendAudit(tx, viewer, [writeEntry('closeInternshipOffer', WRITE_SCOPES, [id])]);
    return row;
  });
}
