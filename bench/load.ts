// The load generator of `pnpm bench`, in its own process so that it does not share an event loop
// with what it measures. Reads a LoadPlan (JSON file named on the command line) and drives it:
// as fast as answers come with autocannon (fixed connections), or at a fixed rate with evenly
// spaced requests (autocannon's own rate limit sends each second's quota in a burst, which measures
// its bursts, not the service). Warm-up first, then the measured window between the lines
// MEASURE_START and MEASURE_END (the parent reads CPU counters there), then one JSON line: the
// LoadResult.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { loadResult } from './stats';

export interface LoadPlan {
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Requests per second, evenly spaced over the connections; unset means as fast as answers come. */
  rate?: number;
  /** Cycled through, one per request. `__SEQ__` in a body becomes a number unique to the request. */
  requests: Array<{ body: string; authorization: string }>;
}

const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadPlan;
let next = 0;
const runId = `${process.pid}-${Date.now()}`;

/** A request's body for this run: `__SEQ__` made unique. */
function nextRequest(): { body: string; authorization: string } {
  const r = plan.requests[next++ % plan.requests.length]!;
  return { body: r.body.replaceAll('__SEQ__', `${runId}-${next}`), authorization: r.authorization };
}

/**
 * Open loop at `plan.rate` requests/s, evenly spaced over `plan.connections` keep-alive
 * connections. Latency counts from when a request was due, so a late send is not hidden
 * (no coordinated omission).
 */
async function paced(seconds: number, record: boolean): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const target = new URL(plan.url);
  const pool = new Pool(target.origin, { connections: plan.connections });
  const latencies: number[] = [];
  let errors = 0;
  const interval = 1000 / plan.rate!;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; ; i++) {
    const due = started + i * interval;
    if (due >= started + seconds * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const { body, authorization } = nextRequest();
    const sent = pool.request({ path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', authorization }, body }).then(
      async (res) => {
        const text = await res.body.text();
        if (!record) return;
        latencies.push(performance.now() - due);
        if (res.statusCode !== 200 || text.includes('"errors"')) errors++;
      },
      () => void (record && errors++),
    );
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  }
  await Promise.all(inFlight);
  await pool.close();
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

function run(seconds: number, record: boolean): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  if (plan.rate) return paced(seconds, record);
  const latencies: number[] = [];
  let errors = 0;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        duration: seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req) => {
              const r = nextRequest();
              return { ...req, body: r.body, headers: { ...req.headers, authorization: r.authorization } };
            },
            onResponse: (status, body) => {
              if (record && (status !== 200 || body.includes('"errors"'))) errors++;
            },
          },
        ],
      },
      (err) => {
        if (err) reject(err);
        else resolve({ latencies, errors, seconds: (performance.now() - started) / 1000 });
      },
    );
    if (record) instance.on('response', (_client, _status, _bytes, ms: number) => latencies.push(ms));
  });
}

if (plan.warmupSeconds > 0) await run(plan.warmupSeconds, false);
console.log('MEASURE_START');
const measured = await run(plan.seconds, true);
console.log('MEASURE_END');
console.log(JSON.stringify(loadResult(measured.latencies, measured.errors, measured.seconds)));
