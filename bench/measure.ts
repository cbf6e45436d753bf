// One measured load of `pnpm bench`: runs the load process (load.ts) on a plan, and reads every
// process's CPU time, and each of our services' SQL statement and garbage-collection counters,
// exactly at the start and the end of its measured window (the load process announces both on its
// stdout).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { LONG_GC_PAUSE_SECONDS, ROOT_DIR } from '@snn/platform';
import { exited } from '../scripts/processes';
import type { LoadPlan } from './load';
import type { BenchRequest } from './scenarios';
import { loadResult, type LoadResult } from './stats';

export interface Measured extends LoadResult {
  /** CPU milliseconds per request, by process, over the measured window. */
  cpuMsPerRequest: Record<string, number>;
  /** SQL statements per request, by subgraph, over the measured window. */
  sqlPerRequest: Record<string, number>;
  /** Milliseconds of garbage collection per request, by service of ours (its /metrics), over the window. */
  gcMsPerRequest: Record<string, number>;
  /** Collections of 25 ms or more in the window, by service of ours: a request that meets one waits for it. */
  longGcPauses: Record<string, number>;
  /** When several rounds were combined: each round's requests/s and own gateway CPU ms/request. */
  rounds?: Array<{ rps: number; cpuMsPerRequest: Record<string, number> }>;
}

export interface Probes {
  /** CPU seconds used so far, by process name. */
  cpu(): Record<string, number>;
  /** Counters of our services so far, by service (their /metrics). */
  counters(): Promise<Record<string, ServiceCounters>>;
}

/** What `pnpm bench` reads from one of our services' /metrics. */
export interface ServiceCounters {
  /** SQL statements run (a subgraph's `snn_sql_statements_total`; NaN for the gateway). */
  statements: number;
  /** Time spent collecting garbage, all kinds (prom-client's `nodejs_gc_duration_seconds`). */
  gcSeconds: number;
  /** Collections that took LONG_GC_PAUSE_SECONDS or more (the histogram's count above that bound, one of GC_PAUSE_BUCKETS). */
  longGcPauses: number;
}

const LONG_GC_PAUSE_BOUND = `le="${LONG_GC_PAUSE_SECONDS}"`;

/** The counters in a /metrics text (Prometheus exposition format, one sample per line). */
export function countersOf(text: string): ServiceCounters {
  let statements = NaN;
  let gcSeconds = 0;
  let collections = 0;
  let shortOnes = 0;
  for (const line of text.split('\n')) {
    const value = () => Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('snn_sql_statements_total{')) statements = value();
    else if (line.startsWith('nodejs_gc_duration_seconds_sum{')) gcSeconds += value();
    else if (line.startsWith('nodejs_gc_duration_seconds_count{')) collections += value();
    else if (line.startsWith('nodejs_gc_duration_seconds_bucket{') && line.includes(LONG_GC_PAUSE_BOUND)) shortOnes += value();
  }
  return { statements, gcSeconds, longGcPauses: collections - shortOnes };
}

/** The counters of the services whose /metrics are at `metricsUrls` (name → URL). */
export async function serviceCounters(metricsUrls: Record<string, string>): Promise<Record<string, ServiceCounters>> {
  return Object.fromEntries(
    await Promise.all(Object.entries(metricsUrls).map(async ([name, url]) => [name, countersOf(await (await fetch(url)).text())] as const)),
  );
}

export interface DriveOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Evenly paced requests per second; unset: as fast as answers come. */
  rate?: number;
}

export async function drive(url: string, requests: BenchRequest[], query: string, options: DriveOptions, probes: Probes): Promise<Measured> {
  const plan: LoadPlan = {
    url,
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    seconds: options.seconds,
    rate: options.rate,
    requests: requests.map((r) => ({ body: JSON.stringify({ query, variables: r.variables }), authorization: r.authorization })),
  };
  const planFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'snn-bench-')), 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'bench', 'load.ts'), planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let cpuBefore: Record<string, number> = {};
  let cpuAfter: Record<string, number> = {};
  let countersBefore: Promise<Record<string, ServiceCounters>> = Promise.resolve({});
  let countersAfter: Promise<Record<string, ServiceCounters>> = Promise.resolve({});
  let result: LoadResult | undefined;
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    if (line === 'MEASURE_START') {
      cpuBefore = probes.cpu();
      countersBefore = probes.counters();
    } else if (line === 'MEASURE_END') {
      cpuAfter = probes.cpu();
      countersAfter = probes.counters();
    } else if (line.startsWith('{')) result = JSON.parse(line) as LoadResult;
  }
  if ((await exited(child)) !== 0 || !result) throw new Error(`load process failed for ${url}`);
  const [c0, c1] = await Promise.all([countersBefore, countersAfter]);
  const n = Math.max(1, result.requests);
  const delta = (f: (c: ServiceCounters) => number, names: string[]) => Object.fromEntries(names.map((k) => [k, f(c1[k]!) - f(c0[k]!)]));
  const perRequest = (d: Record<string, number>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v / n]));
  const services = Object.keys(c1);
  return {
    ...result,
    cpuMsPerRequest: Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, ((cpuAfter[k]! - cpuBefore[k]!) * 1000) / n])),
    // Reading /metrics runs no SQL, and nothing but the load runs during the window.
    sqlPerRequest: perRequest(
      delta(
        (c) => c.statements,
        services.filter((k) => !Number.isNaN(c1[k]!.statements)),
      ),
    ),
    gcMsPerRequest: perRequest(delta((c) => c.gcSeconds * 1000, services)),
    longGcPauses: delta((c) => c.longGcPauses, services),
  };
}

/**
 * Rounds of the same load, taken at different times, as one measurement: all their latencies,
 * requests over the summed windows, CPU and statements over all their requests.
 */
export function combineRounds(rounds: Measured[]): Measured {
  if (rounds.length === 1) return rounds[0]!;
  const requests = rounds.reduce((s, r) => s + r.requests, 0);
  const perRequest = (field: 'cpuMsPerRequest' | 'sqlPerRequest' | 'gcMsPerRequest') =>
    Object.fromEntries(Object.keys(rounds[0]![field]).map((k) => [k, rounds.reduce((s, r) => s + (r[field][k] ?? 0) * r.requests, 0) / Math.max(1, requests)]));
  return {
    ...loadResult(
      rounds.flatMap((r) => r.latencies),
      rounds.reduce((s, r) => s + r.errors, 0),
      rounds.reduce((s, r) => s + r.seconds, 0),
    ),
    cpuMsPerRequest: perRequest('cpuMsPerRequest'),
    sqlPerRequest: perRequest('sqlPerRequest'),
    gcMsPerRequest: perRequest('gcMsPerRequest'),
    longGcPauses: Object.fromEntries(Object.keys(rounds[0]!.longGcPauses).map((k) => [k, rounds.reduce((s, r) => s + (r.longGcPauses[k] ?? 0), 0)])),
    rounds: rounds.map((r) => ({ rps: r.rps, cpuMsPerRequest: r.cpuMsPerRequest })),
  };
}
