// What economy consumes from the other owners' events (platform/src/events/contracts.ts), and its
// outbox: economy.offer-changed (an offer published, changed or closed) and economy.placements-published.
import type { EventsSpec } from '@snn/platform';
import { CANDIDATE_CONSUMER, recordProfile } from './data/candidates';
import { CLEARANCE_CONSUMER, recordClearance } from './data/clearances';
import { ENROLMENT_CONSUMER, recordEnrolment } from './data/enrolments';

export const events: EventsSpec = {
  outbox: true,
  consumers: [
    { name: ENROLMENT_CONSUMER, handlers: { 'education.citizen-enrolled': recordEnrolment } },
    { name: CANDIDATE_CONSUMER, handlers: { 'education.placement-profile-changed': recordProfile } },
    { name: CLEARANCE_CONSUMER, handlers: { 'armed-forces.clearance-changed': recordClearance } },
  ],
};
