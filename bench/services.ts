// Where `pnpm bench` and `pnpm bench:ab` run the services: the seeded `snn_bench_*` databases on
// one PostgreSQL server, subgraphs on ports 4101–4105, tokens of the bench's own dev issuer.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { DEFAULT_SEED, devIssuer, envPrefix, openDatabase, ROOT_DIR, seededUniverse, SUBGRAPHS, type DevIssuer, type SubgraphName } from '@snn/platform';
import { runTs, waitForHttp } from '../scripts/processes';

export const DEFAULT_BENCH_POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432';

/** A bench's own database on `server`, dropped and created empty: its URL. */
export async function freshBenchDatabase(server: string, name: string): Promise<string> {
  const admin = postgres(`${server}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return `${server}/${name}`;
}

export const subgraphPort = (name: SubgraphName) => 4101 + SUBGRAPHS.indexOf(name);
export const subgraphUrl = (name: SubgraphName) => `http://127.0.0.1:${subgraphPort(name)}/graphql`;
export const benchDatabaseUrl = (server: string, name: SubgraphName) => `${server}/snn_bench_${name.replace(/-/g, '_')}`;

/** How many citizens `pnpm bench` seeded into a subgraph's database on `server`; null if none (or another seed). */
export async function seededBenchCitizens(server: string, name: SubgraphName): Promise<number | null> {
  try {
    const database = await openDatabase({ kind: 'postgres', url: benchDatabaseUrl(server, name), max: 1 });
    try {
      const universe = await seededUniverse(database);
      return universe?.seed === DEFAULT_SEED ? universe.citizens : null;
    } finally {
      await database.close();
    }
  } catch {
    return null; // no such database yet
  }
}

/** The issuer the bench signs its tokens with, and every service it starts trusts. */
export const benchIssuer = (): Promise<DevIssuer> => devIssuer(path.join(ROOT_DIR, '.data', 'bench-issuer'));

/** The environment of every bench service: production mode, no demo seeding, each subgraph's database, port and URL. */
export function benchEnv(server: string, issuer: DevIssuer): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn', NODE_ENV: 'production', SNN_SEED_DEMO: 'false', SNN_JWKS_FILE: issuer.jwksPath };
  for (const name of SUBGRAPHS) {
    env[`${envPrefix(name)}_DATABASE_URL`] = benchDatabaseUrl(server, name);
    env[`${envPrefix(name)}_PORT`] = String(subgraphPort(name));
    env[`${envPrefix(name)}_URL`] = subgraphUrl(name);
  }
  return env;
}

/**
 * Starts the five subgraphs with `env` and waits until each is ready. Each child joins `into` as
 * soon as it is spawned, so that the caller can stop it even when a wait fails.
 */
export async function startSubgraphs(env: NodeJS.ProcessEnv, nodeFlags: (name: SubgraphName) => string[], into: Map<string, ChildProcess>): Promise<void> {
  await Promise.all(
    SUBGRAPHS.map(async (name) => {
      const child = runTs(name, path.join(ROOT_DIR, 'subgraphs', name, 'src', 'index.ts'), [], env, nodeFlags(name));
      into.set(name, child);
      await waitForHttp(`http://127.0.0.1:${subgraphPort(name)}/health/ready`, child, 120_000);
    }),
  );
}

/**
 * Fails unless every port is free on loopback. A federation left running (another bench, a
 * `pnpm start`) would otherwise answer the readiness probes while the bench's own services exit on
 * EADDRINUSE, and the bench would measure those instead, CPU figures of processes that are gone.
 */
export async function assertPortsFree(ports: readonly number[]): Promise<void> {
  const busy: number[] = [];
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (!free) busy.push(port);
  }
  if (busy.length > 0) throw new Error(`port(s) ${busy.join(', ')} already in use on 127.0.0.1: stop what runs there (another bench, pnpm start) first`);
}
