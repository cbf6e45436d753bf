// The load generator of `pnpm bench`, in its own process so that it does not share an event loop
// with what it measures. Reads a LoadPlan (JSON file named on the command line), drives it with
// autocannon (fixed connections, optional fixed overall rate), warm-up first, then the measured
// window between the lines MEASURE_START and MEASURE_END (the parent reads CPU counters there),
// then one JSON line: the LoadResult.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadPlan {
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Requests per second over all connections; unset means as fast as answers come. */
  rate?: number;
  /** Cycled through, one per request. `__SEQ__` in a body becomes a number unique to the request. */
  requests: Array<{ body: string; authorization: string }>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  /** HTTP status other than 200, or a GraphQL `errors` entry in the answer. */
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadPlan;
let next = 0;
const runId = `${process.pid}-${Date.now()}`;

function run(seconds: number, record: boolean): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon({
      url: plan.url,
      connections: plan.connections,
      duration: seconds,
      overallRate: plan.rate,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{
        setupRequest: (req) => {
          const r = plan.requests[next++ % plan.requests.length]!;
          return { ...req, body: r.body.replaceAll('__SEQ__', `${runId}-${next}`), headers: { ...req.headers, authorization: r.authorization } };
        },
        onResponse: (status, body) => {
          if (record && (status !== 200 || body.includes('"errors"'))) errors++;
        },
      }],
    }, (err) => {
      if (err) reject(err);
      else resolve({ latencies, errors, seconds: (performance.now() - started) / 1000 });
    });
    if (record) instance.on('response', (_client, _status, _bytes, ms: number) => latencies.push(ms));
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

if (plan.warmupSeconds > 0) await run(plan.warmupSeconds, false);
console.log('MEASURE_START');
const measured = await run(plan.seconds, true);
console.log('MEASURE_END');
const sorted = measured.latencies.sort((a, b) => a - b);
const result: LoadResult = {
  requests: sorted.length,
  seconds: measured.seconds,
  rps: sorted.length / measured.seconds,
  errors: measured.errors,
  p50: quantile(sorted, 0.5),
  p95: quantile(sorted, 0.95),
  p99: quantile(sorted, 0.99),
  mean: sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length),
};
console.log(JSON.stringify(result));
