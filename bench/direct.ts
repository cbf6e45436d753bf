// Baseline of `pnpm bench`: the same operation sent straight to the subgraphs, without a gateway.
// A private in-process @apollo/gateway records, for each sample request, the subgraph requests
// its plan makes and which of them wait for which (a fetch that starts after another has answered
// is on a later level). They are then replayed directly, level after level, the fetches of a level
// in parallel, one sample at a time: the sum of the levels' times is the critical-path latency our
// gateway's own latency at one connection is compared with.
import http from 'node:http';
import { ApolloGateway, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ForwardingDataSource } from './gateways/forwarding';
import type { BenchRequest } from './scenarios';
import { median, quantile } from './stats';

interface Fetch {
  subgraph: string;
  url: string;
  body: string;
  start: number;
  end: number;
}
export interface RecordedRequest {
  levels: Array<Array<Pick<Fetch, 'subgraph' | 'url' | 'body'>>>;
  authorization: string;
}
interface Context {
  authorization: string;
}

export async function recordSubgraphFetches(
  supergraphSdl: string,
  urls: Record<string, string>,
  query: string,
  samples: BenchRequest[],
): Promise<RecordedRequest[]> {
  let fetches: Fetch[] = [];
  class Recorder extends ForwardingDataSource<Context> {
    constructor(
      private readonly subgraph: string,
      url: string,
    ) {
      super({ url });
    }
    override async process(options: GraphQLDataSourceProcessOptions<Context>) {
      const start = performance.now();
      const result = await super.process(options);
      const { query: q, variables, operationName } = options.request;
      fetches.push({ subgraph: this.subgraph, url: this.url!, body: JSON.stringify({ query: q, variables, operationName }), start, end: performance.now() });
      return result;
    }
  }
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name }) => new Recorder(name, urls[name]!) });
  const server = new ApolloServer<Context>({ gateway });
  await server.start();
  const recorded: RecordedRequest[] = [];
  try {
    for (const sample of samples) {
      fetches = [];
      const response = await server.executeOperation({ query, variables: sample.variables }, { contextValue: { authorization: sample.authorization } });
      if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`recording failed: ${JSON.stringify(response.body)}`);
      recorded.push({ levels: levelsOf(fetches), authorization: sample.authorization });
    }
  } finally {
    await server.stop();
  }
  return recorded;
}

/** Groups fetches by dependency level: level n+1 starts only after something of level n answered. */
function levelsOf(fetches: Fetch[]): RecordedRequest['levels'] {
  return levelsBy(
    fetches,
    (f) => f.start,
    (f) => f.end,
  ).map((level) => level.map((f) => ({ subgraph: f.subgraph, url: f.url, body: f.body })));
}

/** Calls by dependency level, from when each started and ended: one that starts after another has ended is on a later level. */
export function levelsBy<T>(calls: readonly T[], start: (call: T) => number, end: (call: T) => number): T[][] {
  const level = new Map<T, number>();
  for (const c of [...calls].sort((a, b) => start(a) - start(b))) {
    let l = 0;
    for (const [d, dl] of level) if (end(d) <= start(c)) l = Math.max(l, dl + 1);
    level.set(c, l);
  }
  const levels: T[][] = [];
  for (const [c, l] of level) (levels[l] ??= []).push(c);
  return levels;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** A GraphQL POST over keep-alive node:http (the bench's lightest client); the answer's text, rejected unless 200 without errors. */
export function post(url: string, body: string, authorization: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200 && !text.includes('"errors"') ? resolve(text) : reject(new Error(`${url}: ${res.statusCode} ${text.slice(0, 300)}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface DirectResult {
  p50: number;
  p95: number;
  perSubgraphP50: Record<string, number>;
  levels: number;
  fetchesPerRequest: number;
  /** Raw critical-path, per-subgraph and per-level latencies (ms), for combining rounds; not written to the results file. */
  latencies: { paths: number[]; bySubgraph: Record<string, number[]>; byLevel: number[][] };
}

type Sinks = Pick<DirectResult['latencies'], 'bySubgraph' | 'byLevel'>;

/** One recorded request sent straight to the subgraphs, level after level, a level's fetches in parallel: its critical path, ms. */
async function replayOne(request: RecordedRequest, { bySubgraph, byLevel }: Sinks): Promise<number> {
  let total = 0;
  for (const [l, level] of request.levels.entries()) {
    const t0 = performance.now();
    await Promise.all(
      level.map(async (f) => {
        const s = performance.now();
        await post(f.url, f.body, request.authorization);
        (bySubgraph[f.subgraph] ??= []).push(performance.now() - s);
      }),
    );
    const took = performance.now() - t0;
    (byLevel[l] ??= []).push(took);
    total += took;
  }
  return total;
}

/**
 * Replays the recorded requests one at a time, in order and again, for `seconds` (at least once
 * each); latencies in ms. A duration rather than a count, so that a round of it weighs as much as
 * a round of the gateway it is compared with.
 */
export async function replayDirect(recorded: RecordedRequest[], seconds: number): Promise<DirectResult> {
  const paths: number[] = [];
  const sinks: Sinks = { bySubgraph: {}, byLevel: [] };
  const until = performance.now() + seconds * 1000;
  for (let i = 0; i < recorded.length || performance.now() < until; i++) paths.push(await replayOne(recorded[i % recorded.length]!, sinks));
  return directResult(recorded, { paths, ...sinks });
}

export interface PairedResult {
  /** Our gateway's latencies, ms, one per pair. */
  gateway: { p50: number; p95: number; requests: number };
  /** The same requests' critical paths sent directly, one per pair. */
  direct: DirectResult;
  /** The ratio of the two medians within each consecutive part of the run (`parts` of them): how much it moves. */
  partRatios: number[];
}

/**
 * At one connection, each sample request sent through our gateway and its recorded subgraph
 * requests sent directly, back to back, by the same client in this process, for `seconds`; which
 * goes first alternates (the first warms PostgreSQL's pages for the second). Paired rather than in
 * rounds of seconds: the machine's speed drifts within a minute here, and a round of one against
 * the next round of the other moved their ratio by ×1.06–×1.45 within a run (4 December).
 * `samples[i]` is the request `recorded[i]` was recorded from.
 */
export async function pairedWithGateway(
  gatewayUrl: string,
  query: string,
  samples: BenchRequest[],
  recorded: RecordedRequest[],
  seconds: number,
  parts: number,
): Promise<PairedResult> {
  const ours: number[] = [];
  const paths: number[] = [];
  const sinks: Sinks = { bySubgraph: {}, byLevel: [] };
  const throughGateway = async (i: number) => {
    const t0 = performance.now();
    await post(gatewayUrl, JSON.stringify({ query, variables: samples[i]!.variables }), samples[i]!.authorization);
    return performance.now() - t0;
  };
  const until = performance.now() + seconds * 1000;
  for (let k = 0; k < recorded.length || performance.now() < until; k++) {
    const i = k % recorded.length;
    if (k % 2 === 0) {
      ours.push(await throughGateway(i));
      paths.push(await replayOne(recorded[i]!, sinks));
    } else {
      paths.push(await replayOne(recorded[i]!, sinks));
      ours.push(await throughGateway(i));
    }
  }
  const size = Math.ceil(ours.length / parts);
  const partRatios = Array.from({ length: parts }, (_, p) => median(ours.slice(p * size, (p + 1) * size)) / median(paths.slice(p * size, (p + 1) * size)));
  const sorted = [...ours].sort((a, b) => a - b);
  return {
    gateway: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), requests: ours.length },
    direct: directResult(recorded, { paths, ...sinks }),
    partRatios,
  };
}

/** Rounds of the replay, taken at different times, as one measurement over all their latencies. */
export function combineDirect(recorded: RecordedRequest[], rounds: DirectResult[]): DirectResult {
  const bySubgraph: Record<string, number[]> = {};
  const byLevel: number[][] = [];
  for (const r of rounds) {
    for (const [k, v] of Object.entries(r.latencies.bySubgraph)) (bySubgraph[k] ??= []).push(...v);
    r.latencies.byLevel.forEach((v, l) => (byLevel[l] ??= []).push(...v));
  }
  return directResult(recorded, { paths: rounds.flatMap((r) => r.latencies.paths), bySubgraph, byLevel });
}

function directResult(recorded: RecordedRequest[], latencies: DirectResult['latencies']): DirectResult {
  const sorted = [...latencies.paths].sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    perSubgraphP50: Object.fromEntries(Object.entries(latencies.bySubgraph).map(([k, v]) => [k, median(v)])),
    levels: recorded[0]?.levels.length ?? 0,
    fetchesPerRequest: recorded.reduce((s, r) => s + r.levels.flat().length, 0) / Math.max(1, recorded.length),
    latencies,
  };
}
