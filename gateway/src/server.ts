// Builds the gateway over the checked-in supergraph; never listens (index.ts does).
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import {
  formatError,
  loadConfig,
  NO_AUTH_FOR_BENCHMARK,
  verifierFor,
  loggerFor,
  listSizesOf,
  OperationLimiter,
  ROOT_DIR,
  serveHttp,
  SUBGRAPHS,
  type GatewayEngine,
  type Total,
} from '@snn/platform';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { scopesCheck, scopesPlugin } from './auth/scopes';
import type { GatewayContext, GatewayOptions } from './context';
import { installEngine } from './engine/install';
import { PreparedOperations } from './engine/prepared-operations';
import { formatGatewayError } from './errors';
import { SubgraphSource } from './transport/subgraph-source';

export type { GatewayContext, GatewayOptions } from './context';
export const SUPERGRAPH_PATH = path.join(ROOT_DIR, 'schema', 'supergraph.graphql');

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The engine of the environment (SNN_GATEWAY_ENGINE and its overrides), with the options' parts over it. */
function engineOf(options: GatewayOptions): GatewayEngine {
  return { ...loadConfig().gateway.engine, ...options.engine };
}

export function createGateway(options: GatewayOptions = {}): { gateway: ApolloGateway; totals: Total[]; close(): Promise<void> } {
  // @apollo/gateway otherwise sends usage metrics to Apollo and probes cloud metadata addresses at
  // start-up: a public-service federation phones home to nobody.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const config = loadConfig();
  const engine = engineOf(options);
  installEngine(engine);
  const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, options.subgraphUrls?.[name] ?? config.subgraphUrls[name]]));
  const running = { operations: 0 };
  const sourceOptions = {
    operationsRunning: () => running.operations,
    connections: options.subgraphConnections ?? config.gateway.connections,
    timeoutMs: options.subgraphTimeoutMs ?? config.gateway.timeoutMs,
    batchEntities: engine.entityBatching,
  };
  const sources: SubgraphSource<GatewayContext>[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8'),
    // The supergraph names localhost URLs; the running services may live elsewhere (tests use port 0).
    // Each call forwards the caller's Authorization header untouched: subgraphs verify it again.
    buildService: ({ name, url }) => {
      const source = new SubgraphSource<GatewayContext>(urls[name] ?? (url as string), sourceOptions);
      sources.push(source);
      return source;
    },
    logger: loggerFor('gateway'),
  });
  // Counted around the executor that Apollo Server and the prepared operations both call.
  const execute = gateway.executor;
  gateway.executor = async (requestContext) => {
    running.operations++;
    try {
      return await execute(requestContext);
    } finally {
      running.operations--;
    }
  };
  const sum = (count: keyof SubgraphSource<GatewayContext>['counts']) => () => sources.reduce((n, s) => n + s.counts[count], 0);
  const totals: Total[] = [
    { name: 'snn_gateway_entity_fetches_total', help: 'Entity fetches of query plans (each an _entities call unless merged).', value: sum('entityFetches') },
    {
      name: 'snn_gateway_entity_calls_total',
      help: 'Subgraph calls made for entity fetches: fewer than the fetches when concurrent ones were merged.',
      value: sum('entityCalls'),
    },
  ];
  return { gateway, totals, close: async () => void (await Promise.all(sources.map((s) => s.close()))) };
}

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const log = loggerFor('gateway');
  const supergraphSdl = options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8');
  const { gateway, totals, close: closeConnections } = createGateway({ ...options, supergraphSdl });
  const config = loadConfig();
  const auth = options.auth ?? config.auth;
  const check = auth === NO_AUTH_FOR_BENCHMARK ? undefined : scopesCheck(supergraphSdl);
  const formatAnyError = (formatted: GraphQLFormattedError, error: unknown) => formatGatewayError(formatError(formatted, error), error);
  const prepared = engineOf(options).preparedOperations ? new PreparedOperations({ gateway, check, formatError: formatAnyError, logger: log }) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // No cache hints: answers carry personal data and are never cacheable. The prepared operations'
    // plugin comes before the scopes plugin, to see each operation before it is cut for a caller.
    plugins: [ApolloServerPluginCacheControlDisabled(), ...(prepared ? [prepared.plugin()] : []), ...(check ? [scopesPlugin(check)] : [])],
    formatError: formatAnyError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // The process's own signal handlers stop every server in order (stopOnSignal).
    stopOnTerminationSignals: false,
  });
  // Limits are checked against the API schema, which follows the supergraph when it changes.
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => (apiSchema = loaded));
  await apollo.start();
  const http = await serveHttp<GatewayContext>({
    // Universities' public signing keys, served by their owner: a verifier needs one address only.
    routes: [
      {
        path: /^\/universities\/([0-9]{7}[A-Za-z])\/jwks\.json$/,
        handle: async (uai) => {
          const url = new URL(`/universities/${uai}/jwks.json`, options.subgraphUrls?.universities ?? config.subgraphUrls.universities);
          try {
            const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) });
            return { status: answer.status, body: await answer.json(), headers: { 'cache-control': answer.headers.get('cache-control') ?? 'no-store' } };
          } catch {
            return { status: 503, body: { error: 'the universities subgraph does not answer' } };
          }
        },
      },
    ],
    limiter: new OperationLimiter(config.limits, () => apiSchema, listSizesOf(supergraphSdl)),
    maxBodyBytes: config.limits.maxBodyBytes,
    apollo,
    // The gateway verifies the token itself, so a bad token fails before any subgraph is called;
    // each subgraph verifies it again (they never trust that a call came through the gateway).
    authenticate: verifierFor(auth),
    context: async (req: IncomingMessage, viewer) => ({ authorization: req.headers.authorization, viewer }),
    serveDirectly: prepared && ((body, req, context) => prepared.serve(body, req.headers, context)),
    ready: async () => {},
    service: 'gateway',
    totals: [
      ...totals,
      ...(prepared
        ? [
            {
              name: 'snn_gateway_prepared_operations_total',
              help: "Requests served around Apollo Server's pipeline, as operations seen before.",
              value: () => prepared.counts.served,
            },
          ]
        : []),
    ],
    port: options.port ?? config.ports.gateway,
    host: options.host ?? config.host,
    log,
  });
  log.info({ url: http.url }, 'gateway ready');
  return {
    url: http.url,
    port: http.port,
    stop: async () => {
      await http.close();
      await apollo.stop();
      await closeConnections();
    },
  };
}
