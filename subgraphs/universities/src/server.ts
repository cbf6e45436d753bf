// Builds the universities subgraph (schema, context, seed); never listens. index.ts boots it.
import { subgraphAt } from '@snn/platform';
import { createLoaders, type Context } from './context';
import { resolvers } from './resolvers';
import { seed, seedTables } from './seed';

export const universities = subgraphAt<Context>(import.meta.url, {
  name: 'universities',
  resolvers,
  createLoaders,
  seedTables,
  seed,
});
export default universities;
