// Builds the education subgraph (schema, context, seed); never listens. index.ts boots it.
import { subgraphAt } from '@snn/platform';
import { createLoaders, type Context } from './context';
import { resolvers } from './resolvers';
import { seed, seedTables } from './seed';

export const education = subgraphAt<Context>(import.meta.url, {
  name: 'education',
  resolvers,
  createLoaders,
  seedTables,
  seed,
  // Its outbox: education.service-completed, written by certifyCompletion.
  events: { outbox: true },
});
export default education;
