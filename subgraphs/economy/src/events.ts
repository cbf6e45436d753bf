// What economy consumes from the other owners' events (platform/src/events/contracts.ts), and its
// outbox: economy.offer-changed, written when an offer is published, changed or closed.
import type { EventsSpec } from '@snn/platform';
import { ENROLMENT_CONSUMER, recordEnrolment } from './data/enrolments';

export const events: EventsSpec = {
  outbox: true,
  consumers: [{ name: ENROLMENT_CONSUMER, handlers: { 'education.citizen-enrolled': recordEnrolment } }],
};
