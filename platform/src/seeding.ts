// Seeds a subgraph's database once: a marker row records the universe it holds, so a restart
// does not seed twice, and a seed cut off half-way is wiped and redone on the next start.
import { sql } from 'drizzle-orm';
import type { Database } from './db';
import { rowsOf } from './db';
import { Universe } from './demo/universe';
import type { Logger } from './logger';

export interface SeedRequest {
  citizens: number;
  seed: number;
}
export { DEMO_DEFAULT_SEED as DEFAULT_SEED } from './config';

export async function seededUniverse(database: Database): Promise<SeedRequest | null> {
  await database.db.execute(sql`create table if not exists snn_seed (
    singleton boolean primary key default true check (singleton), seed integer not null,
    citizens integer not null, seeded_at timestamptz not null default now())`);
  const rows = await rowsOf<{ seed: number; citizens: number }>(database.db, sql`select seed, citizens from snn_seed`);
  return rows[0] ?? null;
}

export async function ensureSeeded(
  database: Database,
  request: SeedRequest,
  tables: string[],
  seed: (universe: Universe) => Promise<void>,
  log: Logger,
  options: { force?: boolean } = {},
): Promise<boolean> {
  const current = await seededUniverse(database);
  if (current && !options.force) {
    if (current.citizens !== request.citizens || current.seed !== request.seed) {
      log.info({ current, request }, 'database already holds another demo universe; keeping it (reseed with `pnpm seed`)');
    }
    return false;
  }
  const started = Date.now();
  await database.db.execute(sql`delete from snn_seed`);
  const tableList = tables.map((t) => `"${t}"`).join(', ');
  await database.db.execute(sql.raw(`truncate ${tableList} cascade`));
  await seed(new Universe(request.seed, request.citizens));
  // Bulk-loaded tables have no planner statistics until autovacuum gets to them: without them
  // PostgreSQL guesses row counts and picks scans 40x slower than the index (seen at 100k
  // citizens). VACUUM also marks the pages all-visible, so counts can be index-only scans.
  await database.db.execute(sql.raw(`vacuum (analyze) ${tableList}`));
  await database.db.execute(sql`insert into snn_seed (seed, citizens) values (${request.seed}, ${request.citizens})`);
  log.info({ citizens: request.citizens, ms: Date.now() - started }, 'demo data seeded');
  return true;
}
