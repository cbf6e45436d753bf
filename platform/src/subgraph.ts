// Everything a subgraph service shares: open its own database, migrate, seed on first start,
// build the federated schema from its SDL file, and serve it with health probes.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';
import { databaseTargetOf, hostOf, portOf, type SubgraphName } from './config';
import { openDatabase, type Database, type DatabaseOptions } from './db';
import type { Universe } from './demo/universe';
import { formatError } from './errors';
import { serveHttp } from './http';
import { loggerFor, type Logger } from './logger';
import { scalarResolvers } from './scalars';
import { ensureSeeded, type SeedRequest } from './seeding';

export interface SubgraphDefinition<TSchema extends Record<string, unknown>, TContext extends BaseContext> {
  name: SubgraphName;
  /** Path of the subgraph's schema.graphql: the one place its types are declared. */
  schemaFile: string;
  resolvers: GraphQLResolverMap<TContext>;
  tables: TSchema;
  migrationsFolder: string;
  createContext: (database: Database<TSchema>, req: IncomingMessage) => TContext;
  /** Tables emptied before a (re)seed, children included by cascade. */
  seedTables: string[];
  seed: (database: Database<TSchema>, universe: Universe) => Promise<void>;
}

export function buildSchemaOf(def: { schemaFile: string; resolvers: GraphQLResolverMap<never> }): GraphQLSchema {
  const typeDefs = parse(readFileSync(def.schemaFile, 'utf8'));
  return buildSubgraphSchema([{ typeDefs, resolvers: { ...scalarResolvers, ...def.resolvers } as GraphQLResolverMap<unknown> }]);
}

export interface StartOptions {
  /** An already opened database (tests clone one); otherwise the configured one is opened. */
  database?: Database<Record<string, unknown>>;
  databaseOptions?: DatabaseOptions;
  port?: number;
  host?: string;
  /** Seed demo data when the database holds none; false skips seeding. */
  seed?: SeedRequest | false;
}

export interface RunningSubgraph<TSchema extends Record<string, unknown>> {
  name: SubgraphName;
  url: string;
  port: number;
  database: Database<TSchema>;
  log: Logger;
  stop(): Promise<void>;
}

export async function prepareDatabase<TSchema extends Record<string, unknown>, TContext extends BaseContext>(
  def: SubgraphDefinition<TSchema, TContext>,
  options: Pick<StartOptions, 'database' | 'databaseOptions' | 'seed'> & { forceSeed?: boolean },
): Promise<Database<TSchema>> {
  const log = loggerFor(def.name);
  const database = (options.database as Database<TSchema> | undefined) ??
    (await openDatabase(options.databaseOptions ?? databaseTargetOf(def.name), def.tables));
  await database.migrate(def.migrationsFolder);
  if (options.seed) {
    await ensureSeeded(database as Database<Record<string, unknown>>, options.seed, def.seedTables,
      (universe) => def.seed(database, universe), log, { force: options.forceSeed });
  }
  return database;
}

export async function startSubgraph<TSchema extends Record<string, unknown>, TContext extends BaseContext>(
  def: SubgraphDefinition<TSchema, TContext>,
  options: StartOptions = {},
): Promise<RunningSubgraph<TSchema>> {
  const log = loggerFor(def.name);
  const database = await prepareDatabase(def, options);
  const apollo = new ApolloServer<TContext>({
    schema: buildSchemaOf(def as never),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
  });
  await apollo.start();
  const http = await serveHttp<TContext>({
    apollo,
    context: async (req) => def.createContext(database, req),
    ready: () => database.ping(),
    port: options.port ?? portOf(def.name),
    host: options.host ?? hostOf(),
    log,
  });
  log.info({ url: http.url }, 'subgraph ready');
  return {
    name: def.name,
    url: http.url,
    port: http.port,
    database,
    log,
    stop: async () => {
      await http.close();
      await apollo.stop();
      if (!options.database) await database.close();
    },
  };
}
