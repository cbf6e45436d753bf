// A company posts an internship offer: one transaction writes the offer, its skills and the
// idempotency key of the request, or nothing at all. Plain data functions: no GraphQL types here,
// only the federation's error codes (AppError) for what the caller must change.
//
// Idempotency: (organisation, key) → fingerprint of the request + the offer it created. A retry
// with the same key and the same request gets that offer back and writes nothing; the same key
// with another request is a CONFLICT. Two identical requests at once both pass the first lookup,
// then race to insert: the loser hits a unique constraint (the key, or the partner reference), its
// transaction rolls back, and its second lookup finds the winner's offer.
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { AppError, appendAudit, badInput, department, violatedUnique, writeEntry, type Db, type Viewer } from '@snn/platform';
import { announceOffer } from './offerEvents';
import { effectiveStatus } from './offers';
import { checkOfferDates, type NewOffer } from '../validation';
import type { OfferRow, OfferSkillRow } from './offers';

import { internshipOffers, offerIdempotencyKeys, offerSkills, organisations } from './tables';

export interface Poster {
  /** The organisation the offer is posted for: the caller's own (checked by the caller of postOffer). */
  organisationId: string;
  /** The caller: its `sub` is kept with the idempotency key, and the audit row names it. */
  viewer: Viewer;
}

export interface PostedOffer {
  offer: OfferRow;
  /** Nothing was written: a retry of an earlier request, or the same offer posted again under its partner reference. */
  replayed: boolean;
}

const FIELDS_IN_ORDER = [
  'organisationId',
  'hostSiret',
  'partnerReference',
  'title',
  'description',
  'track',
  'requiredSkills',
  'location',
  'remotePolicy',
  'startDate',
  'durationMonths',
  'seats',
  'monthlyStipendCents',
  'expiresOn',
  'howToApply',
  'tutorRole',
  'clearance',
  'publish',
  'nationalRound',
  'reserve',
] as const satisfies ReadonlyArray<keyof NewOffer>;

/** SHA-256 of the canonical request: its fields in a fixed order, skills in code order. */
export function fingerprintOf(offer: NewOffer): string {
  const canonical = JSON.stringify([
    'postInternshipOffer/v1',
    // An offer without a reserve fingerprints as before reserves existed: keys stored then still match.
    ...FIELDS_IN_ORDER.filter((f) => f !== 'reserve' || offer.reserve).map((f) =>
      f === 'requiredSkills'
        ? offer.requiredSkills.map((s) => [s.skillCode, s.level])
        : f === 'reserve'
          ? [offer.reserve?.category, offer.reserve?.seats]
          : offer[f],
    ),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** An offer already stored, as the request that would have created it (a closed offer matches none). */
function asNewOffer(row: OfferRow, skills: OfferSkillRow[]): NewOffer | null {
  return row.status === 'CLOSED' ? null : offerAsInput(row, skills);
}

/** An offer as the input that describes it: what an update starts from. */
export function offerAsInput(row: OfferRow, skills: readonly OfferSkillRow[]): NewOffer {
  return {
    organisationId: row.organisationId,
    hostSiret: row.hostSiret,
    partnerReference: row.partnerReference,
    title: row.title,
    description: row.description,
    track: row.track,
    requiredSkills: skills
      .map((s) => ({ skillCode: s.skillCode, level: s.level }))
      .sort((a, b) => (a.skillCode < b.skillCode ? -1 : a.skillCode > b.skillCode ? 1 : 0)),
    location: row.departmentCode,
    remotePolicy: row.remotePolicy,
    startDate: row.startDate,
    durationMonths: row.durationMonths,
    seats: row.seats,
    monthlyStipendCents: row.monthlyStipendCents,
    expiresOn: row.expiresOn,
    howToApply: row.howToApply,
    tutorRole: row.tutorRole,
    clearance: row.clearance,
    publish: row.status === 'PUBLISHED',
    nationalRound: row.nationalRound,
    reserve: row.reserveCategory ? { category: row.reserveCategory, seats: row.reservedSeats } : null,
  };
}

/** A unique constraint that a concurrent identical request can make this one hit. */
function isRaceOnUniqueKey(err: unknown): boolean {
  const constraint = violatedUnique(err);
  return constraint === 'offer_idempotency_keys_pkey' || constraint === 'internship_offers_partner_reference_key';
}

async function offerById(db: Db, id: string): Promise<OfferRow> {
  const [offer] = await db.select().from(internshipOffers).where(eq(internshipOffers.id, id));
  if (!offer) throw new Error('an idempotency key points to no offer');
  return offer;
}

type Decision = { done: PostedOffer } | { insert: true };

/** What the database already holds for this request: its key, or an offer under its partner reference. */
async function lookUp(db: Db, poster: Poster, offer: NewOffer, key: string, fingerprint: string): Promise<Decision> {
  const [known] = await db
    .select()
    .from(offerIdempotencyKeys)
    .where(and(eq(offerIdempotencyKeys.organisationId, poster.organisationId), eq(offerIdempotencyKeys.idempotencyKey, key)));
  if (known) {
    if (known.requestFingerprint !== fingerprint) {
      throw new AppError(
        'CONFLICT',
        'idempotencyKey was already used for a different request by this organisation: send the same input to retry it, or a new key for a new offer',
        { field: 'idempotencyKey' },
      );
    }
    return { done: { offer: await offerById(db, known.offerId), replayed: true } };
  }
  const [existing] = await db
    .select()
    .from(internshipOffers)
    .where(and(eq(internshipOffers.organisationId, poster.organisationId), eq(internshipOffers.partnerReference, offer.partnerReference)));
  if (existing) {
    const skills = await db.select().from(offerSkills).where(eq(offerSkills.offerId, existing.id));
    const same = asNewOffer(existing, skills);
    if (same === null || fingerprintOf(same) !== fingerprint) {
      throw new AppError(
        'CONFLICT',
        `input.partnerReference "${offer.partnerReference}" is already used by another offer of this organisation (different content, or closed): choose a new reference`,
        { field: 'input.partnerReference', offerId: existing.id },
      );
    }
    // The same offer, posted again under a new key: remember the key, write nothing else.
    await db.insert(offerIdempotencyKeys).values({
      organisationId: poster.organisationId,
      idempotencyKey: key,
      requestFingerprint: fingerprint,
      offerId: existing.id,
      requestedBy: poster.viewer.sub,
    });
    return { done: { offer: existing, replayed: true } };
  }
  const duplicate = await openDuplicateOf(db, poster.organisationId, offer);
  if (duplicate) {
    throw new AppError(
      'CONFLICT',
      `an open offer of this organisation already has this host, title, start and location (${duplicate}): update it rather than post it twice`,
      { reason: 'DUPLICATE_OFFER', offerId: duplicate },
    );
  }
  return { insert: true };
}

/** An open offer (draft, or published and not expired) that `offer` would double. */
async function openDuplicateOf(db: Db, organisationId: string, offer: NewOffer): Promise<string | null> {
  const [same] = await db
    .select({ id: internshipOffers.id, status: internshipOffers.status, expiresOn: internshipOffers.expiresOn })
    .from(internshipOffers)
    .where(
      and(
        eq(internshipOffers.organisationId, organisationId),
        eq(internshipOffers.hostSiret, offer.hostSiret),
        eq(internshipOffers.startDate, offer.startDate),
        eq(internshipOffers.departmentCode, offer.location),
        sql`lower(${internshipOffers.title}) = lower(${offer.title})`,
        ne(internshipOffers.status, 'CLOSED'),
        // Under its own reference it is this request's twin, committed since the lookup: the insert's
        // unique constraint sends this request back to the lookup, which replays it.
        ne(internshipOffers.partnerReference, offer.partnerReference),
      ),
    )
    .limit(1);
  return same && effectiveStatus(same) !== 'CLOSED' ? same.id : null;
}

async function insertOffer(db: Db, poster: Poster, offer: NewOffer, key: string, fingerprint: string): Promise<OfferRow> {
  const place = department(offer.location);
  if (!place?.regionCode) throw badInput(`input.location: "${offer.location}" is not an INSEE département code`, 'input.location');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(internshipOffers)
      .values({
        id: randomUUID(),
        organisationId: poster.organisationId,
        hostSiret: offer.hostSiret,
        partnerReference: offer.partnerReference,
        title: offer.title,
        description: offer.description,
        track: offer.track,
        departmentCode: place.code,
        regionCode: place.regionCode as string,
        remotePolicy: offer.remotePolicy,
        startDate: offer.startDate,
        durationMonths: offer.durationMonths,
        seats: offer.seats,
        monthlyStipendCents: offer.monthlyStipendCents,
        expiresOn: offer.expiresOn,
        howToApply: offer.howToApply,
        tutorRole: offer.tutorRole,
        clearance: offer.clearance,
        status: offer.publish ? 'PUBLISHED' : 'DRAFT',
        publishedAt: offer.publish ? new Date() : null,
        nationalRound: offer.nationalRound,
        reservedSeats: offer.reserve?.seats ?? 0,
        reserveCategory: offer.reserve?.category ?? null,
      })
      .returning();
    const created = row as OfferRow;
    if (created.status === 'PUBLISHED') await announceOffer(tx, created);
    await appendAudit(tx, poster.viewer, [writeEntry('postInternshipOffer', ['offer:write'], [created.id])]);
    await tx.insert(offerSkills).values(offer.requiredSkills.map((s) => ({ offerId: created.id, skillCode: s.skillCode, level: s.level })));
    await tx.insert(offerIdempotencyKeys).values({
      organisationId: poster.organisationId,
      idempotencyKey: key,
      requestFingerprint: fingerprint,
      offerId: created.id,
      requestedBy: poster.viewer.sub,
    });
    return created;
  });
}

/**
 * Each lost race leaves the database further decided: once the offer exists, a second attempt can
 * only lose the race for the key of a replay; a third finds the key. One more for margin.
 */
const MAX_ATTEMPTS = 4;

/**
 * Posts `offer` for `poster.organisationId` under the request's idempotency `key`. Throws
 * BAD_USER_INPUT (unknown organisation, dates relative to `today`) and CONFLICT (key reused for
 * another request, partner reference taken by another offer).
 */
export async function postOffer(db: Db, poster: Poster, offer: NewOffer, key: string, options: { today: string }): Promise<PostedOffer> {
  if (offer.organisationId !== poster.organisationId) throw new AppError('FORBIDDEN', 'an offer is posted by its own organisation only');
  const fingerprint = fingerprintOf(offer);
  for (let attempt = 1; ; attempt++) {
    try {
      const decision = await lookUp(db, poster, offer, key, fingerprint);
      if ('done' in decision) return decision.done;
      // A new offer: the checks that a replay skips (it was valid when first posted).
      const [organisation] = await db.select({ siren: organisations.siren }).from(organisations).where(eq(organisations.siren, poster.organisationId));
      if (!organisation) throw badInput(`input.organisationId: no organisation has the SIREN ${poster.organisationId}`, 'input.organisationId');
      checkOfferDates(offer, options.today);
      return { offer: await insertOffer(db, poster, offer, key, fingerprint), replayed: false };
    } catch (err) {
      // Another request with this key or this partner reference committed first: look again.
      if (attempt < MAX_ATTEMPTS && isRaceOnUniqueKey(err)) continue;
      throw err;
    }
  }
}
