// Everything a subgraph service shares: open its own database, migrate, seed on first start,
// build the federated schema from its SDL file, and serve it with health probes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';
import { databaseTargetOf, hostOf, loadConfig, loadConfigOrExit, portOf, type SubgraphName } from './config';
import { AuditTrail, ensureAuditLog } from './audit';
import { authConfigFromEnv, NO_AUTH_FOR_BENCHMARK, type AuthSetting } from './auth/config';
import { enforceScopes } from './auth/scopes';
import { verifierFor } from './auth/verify';
import type { Viewer } from './auth/viewer';
import { openDatabase, type Database, type DatabaseOptions, type Db } from './db';
import type { Universe } from './demo/universe';
import { formatError } from './errors';
import { EventsRuntime, type BusTarget, type EventsSpec } from './events/runtime';
import { compilingExecutor, executorKindFromEnv, type ExecutorKind } from './executor';
import { serveHttp, type HttpRoute } from './http';
import { listSizesOf, OperationLimiter } from './limits';
import { BatchWaves } from './loaders';
import { loggerFor, type Logger } from './logger';
import { scalarResolvers } from './scalars';
import { ensureSeeded, type SeedRequest } from './seeding';

/** What every subgraph resolver receives. */
export interface SubgraphContext<TLoaders> {
  db: Db;
  viewer: Viewer;
  loaders: TLoaders;
  /** Reads of personal data in this request, appended to the audit log before the answer leaves. */
  audit: AuditTrail;
}

// TContext names the context the subgraph's resolvers receive; their types are generated per subgraph.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export interface SubgraphDefinition<TContext extends BaseContext> {
  name: SubgraphName;
  /** Path of the subgraph's schema.graphql: the one place its types are declared. */
  schemaFile: string;
  /** Checked against schema.graphql by each subgraph's generated `Resolvers` type (pnpm codegen). */
  resolvers: object;
  migrationsFolder: string;
  /** Fresh DataLoaders for one request, so batching and caching never leak between callers. */
  createLoaders: (db: Db) => unknown;
  /** Tables emptied before a (re)seed, children included by cascade. */
  seedTables: string[];
  seed: (database: Database, universe: Universe) => Promise<void>;
  /** Its outbox relay and event consumers, when it has any. */
  events?: EventsSpec;
  /** Public GET routes beside /graphql, served from its database. */
  routes?: (db: Db) => HttpRoute[];
  /** Run once the database is ready, before the service listens: e.g. settle work a stopped process left half done. */
  onStart?: (db: Db, log: Logger) => Promise<void>;
}

/**
 * A subgraph's definition from its src/server.ts (`moduleUrl`: that file's import.meta.url): its
 * schema.graphql and migrations/ are found beside src/, where every subgraph keeps them.
 */
export function subgraphAt<TContext extends BaseContext>(
  moduleUrl: string,
  def: Omit<SubgraphDefinition<TContext>, 'schemaFile' | 'migrationsFolder'>,
): SubgraphDefinition<TContext> {
  const root = path.resolve(path.dirname(fileURLToPath(moduleUrl)), '..');
  return { ...def, schemaFile: path.join(root, 'schema.graphql'), migrationsFolder: path.join(root, 'migrations') };
}

export function buildSchemaOf(def: { schemaFile: string; resolvers: object }, scopes = true): GraphQLSchema {
  const typeDefs = parse(readFileSync(def.schemaFile, 'utf8'));
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: { ...scalarResolvers, ...def.resolvers } as GraphQLResolverMap<unknown> }]);
  return scopes ? enforceScopes(schema) : schema;
}

/**
 * Writes the request's audit entries before the response is sent. Fails closed: when the audit
 * log cannot be written, the personal data read is withheld and the caller gets SERVICE_UNAVAILABLE.
 */
function auditPlugin(db: Db, log: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const { audit } = contextValue as SubgraphContext<unknown>;
          if (!audit?.pending) return;
          try {
            await audit.flush(db);
          } catch (err) {
            log.error({ err: (err as Error).message }, 'audit log write failed: response withheld');
            if (response.body.kind === 'single') {
              response.body.singleResult.data = null;
              response.body.singleResult.errors = [{ message: 'The audit log is unavailable; retry later', extensions: { code: 'SERVICE_UNAVAILABLE' } }];
            }
          }
        },
      };
    },
  };
}

export interface StartOptions {
  /** An already opened database (tests clone one); otherwise the configured one is opened. */
  database?: Database;
  databaseOptions?: DatabaseOptions;
  port?: number;
  host?: string;
  /** Seed demo data when the database holds none; false skips seeding. */
  seed?: SeedRequest | false;
  /** Token issuer, audience and keys; defaults to the environment (see auth/config.ts). */
  auth?: AuthSetting;
  /** How operations run (executor.ts); defaults to SNN_EXECUTOR, else compiled. */
  executor?: ExecutorKind;
  /** The event bus; defaults to SNN_NATS_URL and SNN_EVENTS_NAMESPACE (off under vitest); false: none. */
  events?: BusTarget | false;
}

export interface RunningSubgraph {
  name: SubgraphName;
  /** Its side of the event bus, when it has one and the bus is on. */
  events?: EventsRuntime;
  url: string;
  port: number;
  database: Database;
  log: Logger;
  stop(): Promise<void>;
}

export async function prepareDatabase<TContext extends BaseContext>(
  def: SubgraphDefinition<TContext>,
  options: Pick<StartOptions, 'database' | 'databaseOptions' | 'seed'> & { forceSeed?: boolean },
): Promise<Database> {
  const log = loggerFor(def.name);
  const database = options.database ?? (await openDatabase(options.databaseOptions ?? databaseTargetOf(def.name)));
  await database.migrate(def.migrationsFolder);
  await ensureAuditLog(database.db);
  if (options.seed) {
    await ensureSeeded(database, options.seed, def.seedTables, (universe) => def.seed(database, universe), log, { force: options.forceSeed });
  }
  return database;
}

export async function startSubgraph<TContext extends BaseContext>(def: SubgraphDefinition<TContext>, options: StartOptions = {}): Promise<RunningSubgraph> {
  const log = loggerFor(def.name);
  const database = await prepareDatabase(def, options);
  await def.onStart?.(database.db, log);
  const auth = options.auth ?? authConfigFromEnv();
  const schema = buildSchemaOf(def as never, auth !== NO_AUTH_FOR_BENCHMARK);
  const apollo = new ApolloServer<TContext>({
    // Compiled operations by default (executor.ts); plain Apollo Server with graphql-js otherwise.
    ...((options.executor ?? executorKindFromEnv()) === 'compiled' ? { gateway: compilingExecutor(schema) } : { schema }),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // The process's own signal handlers stop every server in order (stopOnSignal).
    stopOnTerminationSignals: false,
    // Inline traces are for Apollo GraphOS, which this federation does not report to. Cache hints
    // are off: personal data is never cacheable, and the hint plugin wraps every field resolver.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), auditPlugin(database.db, log)],
  });
  await apollo.start();
  const { limits, events: configuredBus } = loadConfig();
  const bus = options.events ?? configuredBus;
  const events = def.events && bus ? new EventsRuntime(database.db, def.events, bus, log) : undefined;
  const http = await serveHttp<TContext>({
    apollo,
    routes: def.routes?.(database.db),
    limiter: new OperationLimiter(limits, () => schema, listSizesOf(readFileSync(def.schemaFile, 'utf8'))),
    maxBodyBytes: limits.maxBodyBytes,
    authenticate: verifierFor(auth),
    // Each request's loaders dispatch their batches in waves (BatchWaves): fixed statement counts.
    context: async (_req, viewer) =>
      ({
        db: database.db,
        viewer,
        loaders: new BatchWaves().scope(() => def.createLoaders(database.db)),
        audit: new AuditTrail(viewer),
      }) as unknown as TContext,
    ready: () => database.ping(),
    service: def.name,
    totals: [
      { name: 'snn_sql_statements_total', help: 'SQL statements sent to the database since the process started.', value: () => database.stats.statements },
      ...(events?.totals() ?? []),
    ],
    port: options.port ?? portOf(def.name),
    host: options.host ?? hostOf(),
    log,
  });
  await events?.start();
  log.info({ url: http.url }, 'subgraph ready');
  let stopped: Promise<void> | undefined;
  return {
    name: def.name,
    events,
    url: http.url,
    port: http.port,
    database,
    log,
    stop: () =>
      (stopped ??= (async () => {
        await http.close();
        await events?.stop();
        await apollo.stop();
        if (!options.database) await database.close();
      })()),
  };
}

/** The demo universe a service seeds on first start (SNN_CITIZENS, SNN_SEED), or false (SNN_SEED_DEMO=false). */
export function seedRequestFromEnv(): SeedRequest | false {
  return loadConfig().seed;
}

/** Runs until SIGINT/SIGTERM, then stops cleanly: what a subgraph's index.ts calls. */
export async function runSubgraphMain<TContext extends BaseContext>(def: SubgraphDefinition<TContext>): Promise<RunningSubgraph> {
  loadConfigOrExit();
  const running = await startSubgraph(def, { seed: seedRequestFromEnv() });
  stopOnSignal(() => running.stop(), running.log);
  return running;
}

export function stopOnSignal(stop: () => Promise<void>, log: Logger): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (err: Error) => {
        log.error({ err: err.message }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
