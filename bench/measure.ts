// One measured load of `pnpm bench`: runs the load process (load.ts) on a plan, and reads every
// process's CPU time and each subgraph's SQL statement counter exactly at the start and the end
// of its measured window (the load process announces both on its stdout).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT_DIR } from '@snn/platform';
import { exited } from '../scripts/processes';
import type { LoadPlan } from './load';
import type { BenchRequest } from './scenarios';
import { loadResult, type LoadResult } from './stats';

export interface Measured extends LoadResult {
  /** CPU milliseconds per request, by process, over the measured window. */
  cpuMsPerRequest: Record<string, number>;
  /** SQL statements per request, by subgraph, over the measured window. */
  sqlPerRequest: Record<string, number>;
  /** When several rounds were combined: each round's requests/s and own gateway CPU ms/request. */
  rounds?: Array<{ rps: number; cpuMsPerRequest: Record<string, number> }>;
}

export interface Probes {
  /** CPU seconds used so far, by process name. */
  cpu(): Record<string, number>;
  /** SQL statements run so far, by subgraph (their /metrics). */
  sql(): Promise<Record<string, number>>;
}

/** The SQL statement counters of the subgraphs listening at `metricsUrls` (name → /metrics URL). */
export async function sqlStatements(metricsUrls: Record<string, string>): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(Object.entries(metricsUrls).map(async ([name, url]) => {
    const text = await (await fetch(url)).text();
    const match = /^snn_sql_statements_total\{[^}]*\} (\d+)/m.exec(text);
    return [name, Number(match?.[1] ?? NaN)] as const;
  })));
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
    url, connections: options.connections, warmupSeconds: options.warmupSeconds, seconds: options.seconds, rate: options.rate,
    requests: requests.map((r) => ({ body: JSON.stringify({ query, variables: r.variables }), authorization: r.authorization })),
  };
  const planFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'snn-bench-')), 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'bench', 'load.ts'), planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let cpuBefore: Record<string, number> = {};
  let cpuAfter: Record<string, number> = {};
  let sqlBefore: Promise<Record<string, number>> = Promise.resolve({});
  let sqlAfter: Promise<Record<string, number>> = Promise.resolve({});
  let result: LoadResult | undefined;
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    if (line === 'MEASURE_START') {
      cpuBefore = probes.cpu();
      sqlBefore = probes.sql();
    } else if (line === 'MEASURE_END') {
      cpuAfter = probes.cpu();
      sqlAfter = probes.sql();
    } else if (line.startsWith('{')) result = JSON.parse(line) as LoadResult;
  }
  if ((await exited(child)) !== 0 || !result) throw new Error(`load process failed for ${url}`);
  const [s0, s1] = await Promise.all([sqlBefore, sqlAfter]);
  const n = Math.max(1, result.requests);
  return {
    ...result,
    cpuMsPerRequest: Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, ((cpuAfter[k]! - cpuBefore[k]!) * 1000) / n])),
    // Reading /metrics runs no SQL, and nothing but the load runs during the window.
    sqlPerRequest: Object.fromEntries(Object.keys(s1).map((k) => [k, (s1[k]! - s0[k]!) / n])),
  };
}

/**
 * Rounds of the same load, taken at different times, as one measurement: all their latencies,
 * requests over the summed windows, CPU and statements over all their requests.
 */
export function combineRounds(rounds: Measured[]): Measured {
  if (rounds.length === 1) return rounds[0]!;
  const requests = rounds.reduce((s, r) => s + r.requests, 0);
  const perRequest = (field: 'cpuMsPerRequest' | 'sqlPerRequest') => Object.fromEntries(Object.keys(rounds[0]![field]).map((k) =>
    [k, rounds.reduce((s, r) => s + (r[field][k] ?? 0) * r.requests, 0) / Math.max(1, requests)]));
  return {
    ...loadResult(rounds.flatMap((r) => r.latencies), rounds.reduce((s, r) => s + r.errors, 0), rounds.reduce((s, r) => s + r.seconds, 0)),
    cpuMsPerRequest: perRequest('cpuMsPerRequest'),
    sqlPerRequest: perRequest('sqlPerRequest'),
    rounds: rounds.map((r) => ({ rps: r.rps, cpuMsPerRequest: r.cpuMsPerRequest })),
  };
}
