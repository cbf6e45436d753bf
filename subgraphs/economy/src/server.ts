// Builds the economy subgraph (schema, context, seed); never listens. index.ts boots it.
import { subgraphAt } from '@snn/platform';
import { createLoaders, type Context } from './context';
import { events } from './events';
import { failInterruptedRounds } from './placement/rounds';
import { resolvers } from './resolvers';
import { seed, seedTables } from './seed';

export const economy = subgraphAt<Context>(import.meta.url, {
  name: 'economy',
  resolvers,
  createLoaders,
  seedTables,
  seed,
  events,
  // Rounds run in the process that accepted them: one stopped midway is failed, not left running.
  onStart: async (db) => void (await failInterruptedRounds(db)),
});
export default economy;
