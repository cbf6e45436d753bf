// How the gateway calls a subgraph: one undici connection pool per subgraph, connections kept alive
// and reused, the caller's Authorization forwarded. It implements @apollo/gateway's public
// GraphQLDataSource interface directly: RemoteGraphQLDataSource's default fetcher
// (make-fetch-happen, an HTTP cache layer) and the node-fetch Headers and Request it builds for
// every call were at the top of the gateway's CPU profile.
import { createRequire } from 'node:module';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GraphQLError as GraphQLErrorType } from 'graphql';
import { Pool } from 'undici';

// @apollo/gateway runs on graphql's CommonJS build: its errors must be of that build's class.
const { GraphQLError } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface SubgraphSourceOptions {
  /** Open connections to the subgraph (requests beyond wait for one). */
  connections: number;
  /** A subgraph that has not answered within this is given up on (SERVICE_UNAVAILABLE). */
  timeoutMs: number;
}

export class SubgraphSource<TContext extends { authorization?: string }> implements GraphQLDataSource<TContext> {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(readonly url: string, options: SubgraphSourceOptions) {
    const target = new URL(url);
    this.path = target.pathname + target.search;
    this.pool = new Pool(target.origin, {
      connections: options.connections,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  async process({ request, context }: GraphQLDataSourceProcessOptions<TContext>): Promise<GatewayGraphQLResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (context.authorization) headers.authorization = context.authorization;
    const { statusCode, body } = await this.pool.request({
      path: this.path,
      method: 'POST',
      headers,
      body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName }),
    });
    const text = await body.text();
    if (statusCode < 200 || statusCode > 299) throw httpError(statusCode, text);
    const parsed = JSON.parse(text) as GatewayGraphQLResponse;
    if (typeof parsed !== 'object' || parsed === null) throw new Error('the subgraph answered something other than a JSON object');
    return parsed;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** A subgraph's non-2xx answer, coded as RemoteGraphQLDataSource codes it (without its URL). */
function httpError(status: number, text: string): GraphQLErrorType {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : undefined;
  return new GraphQLError(`${status}: subgraph request failed`, { extensions: { ...(code ? { code } : {}), response: { status, body } } });
}
