// What economy tells the other owners about its offers (economy.offer-changed, via its outbox):
// indicators count open offers and seats without reading this database.
import { emit, type Db } from '@snn/platform';
import type { OfferRow } from './offers';

/** Call inside the write's transaction, once the offer is PUBLISHED or CLOSED. */
export async function announceOffer(tx: Db, offer: OfferRow): Promise<void> {
  if (offer.status === 'DRAFT') return;
  await emit(tx, 'economy.offer-changed', offer.id, {
    offerId: offer.id,
    organisationId: offer.organisationId,
    status: offer.status,
    track: offer.track,
    departmentCode: offer.departmentCode,
    seats: offer.seats,
    startDate: offer.startDate,
    expiresOn: offer.expiresOn,
    nationalRound: offer.nationalRound,
  });
}
