// What `pnpm bench` prints and writes: the table of every scenario × gateway, ours ÷ each baseline
// (ratios measured in the same run), peak memory, and bench/results/<date>.json.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LONG_GC_PAUSE_SECONDS, ROOT_DIR, SUBGRAPHS } from '@snn/platform';
import type { DirectResult, PairedResult } from './direct';
import type { Measured } from './measure';
import type { RampStep } from './stats';

export type Target = 'ours' | 'stock' | 'hive';

export interface ScenarioResult {
  description: string;
  poolSize: number;
  targets: Partial<Record<Target, Measured>>;
  /** Ours at one connection, driven by the load process. */
  oneConnection?: Measured;
  /** Ours at one connection, each request paired with its subgraph requests sent directly (direct.ts: pairedWithGateway). */
  oneConnectionPaired?: PairedResult['gateway'];
  /** Those same subgraph requests sent directly, on the plan's critical path, from the same client. */
  direct?: DirectResult;
  /** The paired p50s' ratio within each part of the paired run (one part per round): how much it drifts within a run. */
  oneConnectionRoundRatios?: number[];
  /** Hand-written SQL per owner. */
  floor?: { p50: number; p95: number };
  /** Ours at one connection, the bench's --connections, and the steps between (RAMP in run.ts). */
  ramp?: RampStep[];
  /** Ours at the fewest connections that deliver 80 % of its peak (closed loop). */
  at80?: Measured & { connections: number; peak: number };
  /** Ours sent 80 % of its peak rate, evenly paced (open loop). */
  at80Paced?: Measured & { rate: number };
}

export type Ratios = Record<string, Record<string, number | undefined>>;

const fmt = (n: number | undefined, d = 1) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(d));
const sum = (r: Record<string, number>, keys: readonly string[]) => keys.reduce((s, k) => s + (r[k] ?? 0), 0);
/** A scenario's one-connection ratio of each round, `×1.14, ×1.11`; '' when it has none. */
export const roundRatios = (r: ScenarioResult | undefined): string => r?.oneConnectionRoundRatios?.map((x) => `×${fmt(x, 2)}`).join(', ') ?? '';

/** Where garbage collection stood in a measured window: ms per request and long collections, by service. */
export const gcSummary = (m: Measured): string =>
  Object.keys(m.gcMsPerRequest)
    .map((k) => `${k} ${fmt(m.gcMsPerRequest[k], 2)} ms/req, ${m.longGcPauses[k] ?? 0} ≥ ${LONG_GC_PAUSE_SECONDS * 1000} ms`)
    .join(' · ');

export function ratiosOf(results: Record<string, ScenarioResult>): Ratios {
  const ratios: Ratios = {};
  for (const [name, r] of Object.entries(results)) {
    const ours = r.targets.ours;
    if (!ours) continue;
    ratios[name] = {
      cpuPerRequestVsStock: r.targets.stock ? ours.cpuMsPerRequest.ours! / r.targets.stock.cpuMsPerRequest.stock! : undefined,
      rpsVsStock: r.targets.stock ? ours.rps / r.targets.stock.rps : undefined,
      rpsVsHive: r.targets.hive ? ours.rps / r.targets.hive.rps : undefined,
      oneConnectionP50VsCriticalPath: r.direct && r.oneConnectionPaired ? r.oneConnectionPaired.p50 / r.direct.p50 : undefined,
      oneConnectionP50VsSqlFloor: r.floor ? r.oneConnection!.p50 / r.floor.p50 : undefined,
      peakRps: r.at80?.peak,
      p99At80PercentMs: r.at80?.p99,
      p99At80PercentPacedMs: r.at80Paced?.p99,
    };
  }
  return ratios;
}

export function printReport(heading: string, results: Record<string, ScenarioResult>, ratios: Ratios, memory: Record<string, number>): void {
  console.log(`\n${heading}\n`);
  console.log(
    ['scenario', 'gateway', 'req/s', 'p50', 'p95', 'p99', 'errors', 'gw CPU ms/req', 'subgraphs CPU', 'PG CPU', 'SQL/req']
      .map((h, i) => (i < 2 ? h.padEnd(11) : h.padStart(i > 6 ? 14 : 7)))
      .join(' '),
  );
  for (const [name, r] of Object.entries(results)) {
    for (const [target, m] of Object.entries(r.targets)) {
      console.log(
        [
          name.padEnd(11),
          target.padEnd(11),
          fmt(m.rps, 0).padStart(7),
          fmt(m.p50).padStart(7),
          fmt(m.p95).padStart(7),
          fmt(m.p99).padStart(7),
          String(m.errors).padStart(7),
          fmt(m.cpuMsPerRequest[target], 2).padStart(14),
          fmt(sum(m.cpuMsPerRequest, SUBGRAPHS), 2).padStart(14),
          fmt(m.cpuMsPerRequest.postgres, 2).padStart(14),
          fmt(sum(m.sqlPerRequest, SUBGRAPHS), 1).padStart(14),
        ].join(' '),
      );
    }
  }
  console.log('\nours ÷ baseline (same run):');
  for (const [name, q] of Object.entries(ratios)) {
    const rounds = roundRatios(results[name]);
    const byRound = rounds ? ` (by part ${rounds})` : '';
    console.log(
      `  ${name.padEnd(11)} gateway CPU/request ×${fmt(q.cpuPerRequestVsStock, 2)} of stock · req/s ×${fmt(q.rpsVsStock, 2)} stock, ×${fmt(q.rpsVsHive, 2)} Hive · p50 at 1 connection ×${fmt(q.oneConnectionP50VsCriticalPath, 2)} the direct critical path, paired${byRound}${q.oneConnectionP50VsSqlFloor ? `, ×${fmt(q.oneConnectionP50VsSqlFloor, 2)} the SQL floor` : ''} · p99 at 80 % of its peak (${fmt(q.peakRps, 0)} req/s) ${fmt(q.p99At80PercentMs)} ms at fixed connections, ${fmt(q.p99At80PercentPacedMs)} ms evenly paced`,
    );
  }
  console.log(
    '\npeak memory (MiB): ' +
      Object.entries(memory)
        .map(([k, v]) => `${k} ${v}`)
        .join(' · '),
  );
}

/** Writes bench/results/<date>.json (not committed); returns its path. */
export function writeResults(content: Record<string, unknown>): string {
  const file = path.join(ROOT_DIR, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  // Raw latencies stay out: the percentiles say what they held, and the file stays small.
  writeFileSync(
    file,
    JSON.stringify({ date: new Date().toISOString(), ...content }, (key, value) => (key === 'latencies' ? undefined : value), 2),
  );
  return file;
}
