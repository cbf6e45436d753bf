// How the gateway talks to subgraphs: one undici connection pool per subgraph, connections kept
// alive and reused. @apollo/gateway's default fetcher (make-fetch-happen) adds an HTTP cache layer
// and per-request agent bookkeeping that showed at the top of the gateway's CPU profile; undici's
// request API is the lean client Node's own fetch is built on.
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { Pool } from 'undici';

export interface FetcherOptions {
  /** Open connections per subgraph (requests beyond wait for one). */
  connections: number;
  /** A subgraph that has not answered within this is given up on (SERVICE_UNAVAILABLE). */
  timeoutMs: number;
}

export function pooledFetcher(options: FetcherOptions): Fetcher & { close(): Promise<void> } {
  const pools = new Map<string, Pool>();
  const poolOf = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: options.connections, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, keepAliveTimeout: 30_000 });
      pools.set(origin, pool);
    }
    return pool;
  };
  const fetcher = async (url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> => {
    const target = new URL(url);
    const response = await poolOf(target.origin).request({
      path: target.pathname + target.search,
      method: (init.method ?? 'GET') as 'POST',
      headers: init.headers as Record<string, string> | undefined,
      body: init.body as string | undefined,
    });
    const text = await response.body.text();
    return textResponse(url, response.statusCode, response.headers, text);
  };
  return Object.assign(fetcher, { close: async () => void (await Promise.all([...pools.values()].map((p) => p.close()))) });
}

/** The parts of a Fetch API Response that @apollo/gateway reads, over a body already read. */
function textResponse(url: string, status: number, raw: Record<string, string | string[] | undefined>, text: string): FetcherResponse {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const response: FetcherResponse = {
    bodyUsed: false,
    url,
    redirected: false,
    status,
    ok: status >= 200 && status < 300,
    statusText: '',
    headers,
    text: async () => text,
    json: async () => JSON.parse(text),
    arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
    clone: () => textResponse(url, status, raw, text),
  };
  return response;
}
