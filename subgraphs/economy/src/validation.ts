// Input checks of this subgraph, beside platform's requireUuid: SIREN input, silent checks for
// `_entities` (an unknown or malformed key resolves to null instead of an error), and the offer a
// company posts. Every failure is BAD_USER_INPUT with `extensions.field` naming the input.
import { addDays, badInput, department, luhnValid, requireDay, requireInt, requireSkillLevels, requireText } from '@snn/platform';
import type { OfferRow } from './data/offers';
import { GRATIFICATION_FREE_MONTHS, isLawfulStipend, MIN_MONTHLY_GRATIFICATION_CENTS } from './data/gratification';

const SIREN = /^\d{9}$/;

/** An offer to post, checked and normalised (parseOfferInput below). */
export interface NewOffer {
  organisationId: string;
  hostSiret: string;
  partnerReference: string;
  title: string;
  description: string;
  track: OfferRow['track'];
  /** In skill-code order. */
  requiredSkills: Array<{ skillCode: string; level: number }>;
  /** INSEE code of a département. */
  location: string;
  remotePolicy: OfferRow['remotePolicy'];
  startDate: string;
  durationMonths: number;
  seats: number;
  monthlyStipendCents: number;
  expiresOn: string;
  howToApply: string;
  tutorRole: string;
  clearance: OfferRow['clearance'];
  /** Published at once, or kept as a draft. */
  publish: boolean;
  /** Placed by the national round, not recruited by the company. */
  nationalRound: boolean;
  /** Seats of a national-round offer kept for one category of candidates. */
  reserve: SeatReserve | null;
}

export interface SeatReserve {
  category: NonNullable<OfferRow['reserveCategory']>;
  seats: number;
}

export const isSiren = (id: string): boolean => SIREN.test(id);

export function requireSiren(id: string, field = 'id'): string {
  if (!isSiren(id)) throw badInput(`${field} must be a SIREN: 9 digits, e.g. "552081317"`, field);
  return id;
}

/** La Poste's establishments are numbered past what a Luhn digit allows: INSEE checks their digit sum modulo 5 instead. */
const LA_POSTE_SIREN = '356000000';

/** A SIRET: 14 digits with a valid check digit (Luhn; digit sum divisible by 5 for La Poste). */
export function isSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== `${LA_POSTE_SIREN}00048`) {
    return [...siret].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
  }
  return luhnValid(siret);
}

/** Limits of an offer's input; the SDL documents the same figures. */
export const OFFER_LIMITS = {
  partnerReference: 100,
  title: 200,
  description: 10_000,
  howToApply: 2_000,
  tutorRole: 200,
  skills: { min: 1, max: 20 },
  durationMonths: { min: 1, max: 12 },
  seats: { min: 1, max: 100 },
  monthlyStipendCents: { min: 0, max: 1_000_000 },
  /** How far ahead an internship may start. */
  horizonDays: 2 * 366,
} as const;

/** Visible ASCII, no spaces: what partners' own ids are made of. */
const VISIBLE_ASCII = /^[!-~]+$/;

/** The offer as the mutation receives it: enums already checked by GraphQL, dates as graphql-scalars' Date (or ISO strings). */
export interface OfferInput {
  organisationId: string;
  hostSiret: string;
  partnerReference: string;
  title: string;
  description: string;
  track: NewOffer['track'];
  requiredSkills: ReadonlyArray<{ skillCode: string; level: number }>;
  location: string;
  remotePolicy: NewOffer['remotePolicy'];
  startDate: Date | string;
  durationMonths: number;
  seats: number;
  monthlyStipendCents: number;
  expiresOn: Date | string;
  howToApply: string;
  tutorRole: string;
  clearance: NewOffer['clearance'];
  publish?: boolean | null;
  nationalRound?: boolean | null;
  reserve?: SeatReserve | null;
}

/**
 * Checks everything about an offer that does not depend on the day or the database, and returns
 * it normalised (text trimmed, skills in code order): the form its fingerprint is taken of.
 */
export function parseOfferInput(input: OfferInput): NewOffer {
  const organisationId = requireSiren(input.organisationId, 'input.organisationId');
  const hostSiret = input.hostSiret.trim();
  if (!/^\d{14}$/.test(hostSiret)) throw badInput('input.hostSiret must be a SIRET: 14 digits', 'input.hostSiret');
  if (!hostSiret.startsWith(organisationId)) {
    throw badInput(`input.hostSiret must be an establishment of the organisation: a SIRET starting with its SIREN ${organisationId}`, 'input.hostSiret');
  }
  if (!isSiret(hostSiret)) throw badInput('input.hostSiret is not a valid SIRET: its check digit is wrong', 'input.hostSiret');

  const partnerReference = input.partnerReference.trim();
  if (partnerReference.length === 0 || partnerReference.length > OFFER_LIMITS.partnerReference || !VISIBLE_ASCII.test(partnerReference)) {
    throw badInput(`input.partnerReference must be 1–${OFFER_LIMITS.partnerReference} visible ASCII characters without spaces`, 'input.partnerReference');
  }
  const title = requireText(input.title, 'input.title', OFFER_LIMITS.title);
  const description = requireText(input.description, 'input.description', OFFER_LIMITS.description, true);

  const requiredSkills = requireSkillLevels(input.requiredSkills, 'input.requiredSkills', OFFER_LIMITS.skills);

  const location = input.location.trim();
  if (!department(location)) {
    throw badInput(
      `input.location: "${input.location}" is not an INSEE département code (e.g. "75", "2A", "971"); an offer takes place in one département`,
      'input.location',
    );
  }
  const startDate = requireDay(input.startDate, 'input.startDate');
  const durationMonths = requireInt(input.durationMonths, 'input.durationMonths', OFFER_LIMITS.durationMonths);
  const seats = requireInt(input.seats, 'input.seats', OFFER_LIMITS.seats);
  const monthlyStipendCents = requireInt(input.monthlyStipendCents, 'input.monthlyStipendCents', OFFER_LIMITS.monthlyStipendCents);
  if (!isLawfulStipend(durationMonths, monthlyStipendCents)) {
    throw badInput(
      `input.monthlyStipendCents: an internship of over ${GRATIFICATION_FREE_MONTHS} months pays at least the legal minimum gratification, ${MIN_MONTHLY_GRATIFICATION_CENTS} cents a month`,
      'input.monthlyStipendCents',
    );
  }
  const expiresOn = requireDay(input.expiresOn, 'input.expiresOn');
  if (expiresOn > startDate) throw badInput('input.expiresOn, the last day to apply, must not be after input.startDate', 'input.expiresOn');
  const howToApply = requireText(input.howToApply, 'input.howToApply', OFFER_LIMITS.howToApply, true);
  const tutorRole = requireText(input.tutorRole, 'input.tutorRole', OFFER_LIMITS.tutorRole);
  const nationalRound = input.nationalRound ?? false;
  const reserve = input.reserve ?? null;
  if (reserve) {
    if (!nationalRound) throw badInput('input.reserve: only an offer of the national round reserves seats', 'input.reserve');
    requireInt(reserve.seats, 'input.reserve.seats', { min: 1, max: seats });
  }

  return {
    organisationId,
    hostSiret,
    partnerReference,
    title,
    description,
    track: input.track,
    requiredSkills,
    location,
    remotePolicy: input.remotePolicy,
    startDate,
    durationMonths,
    seats,
    monthlyStipendCents,
    expiresOn,
    howToApply,
    tutorRole,
    clearance: input.clearance,
    publish: input.publish ?? false,
    nationalRound,
    reserve: reserve ? { category: reserve.category, seats: reserve.seats } : null,
  };
}

/** The checks that depend on the day: a new offer starts neither in the past nor too far ahead, and is still open to applications. */
export function checkOfferDates(offer: Pick<NewOffer, 'startDate' | 'expiresOn'>, today: string): void {
  if (offer.startDate < today) throw badInput(`input.startDate must not be in the past (today is ${today})`, 'input.startDate');
  const horizon = addDays(today, OFFER_LIMITS.horizonDays);
  if (offer.startDate > horizon) throw badInput(`input.startDate must be at most two years ahead (by ${horizon})`, 'input.startDate');
  if (offer.expiresOn < today) throw badInput(`input.expiresOn must not be in the past (today is ${today})`, 'input.expiresOn');
}
