// Builds the education subgraph (schema, context, seed); never listens. index.ts boots it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@snn/platform';
import { createLoaders, type Context } from './context';
import { resolvers } from './resolvers';
import { seed, seedTables } from './seed';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const education: SubgraphDefinition<Context> = {
  name: 'education',
  schemaFile: path.join(root, 'schema.graphql'),
  migrationsFolder: path.join(root, 'migrations'),
  resolvers: resolvers as never,
  createLoaders,
  seedTables,
  seed,
};
export default education;
