// How the gateway reads a subgraph's answer over HTTP (gateway/src/subgraph-source.ts), against a
// real HTTP server on port 0 standing in for a subgraph that misbehaves: answers in many pieces,
// errors by status, an answer that is not a JSON object, a connection cut mid-answer, silence.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubgraphSource } from '../src/transport/subgraph-source';

/** What the stand-in subgraph does, by path. */
const behaviours: Record<string, (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void> = {
  // An answer far larger than one socket read, written in small pieces that split multi-byte characters.
  '/pieces': (_req, res, body) => {
    const names = Array.from({ length: 4000 }, (_, i) => `Université d’Évry ${i} · «${JSON.parse(body).variables.tag}»`);
    const bytes = Buffer.from(JSON.stringify({ data: { names } }));
    res.writeHead(200, { 'content-type': 'application/json' });
    let at = 0;
    const next = () => {
      if (at >= bytes.length) return void res.end();
      res.write(bytes.subarray(at, (at += 997)));
      setImmediate(next);
    };
    next();
  },
  '/unauthorized': (_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: 'bad token' }] }));
  },
  '/broken': (_req, res) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('upstream broke');
  },
  '/not-an-object': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('[1,2,3]');
  },
  '/cut': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"data":{"names":["half');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  '/silent': () => {},
};

let server: http.Server;
let origin: string;
const sources: Array<SubgraphSource<{ authorization?: string }>> = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => behaviours[req.url ?? '']?.(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(sources.map((s) => s.close().catch(() => {})));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function call(path: string, timeoutMs = 10_000, variables: Record<string, unknown> = {}) {
  const source = new SubgraphSource<{ authorization?: string }>(`${origin}${path}`, { connections: 2, timeoutMs, batchEntities: true });
  sources.push(source);
  return source.process({ kind: 'incoming operation', request: { query: '{ names }', variables }, context: { authorization: 'Bearer x' } } as never);
}

describe('a subgraph answer read by the gateway', () => {
  it('is whole when it arrives in many pieces, characters split between them included', async () => {
    const answer = (await call('/pieces', 10_000, { tag: 'é' })) as { data: { names: string[] } };
    expect(answer.data.names).toHaveLength(4000);
    expect(answer.data.names[3999]).toBe('Université d’Évry 3999 · «é»');
  });

  it('coded by its HTTP status, with the body kept, when the subgraph refuses', async () => {
    await expect(call('/unauthorized')).rejects.toMatchObject({
      message: '401: subgraph request failed',
      extensions: { code: 'UNAUTHENTICATED', response: { status: 401, body: { errors: [{ message: 'bad token' }] } } },
    });
    await expect(call('/broken')).rejects.toMatchObject({
      message: '502: subgraph request failed',
      extensions: { response: { status: 502, body: 'upstream broke' } },
    });
  });

  it('is refused when it is not a JSON object', async () => {
    await expect(call('/not-an-object')).rejects.toThrow('the subgraph answered something other than a JSON object');
  });

  it('fails, not hangs, when the connection is cut mid-answer or the subgraph stays silent', async () => {
    await expect(call('/cut')).rejects.toThrow();
    const started = Date.now();
    await expect(call('/silent', 300)).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
