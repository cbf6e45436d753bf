// Builds the economy subgraph (schema, context, seed); never listens. index.ts boots it.
import { subgraphAt } from '@snn/platform';
import { createLoaders, type Context } from './context';
import { events } from './events';
import { resolvers } from './resolvers';
import { seed, seedTables } from './seed';

export const economy = subgraphAt<Context>(import.meta.url, {
  name: 'economy',
  resolvers,
  createLoaders,
  seedTables,
  seed,
  events,
});
export default economy;
