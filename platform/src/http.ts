// The HTTP front of every service (subgraphs and gateway): GraphQL at /graphql through Apollo's
// integration API, and the health probes. Plain node:http keeps the hot path short.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { Kind, parse } from 'graphql';
import type { TokenVerifier } from './auth/verify';
import type { Viewer } from './auth/viewer';
import { AppError, HTTP_STATUS, type ErrorCode } from './errors';
import type { LimitedRequest, OperationLimiter } from './limits';
import type { Logger } from './logger';
import { createMetrics, type Total } from './metrics';

/** A public GET route beside /graphql (no token: what it serves is public, e.g. signing keys). */
export interface HttpRoute {
  /** Matched against the path; its groups are the handler's arguments. */
  path: RegExp;
  handle: (...params: string[]) => Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;
}

export interface HttpOptions<TContext extends BaseContext> {
  routes?: readonly HttpRoute[];
  apollo: ApolloServer<TContext>;
  /** Verifies the caller before anything else runs; throws UNAUTHENTICATED. Deny by default. */
  authenticate: TokenVerifier;
  context: (req: http.IncomingMessage, viewer: Viewer) => Promise<TContext>;
  /** Resolves when the service can serve (its database answers); throws otherwise. */
  ready: () => Promise<void>;
  port: number;
  host: string;
  log: Logger;
  /** The service's name in its metrics. */
  service: string;
  /** Running totals of the service's own, exported at /metrics. */
  totals?: Total[];
  /** Refuses operations over the limits (limits.ts) once the caller is known, before anything runs. */
  limiter: OperationLimiter;
  maxBodyBytes: number;
  /**
   * Answers an authenticated JSON POST without Apollo Server when it can (the gateway's prepared
   * operations); undefined hands it to Apollo Server.
   */
  serveDirectly?: (body: unknown, req: http.IncomingMessage, context: TContext) => Promise<DirectAnswer | undefined>;
}

/** An answer written whole: its HTTP status, headers beyond the content type, and the JSON body. */
export interface DirectAnswer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

export interface RunningHttp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A request refused before GraphQL sees it. */
class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The connection cannot be reused (a body left unread). */
    readonly close = false,
  ) {
    super(message);
  }
}

/** A caller without a token, let through for `{ __typename }` only: it holds no scope. */
const ANONYMOUS: Viewer = { sub: 'anonymous', scopes: new Set(), org: null, jti: null, kind: null };

/**
 * `{ __typename }` and nothing else: the probe a monitor or a newcomer sends to see that the
 * endpoint answers. It reads no data, so it needs no token; any other field does.
 */
function isTypenameProbe(body: unknown, url: URL): boolean {
  const query = typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : url.searchParams.get('query');
  if (typeof query !== 'string' || query.length > 200) return false;
  try {
    const document = parse(query);
    return (
      document.definitions.length === 1 &&
      document.definitions.every(
        (d) =>
          d.kind === Kind.OPERATION_DEFINITION &&
          d.operation === 'query' &&
          d.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === '__typename'),
      )
    );
  } catch {
    return false;
  }
}

/** A body larger than this is not even read to its end: the connection is closed after the answer. */
const DRAIN_FACTOR = 16;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as text. One over the limit is answered 413 rather than cut off: it is read to its end
 * (discarded) so that the caller gets the answer, not a reset, unless it is far beyond the limit.
 */
function readBody(req: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (close: boolean) => new HttpError('PAYLOAD_TOO_LARGE', `the request body is larger than ${max} bytes`, close);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max * DRAIN_FACTOR) return reject(tooLarge(true));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max * DRAIN_FACTOR) {
        req.removeAllListeners('data');
        reject(tooLarge(true));
      } else if (size <= max) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > max) return reject(tooLarge(true));
      try {
        resolve(utf8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new HttpError('BAD_REQUEST', 'the request body is not valid UTF-8'));
      }
    });
    req.on('error', reject);
  });
}

/** What the limits are checked on: the operation of a JSON POST or of a GET's query string. */
function limitedRequestOf(req: http.IncomingMessage, body: unknown, url: URL): LimitedRequest | null {
  if (req.method === 'POST') {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    const { query, operationName, variables } = body as Record<string, unknown>;
    if (typeof query !== 'string') return null;
    return {
      query,
      operationName: typeof operationName === 'string' ? operationName : null,
      variables: typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : null,
    };
  }
  const query = url.searchParams.get('query');
  if (query === null) return null;
  let variables: Record<string, unknown> | null = null;
  try {
    const parsed = JSON.parse(url.searchParams.get('variables') ?? 'null') as unknown;
    if (typeof parsed === 'object' && parsed !== null) variables = parsed as Record<string, unknown>;
  } catch {
    // Apollo Server answers malformed variables itself.
  }
  return { query, operationName: url.searchParams.get('operationName'), variables };
}

/** A whole answer at once. */
function writeComplete(res: http.ServerResponse, status: number, headers: Iterable<[string, string]>, body: string): void {
  for (const [key, value] of headers) res.setHeader(key, value);
  res.statusCode = status;
  // As bytes: a string body is joined to the head before it is written (node's OutgoingMessage),
  // a second copy of the whole answer on the heap, and counted once more for its length; a Buffer
  // goes out beside the head as it is.
  res.end(Buffer.from(body));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A GraphQL-shaped error for failures that happen before Apollo sees the request. */
function sendGraphQLError(res: http.ServerResponse, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): void {
  if (code === 'UNAUTHENTICATED') res.setHeader('www-authenticate', 'Bearer');
  sendJson(res, HTTP_STATUS[code], { errors: [{ message, extensions: { code, ...extensions } }] });
}

function routeOf(pathname: string): string {
  if (pathname === '/graphql') return 'graphql';
  if (pathname.startsWith('/health/')) return 'health';
  return pathname === '/metrics' ? 'metrics' : 'other';
}

export async function serveHttp<TContext extends BaseContext>(options: HttpOptions<TContext>): Promise<RunningHttp> {
  const { apollo, log } = options;
  const metrics = createMetrics(options.service, options.totals);

  async function handleGraphQL(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    // A token in a URL ends up in logs and browser history: refuse it outright.
    if (url.searchParams.has('access_token')) {
      return sendGraphQLError(res, 'UNAUTHENTICATED', 'send the access token in the Authorization header, never in the URL');
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const text = await readBody(req, options.maxBodyBytes);
      if (text.length > 0 && (req.headers['content-type'] ?? '').includes('json')) {
        try {
          body = JSON.parse(text);
        } catch {
          return sendGraphQLError(res, 'BAD_REQUEST', 'request body is not valid JSON');
        }
      } else body = text;
    }
    let viewer: Viewer;
    try {
      viewer = !req.headers.authorization && isTypenameProbe(body, url) ? ANONYMOUS : await options.authenticate(req.headers.authorization);
    } catch (err) {
      if (err instanceof AppError) return sendGraphQLError(res, 'UNAUTHENTICATED', err.message);
      throw err;
    }
    const limited = limitedRequestOf(req, body, url);
    const refusal = limited && options.limiter.check(limited, viewer);
    if (refusal) {
      const { code: _code, ...extensions } = refusal.extensions;
      return sendGraphQLError(res, refusal.code, refusal.message, extensions);
    }
    // Built once: what the direct path declines goes to Apollo Server with the same context.
    let context: TContext | undefined;
    if (options.serveDirectly && req.method === 'POST' && body !== undefined && typeof body !== 'string') {
      context = await options.context(req, viewer);
      const answer = await options.serveDirectly(body, req, context);
      if (answer) return writeComplete(res, answer.status, [...answer.headers, ['content-type', 'application/json; charset=utf-8']], answer.body);
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => context ?? options.context(req, viewer),
    });
    if (response.body.kind === 'complete') return writeComplete(res, response.status ?? 200, response.headers, response.body.string);
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.once('finish', () => metrics.answered(routeOf(url.pathname), res.statusCode));
    const done = (async () => {
      if (url.pathname === '/graphql') return handleGraphQL(req, res, url);
      if (req.method === 'GET' && url.pathname === '/metrics') {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        return void res.end(text);
      }
      if (req.method === 'GET' && url.pathname === '/health/live') return sendJson(res, 200, { status: 'ok' });
      if (req.method === 'GET' && url.pathname === '/health/ready') {
        try {
          await options.ready();
          return sendJson(res, 200, { status: 'ready' });
        } catch (err) {
          return sendJson(res, 503, { status: 'unavailable', reason: (err as Error).message });
        }
      }
      for (const route of options.routes ?? []) {
        const match = req.method === 'GET' ? route.path.exec(url.pathname) : null;
        if (!match) continue;
        const answer = await route.handle(...match.slice(1).map((p) => decodeURIComponent(p)));
        for (const [key, value] of Object.entries(answer.headers ?? {})) res.setHeader(key, value);
        return sendJson(res, answer.status, answer.body);
      }
      return sendJson(res, 404, { error: 'not found' });
    })();
    done.catch((err: unknown) => {
      if (err instanceof HttpError) {
        if (err.close) res.setHeader('connection', 'close');
        sendGraphQLError(res, err.code, err.message);
        if (err.close) res.once('finish', () => req.destroy());
        return;
      }
      log.error({ err: { message: (err as Error).message } }, 'unhandled HTTP error');
      if (!res.headersSent) sendGraphQLError(res, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
