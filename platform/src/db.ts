// A subgraph's own database: PostgreSQL through postgres.js, or embedded PGlite. Both speak
// to drizzle; callers see one `Database` and never know which is underneath.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

/** drizzle over either driver. Relational queries are not used: data functions use the query builder. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; max?: number }
  /** `dir` persists on disk; without it the database lives in memory (tests), optionally cloned from `loadDataDir`. */
  | { kind: 'pglite'; dir?: string; loadDataDir?: Blob };

export interface Database {
  kind: 'postgres' | 'pglite';
  db: Db;
  /** SQL statements run since open: the N+1 guard in tests and `pnpm bench` read it. */
  stats: { statements: number };
  migrate(migrationsFolder: string): Promise<void>;
  /** Resolves when the database answers within `timeoutMs`, throws otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /** Embedded only: a snapshot of the whole data directory, to clone a seeded database in tests. */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const stats = { statements: 0 };
  const logger = { logQuery: () => void stats.statements++ };

  if (options.kind === 'postgres') {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 60,
    });
    // drizzle asks postgres.js for unnamed statements (parsed and planned on every call) unless a
    // query is given a name; every statement text here is parameterised (keys travel as one array,
    // see anyOf), so each connection can prepare it once and only bind afterwards. Object.assign,
    // not `{ ...options, prepare: true }`: on Node 20 that spread kept every answer's rows alive
    // until a full collection (docs/decisions/0008-young-generation-retention.md).
    const unsafePrepared = (query: string, params?: unknown[], options?: object) =>
      client.unsafe(query, params as never, Object.assign({}, options, { prepare: true }));
    const prepared = new Proxy(client, {
      get: (target, prop, receiver) => (prop === 'unsafe' ? unsafePrepared : Reflect.get(target, prop, receiver)),
    });
    const db = drizzlePostgres({ client: prepared, logger }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      stats,
      migrate: async (migrationsFolder) => {
        // One connection holding an advisory lock: two replicas booting at once migrate in turn.
        const single = postgres(options.url, { max: 1, onnotice: () => {} });
        try {
          await single`select pg_advisory_lock(727271)`;
          await migratePostgres(drizzlePostgres({ client: single }), { migrationsFolder });
        } finally {
          await single.end();
        }
      },
      ping: (timeoutMs = 2000) =>
        withTimeout(
          client`select 1`.then(() => undefined),
          timeoutMs,
        ),
      dump: () => Promise.reject(new Error('dump() is for embedded databases')),
      close: () => client.end({ timeout: 5 }),
    };
  }

  if (options.dir) mkdirSync(path.dirname(options.dir), { recursive: true });
  const client = new PGlite({ dataDir: options.dir, loadDataDir: options.loadDataDir });
  await client.waitReady;
  const db = drizzlePglite({ client, logger }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    stats,
    migrate: (migrationsFolder) => migratePglite(db as never, { migrationsFolder }),
    ping: (timeoutMs = 2000) =>
      withTimeout(
        client.query('select 1').then(() => undefined),
        timeoutMs,
      ),
    dump: async () => client.dumpDataDir('none'),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Rows of a raw statement, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Creates the PostgreSQL database named in `url` when it does not exist yet (dev and CI convenience). */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await client`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await client.unsafe(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
