// Builds the gateway over the checked-in supergraph; never listens (index.ts does).
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { authConfigFromEnv, intFromEnv, formatError, hostOf, NO_AUTH_FOR_BENCHMARK, verifierFor, type AuthSetting, type Viewer, loggerFor, portOf, ROOT_DIR, serveHttp, SUBGRAPHS, subgraphUrlOf, type SubgraphName, type Total } from '@snn/platform';
import type { GraphQLFormattedError } from 'graphql';
import { formatGatewayError } from './errors';
import { useOperationReuse } from './operation-reuse';
import { usePlanExecution } from './plan-execution';
import { useCompiledResultShaping } from './result-shaping';
import { SubgraphSource } from './subgraph-source';
import { PreparedOperations } from './prepared-operations';
import { scopesCheck, scopesPlugin } from './scopes';

export const SUPERGRAPH_PATH = path.join(ROOT_DIR, 'schema', 'supergraph.graphql');

export interface GatewayContext {
  /** The caller's Authorization header, forwarded untouched to every subgraph. */
  authorization?: string;
  viewer: Viewer;
  /** Set by the scopes plugin when the operation reads no personal data (see SubgraphSource). */
  shareCalls?: boolean;
}

export interface GatewayOptions {
  /** Subgraph URLs by name; defaults to `<NAME>_URL` or localhost on the default ports. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  supergraphSdl?: string;
  port?: number;
  host?: string;
  /** Token issuer, audience and keys; defaults to the environment. */
  auth?: AuthSetting;
  /** Keep-alive connections per subgraph; default SNN_SUBGRAPH_CONNECTIONS or 16. */
  subgraphConnections?: number;
  /** Give up on a subgraph after this long; default SNN_SUBGRAPH_TIMEOUT_MS or 30,000. */
  subgraphTimeoutMs?: number;
  /** Merge concurrent entity fetches of one caller (entity-batches.ts); default on, SNN_ENTITY_BATCHING=off. */
  batchEntities?: boolean;
  /** Serve operations seen before around Apollo Server's pipeline (prepared-operations.ts); default on, SNN_PREPARED_OPERATIONS=off. */
  preparedOperations?: boolean;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function createGateway(options: GatewayOptions = {}): { gateway: ApolloGateway; totals: Total[]; close(): Promise<void> } {
  // @apollo/gateway otherwise sends usage metrics to Apollo and probes cloud metadata addresses at
  // start-up: a public-service federation phones home to nobody.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  useCompiledResultShaping();
  useOperationReuse();
  usePlanExecution();
  const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, options.subgraphUrls?.[name] ?? subgraphUrlOf(name)]));
  const running = { operations: 0 };
  const sourceOptions = {
    operationsRunning: () => running.operations,
    connections: options.subgraphConnections ?? intFromEnv('SNN_SUBGRAPH_CONNECTIONS', 16),
    timeoutMs: options.subgraphTimeoutMs ?? intFromEnv('SNN_SUBGRAPH_TIMEOUT_MS', 30_000),
    batchEntities: options.batchEntities ?? process.env.SNN_ENTITY_BATCHING !== 'off',
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
    { name: 'snn_gateway_entity_calls_total', help: 'Subgraph calls made for entity fetches: fewer than the fetches when concurrent ones were merged.', value: sum('entityCalls') },
  ];
  return { gateway, totals, close: async () => void (await Promise.all(sources.map((s) => s.close()))) };
}

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const log = loggerFor('gateway');
  const supergraphSdl = options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8');
  const { gateway, totals, close: closeConnections } = createGateway({ ...options, supergraphSdl });
  const auth = options.auth ?? authConfigFromEnv();
  const check = auth === NO_AUTH_FOR_BENCHMARK ? undefined : scopesCheck(supergraphSdl);
  const formatAnyError = (formatted: GraphQLFormattedError, error: unknown) => formatGatewayError(formatError(formatted, error), error);
  const prepared = (options.preparedOperations ?? process.env.SNN_PREPARED_OPERATIONS !== 'off') ? new PreparedOperations({ gateway, check, formatError: formatAnyError, logger: log }) : undefined;
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
  await apollo.start();
  const http = await serveHttp<GatewayContext>({
    apollo,
    // The gateway verifies the token itself, so a bad token fails before any subgraph is called;
    // each subgraph verifies it again (they never trust that a call came through the gateway).
    authenticate: verifierFor(auth),
    context: async (req: IncomingMessage, viewer) => ({ authorization: req.headers.authorization, viewer }),
    serveDirectly: prepared && ((body, req, context) => prepared.serve(body, req.headers, context)),
    ready: async () => {},
    service: 'gateway',
    totals: [...totals, ...(prepared ? [{ name: 'snn_gateway_prepared_operations_total', help: 'Requests served around Apollo Server\'s pipeline, as operations seen before.', value: () => prepared.counts.served }] : [])],
    port: options.port ?? portOf('gateway'),
    host: options.host ?? hostOf(),
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
