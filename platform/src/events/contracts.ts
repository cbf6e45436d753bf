// The events owners publish to each other: one versioned contract per type, in one place, so the
// publisher and every consumer check the same shape. Ids and codes only, never a personal value.
import { z } from 'zod';

const uuid = z.guid();
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const track = z.enum(['CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE']);

export const EVENT_CONTRACTS = {
  /** Education enrolled a citizen in a cohort: universities award credits only to enrolled citizens, not before this day. */
  'education.citizen-enrolled': {
    version: 1,
    aggregate: 'enrollment',
    payload: z.strictObject({ citizenId: uuid, enrollmentId: uuid, cohortId: uuid, track, enrolledOn: isoDay }),
  },
  /** Education certified a citizen's service: the reserve invitation and university credits rely on it. */
  'education.service-completed': {
    version: 1,
    aggregate: 'enrollment',
    payload: z.strictObject({
      citizenId: uuid,
      enrollmentId: uuid,
      cohortId: uuid,
      track,
      completedOn: isoDay,
    }),
  },
  /**
   * What the placement round needs to know of an enrolled citizen, as education knows it now:
   * sent at enrolment and again whenever an assessment changes the skills reached. The latest
   * wins. Territory codes, flags and skill levels only: no name, no birth date.
   */
  'education.placement-profile-changed': {
    version: 1,
    aggregate: 'enrollment',
    payload: z.strictObject({
      citizenId: uuid,
      enrollmentId: uuid,
      cohortId: uuid,
      track,
      departmentCode: z.string().regex(/^(\d{2,3}|2[AB])$/),
      regionCode: z.string().regex(/^\d{2}$/),
      /** No diploma above CAP/BEP: the non-graduate reserve of an offer's seats. */
      nonGraduate: z.boolean(),
      /** Lives in a priority neighbourhood of city policy (QPV): the other reserve. */
      priorityNeighbourhood: z.boolean(),
      /** The days an internship may start: after the training phase, before the service ends. */
      internshipFrom: isoDay,
      internshipUntil: isoDay,
      skills: z.array(z.strictObject({ code: z.string().min(1).max(60), level: z.number().int().min(1).max(8) })).max(200),
    }),
  },
  /**
   * A university's credit awards changed: published, revised or revoked. The state after the
   * change, per award, so a consumer keeps the latest and never sums deltas; at most 500 awards
   * per event (a batch of 10,000 is 20 events, each under NATS's 1 MB message limit).
   */
  'universities.credits-changed': {
    version: 1,
    aggregate: 'university',
    payload: z.strictObject({
      universityId: z.string().regex(/^\d{7}[A-Z]$/),
      awards: z
        .array(
          z.strictObject({
            awardId: uuid,
            citizenId: uuid,
            moduleCode: z.string().min(1).max(40),
            ectsCredits: z.number().int().min(1).max(30),
            status: z.enum(['PROVISIONAL', 'FINAL', 'REVOKED']),
            awardedOn: isoDay,
          }),
        )
        .min(1)
        .max(500),
    }),
  },
  /**
   * An offer was published, changed while published, or closed by its organisation: the state
   * after the change. An offer past `expiresOn` reads CLOSED with no event: consumers compare the day.
   */
  'economy.offer-changed': {
    version: 1,
    aggregate: 'internship-offer',
    payload: z.strictObject({
      offerId: uuid,
      organisationId: z.string().regex(/^\d{9}$/),
      status: z.enum(['PUBLISHED', 'CLOSED']),
      track,
      departmentCode: z.string().regex(/^(\d{2,3}|2[AB])$/),
      seats: z.number().int().min(1),
      startDate: isoDay,
      expiresOn: isoDay,
      nationalRound: z.boolean(),
    }),
  },
  /**
   * The armed forces granted, changed or withdrew a citizen's security clearance (habilitation):
   * the state after the change. The placement round keeps offers that need one for the cleared.
   */
  'armed-forces.clearance-changed': {
    version: 1,
    aggregate: 'citizen',
    payload: z.strictObject({
      citizenId: uuid,
      clearance: z.enum(['NONE', 'SECRET', 'TRES_SECRET']),
      /** The last day it holds; null for NONE. */
      validUntil: isoDay.nullable(),
    }),
  },
  /**
   * A placement round was published: its placements, at most 500 per event (a national round of
   * 800,000 is 1,600 events). Military hosts and cohorts learn who comes where and when.
   */
  'economy.placements-published': {
    version: 1,
    aggregate: 'placement-round',
    payload: z.strictObject({
      roundId: uuid,
      intake: z.string().regex(/^\d{4}-\d{2}$/),
      placements: z
        .array(
          z.strictObject({
            placementId: uuid,
            citizenId: uuid,
            offerId: uuid,
            organisationId: z.string().regex(/^\d{9}$/),
            hostSiret: z.string().regex(/^\d{14}$/),
            startDate: isoDay,
            endDate: isoDay,
          }),
        )
        .min(1)
        .max(500),
    }),
  },
} as const;

export type EventType = keyof typeof EVENT_CONTRACTS;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_CONTRACTS)[T]['payload']>;
