// Who sees an internship offer that is not PUBLISHED (a draft, a closed offer): the organisation
// that posted it, and callers acting for no organisation that hold `offer:read` (the ministry).
// Every other caller sees published offers only; an offer it may not see reads as missing.
// Posting one is narrower still: only the organisation itself may (see postingOrganisation).
import { AppError, type Viewer } from '@snn/platform';
import { effectiveStatus, type OfferRow } from './data/offers';

/** Undefined: no restriction. Otherwise: published offers, plus those of `ownOrganisation`. */
export type OfferVisibility = { ownOrganisation: string | null } | undefined;

export function offerVisibility(viewer: Viewer): OfferVisibility {
  return viewer.org === null && viewer.scopes.has('offer:read') ? undefined : { ownOrganisation: viewer.org };
}

export function canSeeOffer(viewer: Viewer, offer: OfferRow): boolean {
  const visibility = offerVisibility(viewer);
  return visibility === undefined || effectiveStatus(offer) === 'PUBLISHED' || offer.organisationId === visibility.ownOrganisation;
}

/** Whether the viewer sees every offer of an organisation, whatever its status. */
export function seesAllOffersOf(viewer: Viewer, organisationId: string): boolean {
  const visibility = offerVisibility(viewer);
  return visibility === undefined || visibility.ownOrganisation === organisationId;
}

/**
 * The organisation the viewer may post an offer for: `requested`, when it is the viewer's own.
 * An offer commits its organisation (stipend, seats, tutor), so only that organisation posts it:
 * a caller acting for another one, or for none (a ministry), is FORBIDDEN whatever its scopes.
 * Checked before the input is validated or the database read, so a refusal reveals nothing.
 */
export function postingOrganisation(viewer: Viewer, requested: string): string {
  if (viewer.org === null)
    throw new AppError('FORBIDDEN', 'only a caller acting for an organisation (org in its token) posts internship offers, for that organisation');
  if (requested !== viewer.org) throw new AppError('FORBIDDEN', `a caller acting for ${viewer.org} posts offers for its own organisation only`);
  return viewer.org;
}
