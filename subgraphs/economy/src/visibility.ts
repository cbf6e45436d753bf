// Who sees an internship offer that is not PUBLISHED (a draft, a closed offer): the organisation
// that posted it, and callers acting for no organisation that hold `offer:read` (the ministry).
// Every other caller sees published offers only; an offer it may not see reads as missing.
import type { Viewer } from '@snn/platform';
import type { OfferRow } from './data/offers';

/** Undefined: no restriction. Otherwise: published offers, plus those of `ownOrganisation`. */
export type OfferVisibility = { ownOrganisation: string | null } | undefined;

export function offerVisibility(viewer: Viewer): OfferVisibility {
  return viewer.org === null && viewer.scopes.has('offer:read') ? undefined : { ownOrganisation: viewer.org };
}

export function canSeeOffer(viewer: Viewer, offer: OfferRow): boolean {
  const visibility = offerVisibility(viewer);
  return visibility === undefined || offer.status === 'PUBLISHED' || offer.organisationId === visibility.ownOrganisation;
}

/** Whether the viewer sees every offer of an organisation, whatever its status. */
export function seesAllOffersOf(viewer: Viewer, organisationId: string): boolean {
  const visibility = offerVisibility(viewer);
  return visibility === undefined || visibility.ownOrganisation === organisationId;
}
