// `pnpm bench`'s one-connection comparison (bench/direct.ts: pairedWithGateway): each request sent
// through the gateway and its recorded subgraph requests sent directly, back to back, which goes
// first alternating, the levels of a request one after the other and a level's calls together.
// Against a stand-in HTTP server whose routes answer after a set delay.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairedWithGateway, type RecordedRequest } from '../direct';

const DELAY_MS: Record<string, number> = { '/gateway': 20, '/education': 5, '/economy': 2, '/universities': 8 };
const served: string[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      served.push(req.url!);
      setTimeout(() => res.end('{"data":{}}'), DELAY_MS[req.url!] ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('pairedWithGateway', () => {
  it('pairs every gateway request with its direct critical path, alternating which goes first', async () => {
    const fetch = (subgraph: string) => ({ subgraph, url: `${base}/${subgraph}`, body: '{"query":"{ _service { sdl } }"}' });
    const recorded: RecordedRequest[] = [0, 1, 2].map(() => ({
      levels: [[fetch('education')], [fetch('economy'), fetch('universities')]],
      authorization: 'Bearer x',
    }));
    const samples = recorded.map((_, i) => ({ variables: { i }, authorization: 'Bearer x' }));
    served.length = 0;
    const paired = await pairedWithGateway(`${base}/gateway`, '{ x }', samples, recorded, 0.3, 2);

    expect(paired.gateway.requests).toBeGreaterThanOrEqual(recorded.length);
    expect(paired.direct.latencies.paths).toHaveLength(paired.gateway.requests);
    // Levels in turn (5 ms, then the slower of 2 and 8 ms), a level's calls at once.
    expect(paired.direct.p50).toBeGreaterThanOrEqual(12);
    expect(paired.direct.levels).toBe(2);
    expect(paired.gateway.p50).toBeGreaterThanOrEqual(19);
    // Each part's ratio is of its own pairs (a timing, not asserted beyond being one).
    expect(paired.partRatios).toHaveLength(2);
    for (const r of paired.partRatios) expect(Number.isFinite(r) && r > 0).toBe(true);
    // Pair k starts at the gateway when k is even, at the direct path when it is odd.
    const pairs = served.filter((u) => u === '/gateway' || u === '/education');
    expect(pairs.slice(0, 6)).toEqual(['/gateway', '/education', '/education', '/gateway', '/gateway', '/education']);
  });
});
