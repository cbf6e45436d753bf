// One place that reads the environment. Every service gets its settings from here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SUBGRAPHS = ['education', 'armed-forces', 'economy', 'universities', 'solidarity'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000,
  education: 4001,
  'armed-forces': 4002,
  economy: 4003,
  universities: 4004,
  solidarity: 4005,
};

/** `armed-forces` → `ARMED_FORCES`: the prefix of that service's variables. */
export function envPrefix(name: SubgraphName | 'gateway'): string {
  return name.toUpperCase().replace(/-/g, '_');
}

export function intFromEnv(key: string, fallback: number): number {
  const raw = process.env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function portOf(name: SubgraphName | 'gateway'): number {
  return intFromEnv(`${envPrefix(name)}_PORT`, DEFAULT_PORTS[name]);
}

export function hostOf(): string {
  return process.env.HOST ?? '127.0.0.1';
}

/** Where the embedded databases live when no DATABASE_URL is given. */
export function dataDir(): string {
  return path.resolve(process.env.SNN_DATA_DIR ?? path.join(ROOT_DIR, '.data'));
}

/**
 * A subgraph's database: its own `<NAME>_DATABASE_URL` (PostgreSQL), or else its own
 * embedded PGlite directory under `.data/<name>`.
 */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

export function databaseTargetOf(name: SubgraphName): DatabaseTarget {
  const url = process.env[`${envPrefix(name)}_DATABASE_URL`];
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dir: path.join(dataDir(), name) };
}

export function subgraphUrlOf(name: SubgraphName): string {
  return process.env[`${envPrefix(name)}_URL`] ?? `http://localhost:${portOf(name)}/graphql`;
}

export const DEMO_DEFAULT_CITIZENS = 5000;

/**
 * V8 flags of the service processes when the whole federation shares one machine (`pnpm start`,
 * `pnpm bench`). Young-generation collections on the main thread alone: V8's parallel scavenger
 * adds helper threads that, on cores the other services are using, spent 15–45 ms of CPU per
 * scavenge to shorten a 10–16 ms pause by a third, and the subgraphs used ×0.85 (universities) and
 * ×0.91 (economy) of the CPU per entity call without them, lower in each of six alternating
 * rounds; the gateway's was the same. And, with that single-threaded scavenger, 16 MiB
 * semi-spaces rather than the 32 chosen before it: each scavenge's pause grows with the
 * semi-space here (in the traces a fifth of what was allocated survived one), and a request that
 * meets one waits for it. The whole federation under the roster at 6 connections,
 * alternating: p99 ×0.83–0.86 of 32 MiB's in each of five pairs, as many requests or more,
 * scavenges of 11–23 ms against 27–52 (median per service). 8 MiB won three pairs of five against
 * 16 and lost two by more. A service alone on its machine (its package's start script) keeps
 * the parallel scavenger and 32 MiB.
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=16', '--single-threaded-gc'];
