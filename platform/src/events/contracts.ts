// The events owners publish to each other: one versioned contract per type, in one place, so the
// publisher and every consumer check the same shape. Ids and codes only, never a personal value.
import { z } from 'zod';

const uuid = z.guid();
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const EVENT_CONTRACTS = {
  /** Education certified a citizen's service: the reserve invitation and university credits rely on it. */
  'education.service-completed': {
    version: 1,
    aggregate: 'enrollment',
    payload: z.strictObject({
      citizenId: uuid,
      enrollmentId: uuid,
      cohortId: uuid,
      track: z.enum(['CYBERSECURITY', 'PROGRAMMING', 'AI', 'CRITICAL_INFRASTRUCTURE']),
      completedOn: isoDay,
    }),
  },
} as const;

export type EventType = keyof typeof EVENT_CONTRACTS;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_CONTRACTS)[T]['payload']>;
