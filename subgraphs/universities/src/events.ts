// What universities consume from the other owners' events (platform/src/events/contracts.ts), and
// its outbox: universities.credits-changed, written by publishCredits and reviseCreditAward.
import type { EventsSpec } from '@snn/platform';
import { ENROLMENT_CONSUMER, recordEnrolment } from './data/enrolments';

export const events: EventsSpec = {
  outbox: true,
  consumers: [{ name: ENROLMENT_CONSUMER, handlers: { 'education.citizen-enrolled': recordEnrolment } }],
};
