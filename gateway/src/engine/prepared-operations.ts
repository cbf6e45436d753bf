// The gateway's path around Apollo Server's request pipeline, for operations it has served before.
// Apollo Server parses, validates and resolves an operation the first time its text comes, and
// serves everything that is not a plain JSON POST; from then on, a POST of the same text and
// operation name is run here: the caller's scopes checked (scopes.ts, the same check), the variables
// coerced (any error: left to Apollo Server, which answers it), @apollo/gateway's executor called
// as Apollo Server calls it, errors formatted as Apollo Server formats them (errorNormalize.js).
// What it skips on every request is the pipeline's plugin dispatch, hashing and bookkeeping around
// a cached document: ~10 % of our CPU per roster and ~2 % of its p50 at one connection (pnpm
// bench:ab gateway SNN_PREPARED_OPERATIONS=on SNN_PREPARED_OPERATIONS=off --latency).
import type { IncomingHttpHeaders } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ApolloGateway } from '@apollo/gateway';
import type { DocumentNode, GraphQLError as GraphQLErrorType, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { DirectAnswer, Logger } from '@snn/platform';
import { answerDenials, type ScopesCheck } from '../auth/scopes';
import { graphql } from './apollo-modules';
import type { GatewayContext } from '../context';

interface Prepared {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null;
  queryHash: string;
  schema: GraphQLSchema;
}

export interface PreparedOptions {
  gateway: ApolloGateway;
  /** The scopes check; none when authorization is off (the bench's no-auth baseline). */
  check?: ScopesCheck;
  /** Apollo Server's formatError, applied the same way. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  logger: Logger;
}

const keyOf = (query: string, operationName: unknown) => `${typeof operationName === 'string' ? operationName : ''}\n${query}`;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class PreparedOperations {
  /** By operation name and text; only texts Apollo Server resolved, so at most this many distinct valid operations. */
  private readonly byText = new LRUCache<string, Prepared>({ max: 1000 });
  /** Requests served here (at /metrics). */
  readonly counts = { served: 0 };

  constructor(private readonly options: PreparedOptions) {}

  /**
   * Remembers each operation Apollo Server resolved. First among the plugins: it sees the document
   * as the caller sent it, before the scopes plugin cuts it for this caller.
   */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ request, document, operation, operationName, queryHash, schema }) => {
          if (request.http?.method !== 'POST' || typeof request.query !== 'string' || !operation) return;
          if (operation.operation !== 'query' && operation.operation !== 'mutation') return;
          this.byText.set(keyOf(request.query, request.operationName), { document, operation, operationName, queryHash, schema });
        },
      }),
    };
  }

  /**
   * Serves a parsed JSON POST body when it is a plain request for an operation served before,
   * for a caller that accepts application/json; undefined leaves it to Apollo Server.
   */
  async serve(body: unknown, headers: IncomingHttpHeaders, context: GatewayContext): Promise<DirectAnswer | undefined> {
    if (!isPlainObject(body) || typeof body.query !== 'string' || body.extensions !== undefined) return undefined;
    const { query, variables = undefined, operationName = undefined } = body;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
    if (variables !== undefined && variables !== null && !isPlainObject(variables)) return undefined;
    const accept = headers.accept;
    if (accept !== undefined && accept !== '*/*' && accept !== 'application/json') return undefined;
    const prepared = this.byText.get(keyOf(query, operationName));
    if (!prepared) return undefined;
    const { variableDefinitions } = prepared.operation;
    if (variableDefinitions?.length && graphql.getVariableValues(prepared.schema, variableDefinitions, variables ?? {}).errors) return undefined;
    this.counts.served++;

    let authorized;
    try {
      authorized = this.options.check?.(prepared, context.viewer);
    } catch (error) {
      // As Apollo Server answers an error thrown while resolving the operation: errors only.
      return this.answer({ errors: [ensureGraphQLError(error)] }, [], 500);
    }
    context.shareCalls = authorized?.shareCalls;
    // What @apollo/gateway reads of the request context Apollo Server builds for it
    // (makeGatewayGraphQLRequestContext.js).
    const requestContext = {
      request: { query, operationName: operationName ?? undefined, variables: variables ?? undefined },
      response: { http: { headers: new Map(), status: undefined } },
      logger: this.options.logger,
      schema: prepared.schema,
      context,
      queryHash: authorized?.queryHash ?? prepared.queryHash,
      document: authorized?.document ?? prepared.document,
      source: query,
      operationName: prepared.operationName,
      operation: authorized?.operation ?? prepared.operation,
      metrics: {},
      debug: false,
      requestIsBatched: false,
    };
    let result: { data?: Record<string, unknown> | null; errors?: readonly unknown[]; extensions?: Record<string, unknown> };
    try {
      result = (await this.options.gateway.executor(requestContext as unknown as Parameters<ApolloGateway['executor']>[0])) as typeof result;
    } catch (error) {
      return this.answer({ errors: [ensureGraphQLError(error)] }, [], 500);
    }
    return this.answer(result, authorized?.denials ?? [], 200);
  }

  /**
   * Apollo Server's answer for a result: errors formatted, the status and headers an error's `http`
   * extension asks for, else `status` (200 for a result, 500 for an error thrown before one).
   */
  private answer(
    result: { data?: Record<string, unknown> | null; errors?: readonly unknown[]; extensions?: Record<string, unknown> },
    denials: Parameters<typeof answerDenials>[1],
    status: number,
  ): DirectAnswer {
    const headers = new Map<string, string>();
    const enrich = (maybeError: unknown): GraphQLFormattedError => {
      const error = ensureGraphQLError(maybeError);
      const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
      const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
      if (
        http &&
        typeof http === 'object' &&
        (!('status' in http) || typeof http.status === 'number') &&
        (!('headers' in http) || http.headers instanceof Map)
      ) {
        if (http.status) status = http.status as number;
        for (const [name, value] of (http.headers as Map<string, string> | undefined) ?? []) headers.set(name, value);
        delete extensions.http;
      }
      return { ...error.toJSON(), extensions };
    };
    // (Apollo Server also recodes variable coercion errors BAD_USER_INPUT: none reach here, the
    // variables having been coerced before.)
    const errors = result.errors?.map((error) => {
      try {
        return this.options.formatError(enrich(error), error);
      } catch {
        return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
    });
    // Apollo Server's order of the three fields, and its trailing newline (runHttpQuery.js).
    const single = { errors, data: result.data, extensions: result.extensions };
    answerDenials(single, denials);
    return { status, headers, body: `${JSON.stringify(single)}\n` };
  }
}

function ensureGraphQLError(maybeError: unknown): GraphQLErrorType {
  const error = maybeError instanceof Error ? maybeError : new graphql.GraphQLError(`Unexpected error value: ${String(maybeError)}`);
  return error instanceof graphql.GraphQLError ? error : new graphql.GraphQLError(error.message, { originalError: error });
}
