// What armed-forces consumes from the other owners' events (platform/src/events/contracts.ts).
import type { EventsSpec } from '@snn/platform';
import { inviteToReserve, RESERVE_CONSUMER } from './data/invitations';

export const events: EventsSpec = {
  outbox: true,
  consumers: [{ name: RESERVE_CONSUMER, handlers: { 'education.service-completed': inviteToReserve } }],
};
