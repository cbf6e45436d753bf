// Builds the universities subgraph (schema, context, seed); never listens. index.ts boots it.
import { subgraphAt } from '@snn/platform';
import { createLoaders, type Context } from './context';
import { jwksOf } from './data/credentials';
import { events } from './events';
import { resolvers } from './resolvers';
import { seed, seedTables } from './seed';

export const universities = subgraphAt<Context>(import.meta.url, {
  name: 'universities',
  resolvers,
  createLoaders,
  seedTables,
  seed,
  events,
  // Public: anyone checks a credential's signature offline against the university's keys.
  routes: (db) => [
    {
      path: /^\/universities\/([^/]+)\/jwks\.json$/,
      handle: async (uai) => {
        const jwks = await jwksOf(db, uai.toUpperCase());
        return jwks
          ? { status: 200, body: jwks, headers: { 'cache-control': 'public, max-age=300' } }
          : { status: 404, body: { error: `no partner university has the UAI ${uai}` } };
      },
    },
  ],
});
export default universities;
