// How the gateway calls a subgraph: one undici connection pool per subgraph, connections kept alive
// and reused, the caller's Authorization forwarded. It implements @apollo/gateway's public
// GraphQLDataSource interface directly: RemoteGraphQLDataSource's default fetcher
// (make-fetch-happen, an HTTP cache layer) and the node-fetch Headers and Request it builds for
// every call were at the top of the gateway's CPU profile.
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GraphQLError as GraphQLErrorType } from 'graphql';
import { Pool, type Dispatcher } from 'undici';
import { graphql } from '../engine/apollo-modules';
import { isEntityFetch, splitAnswer, type Share, type SubgraphAnswer } from './entity-batches';
import { InFlightMap } from './in-flight-map';

const { GraphQLError } = graphql;
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface SubgraphSourceOptions {
  /** Open connections to the subgraph (requests beyond wait for one). */
  connections: number;
  /** A subgraph that has not answered within this is given up on (SERVICE_UNAVAILABLE). */
  timeoutMs: number;
  /** Merge concurrent entity fetches of one caller into one call (see entity-batches.ts). */
  batchEntities: boolean;
  /**
   * How many operations the gateway is running. An operation running alone has no other's entity
   * fetches to merge with: its own go out at once instead of waiting for the end of the event
   * loop's turn (~40 µs of a roster's critical path, measured in the gateway). Without it, every
   * entity fetch waits.
   */
  operationsRunning?: () => number;
}

/** Representations per merged call at most: bodies stay far below the subgraphs' 1 MiB limit. */
const MAX_BATCH = 500;

interface Batch {
  query: string;
  operationName?: string;
  authorization?: string;
  /** The fetch's variables other than representations (the same for every request merged), as JSON. */
  othersJson: string;
  /** Each merged fetch's representations as JSON, brackets off: serialised once, for its key and the body. */
  representationsJson: string[];
  /** How many representations the batch holds. */
  size: number;
  shares: Share[];
  /** Who waits for which share: a fetch identical to one already in the batch waits for its share. */
  waiters: Array<{ share: number; resolve(answer: GatewayGraphQLResponse): void; reject(error: unknown): void }>;
  /** Its fetches' keys in `sharedFetches`, dropped once it is answered. */
  fetchKeys: string[];
}

/** What the gateway's request context tells a data source. */
export interface SourceContext {
  authorization?: string;
  /** Identical calls in flight may share one round trip (set by the scopes plugin; see below). */
  shareCalls?: boolean;
}

export class SubgraphSource<TContext extends SourceContext> implements GraphQLDataSource<TContext> {
  private readonly pool: Pool;
  private readonly path: string;
  /**
   * Calls in flight, by caller and body: an identical query from the same token (a dashboard
   * polled by many screens, the same totals under every page) waits for the one already sent.
   * Each waiter parses its own copy of the answer, because the gateway merges into the objects.
   * Only for queries that read no personal data: each read of a *:pii field must reach its owner
   * and be audited there.
   */
  private readonly inFlight = new InFlightMap<string, { call: Promise<{ statusCode: number; text: string }> | null }>();
  /**
   * Entity fetches waiting for the end of this turn of the event loop, by caller and fetch: the
   * same sharing rule (same token, no personal data), and no added wait when nothing else is
   * running, since requests already read in this turn are all that is merged. A fetch identical
   * to one waiting or in flight waits for that one's answer, as other identical calls do.
   */
  private readonly batches = new InFlightMap<string, Batch>();
  /** Entity fetches waiting or in flight in a batch, by caller and whole fetch: an identical one joins. */
  private readonly sharedFetches = new InFlightMap<string, { batch: Batch; share: number }>();
  private readonly batchEntities: boolean;
  private readonly operationsRunning: () => number;
  /** Entity fetches the plans asked for, and the calls they went out as (at /metrics). */
  readonly counts = { entityFetches: 0, entityCalls: 0 };

  constructor(
    readonly url: string,
    options: SubgraphSourceOptions,
  ) {
    this.batchEntities = options.batchEntities;
    this.operationsRunning = options.operationsRunning ?? (() => Infinity);
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
    const { query, variables, operationName } = request;
    const entityFetch = isEntityFetch(variables);
    if (entityFetch) this.counts.entityFetches++;
    const shareable = context.shareCalls === true && query?.startsWith('query') === true;
    if (entityFetch && shareable && this.batchEntities && this.operationsRunning() > 1)
      return this.batched(query!, variables, operationName, context.authorization);
    const body = JSON.stringify({ query, variables, operationName });
    const key = shareable ? `${context.authorization ?? ''}\n${body}` : undefined;
    let call = key === undefined ? null : (this.inFlight.get(key)?.call ?? null);
    if (!call) {
      if (entityFetch) this.counts.entityCalls++;
      call = this.send(body, context.authorization);
      if (key !== undefined) {
        const entry: { call: typeof call | null } = { call: null };
        entry.call = call = call.finally(() => {
          entry.call = null; // emptied once answered (in-flight-map.ts)
          if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
        });
        this.inFlight.set(key, entry);
      }
    }
    return answerOf(await call);
  }

  private batched(
    query: string,
    variables: { representations: unknown[] },
    operationName: string | undefined,
    authorization: string | undefined,
  ): Promise<GatewayGraphQLResponse> {
    const { representations, ...others } = variables;
    const othersJson = JSON.stringify(others);
    const key = `${authorization ?? ''}\n${operationName ?? ''}\n${query}\n${othersJson}`;
    const representationsJson = JSON.stringify(representations).slice(1, -1);
    const fetchKey = `${key}\n${representationsJson}`;
    let joined = this.sharedFetches.get(fetchKey);
    if (!joined) {
      let batch = this.batches.get(key);
      if (!batch || batch.size + representations.length > MAX_BATCH) {
        const fresh: Batch = { query, operationName, authorization, othersJson, representationsJson: [], size: 0, shares: [], waiters: [], fetchKeys: [] };
        this.batches.set(key, (batch = fresh));
        setImmediate(() => void this.flush(key, fresh));
      }
      joined = { batch, share: batch.shares.length };
      batch.shares.push({ offset: batch.size, count: representations.length });
      batch.size += representations.length;
      if (representationsJson) batch.representationsJson.push(representationsJson);
      batch.fetchKeys.push(fetchKey);
      this.sharedFetches.set(fetchKey, joined);
    }
    const { batch, share } = joined;
    return new Promise((resolve, reject) => batch.waiters.push({ share, resolve, reject }));
  }

  private async flush(key: string, batch: Batch): Promise<void> {
    if (this.batches.get(key) === batch) this.batches.delete(key);
    this.counts.entityCalls++;
    try {
      const answer = answerOf(await this.send(mergedBody(batch), batch.authorization));
      const answers = batch.shares.length === 1 ? [answer] : splitAnswer(answer as SubgraphAnswer, batch.shares);
      // The gateway merges into the objects it gets: a second waiter of one share gets a copy, made
      // here before any waiter runs.
      const given = new Set<number>();
      for (const { share, resolve } of batch.waiters) {
        resolve((given.has(share) ? structuredClone(answers[share]) : answers[share]) as GatewayGraphQLResponse);
        given.add(share);
      }
    } catch (error) {
      for (const waiter of batch.waiters) waiter.reject(error);
    } finally {
      for (const fetchKey of batch.fetchKeys) this.sharedFetches.delete(fetchKey);
      emptyBatch(batch);
    }
  }

  private async send(body: string, authorization: string | undefined): Promise<{ statusCode: number; text: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (authorization) headers.authorization = authorization;
    return new Promise((resolve, reject) => this.pool.dispatch({ path: this.path, method: 'POST', headers, body }, new AnswerCollector(resolve, reject)));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * A subgraph's answer, collected from undici's dispatch API as it arrives: no body stream, no
 * `text()` per answer. Measured side by side under the roster's load (`pnpm bench:ab`, 5 December),
 * `pool.request()` with `body.text()` cost ×1.07 the gateway CPU per request of this.
 */
class AnswerCollector implements Dispatcher.DispatchHandler {
  private statusCode = 0;
  private readonly chunks: Buffer[] = [];
  constructor(
    private readonly resolve: (answer: { statusCode: number; text: string }) => void,
    private readonly reject: (error: Error) => void,
  ) {}
  onRequestStart(): void {}
  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.statusCode = statusCode;
  }
  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }
  onResponseEnd(): void {
    const bytes = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.resolve({ statusCode: this.statusCode, text: bytes.toString('utf8') });
  }
  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
  }
}

/** A batch answered keeps nothing of its requests: a Map's left-behind table may still point to it (in-flight-map.ts). */
function emptyBatch(batch: Batch): void {
  batch.representationsJson.length = 0;
  batch.shares.length = 0;
  batch.waiters.length = 0;
  batch.fetchKeys.length = 0;
}

/**
 * The merged call's body, written from the JSON its fetches were already serialised to (for their
 * keys) instead of serialising every representation a second time: what JSON.stringify would give
 * for { query, variables: { ...others, representations }, operationName }.
 */
function mergedBody(batch: Batch): string {
  const others = batch.othersJson.slice(1, -1);
  const variables = `{${others}${others ? ',' : ''}"representations":[${batch.representationsJson.join(',')}]}`;
  const operationName = batch.operationName === undefined ? '' : `,"operationName":${JSON.stringify(batch.operationName)}`;
  return `{"query":${JSON.stringify(batch.query)},"variables":${variables}${operationName}}`;
}

function answerOf({ statusCode, text }: { statusCode: number; text: string }): GatewayGraphQLResponse {
  if (statusCode < 200 || statusCode > 299) {
    // A subgraph refusing the caller's input (a variable its own scalar rejects: 400) says why in a
    // GraphQL body: its errors reach the caller as they are, not as a failed call.
    const refused = statusCode >= 400 && statusCode < 500 && statusCode !== 401 && statusCode !== 403 ? graphQLErrorsIn(text) : undefined;
    if (refused) return refused;
    throw httpError(statusCode, text);
  }
  const parsed = JSON.parse(text) as GatewayGraphQLResponse;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the subgraph answered something other than a JSON object');
  return parsed;
}

function graphQLErrorsIn(text: string): GatewayGraphQLResponse | undefined {
  try {
    const body = JSON.parse(text) as { errors?: unknown; data?: unknown };
    return Array.isArray(body.errors) && body.errors.length > 0 && body.data === undefined ? { errors: body.errors } : undefined;
  } catch {
    return undefined;
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
