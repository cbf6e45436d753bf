// Builds the education subgraph (schema, context, seed); never listens. index.ts boots it.
import { subgraphAt } from '@snn/platform';
import { createLoaders, type Context } from './context';
import { CREDITS_CONSUMER, recordCredits } from './data/serviceCredits';
import { PLACEMENTS_CONSUMER, recordPlacements } from './data/servicePlacements';
import { resolvers } from './resolvers';
import { seed, seedTables } from './seed';

export const education = subgraphAt<Context>(import.meta.url, {
  name: 'education',
  resolvers,
  createLoaders,
  seedTables,
  seed,
  // Its outbox (education.citizen-enrolled, education.placement-profile-changed, education.service-completed) and what it consumes.
  events: {
    outbox: true,
    consumers: [
      { name: CREDITS_CONSUMER, handlers: { 'universities.credits-changed': recordCredits } },
      { name: PLACEMENTS_CONSUMER, handlers: { 'economy.placements-published': recordPlacements } },
    ],
  },
});
export default education;
