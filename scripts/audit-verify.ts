// `pnpm run audit:verify [--only education,armed-forces]`: recomputes the hash chain of each
// subgraph's audit log (same database targets as `pnpm start`) and names the first altered row.
// Exits 1 when a chain is broken.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { databaseTargetOf, openDatabase, rowsOf, SUBGRAPHS, verifyAuditChain, type SubgraphName } from '@snn/platform';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const names = (values.only ? values.only.split(',') : [...SUBGRAPHS]) as SubgraphName[];
let broken = false;
for (const name of names) {
  if (!SUBGRAPHS.includes(name)) throw new Error(`unknown subgraph "${name}"`);
  const database = await openDatabase(databaseTargetOf(name));
  try {
    const [exists] = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from pg_tables where tablename = 'audit_log'`);
    if (!exists?.n) {
      console.log(`${name.padEnd(13)} no audit log yet`);
      continue;
    }
    const report = await verifyAuditChain(database.db);
    if (report.firstBrokenId === null) console.log(`${name.padEnd(13)} ok: ${report.rows} rows, chain intact`);
    else {
      broken = true;
      console.log(`${name.padEnd(13)} BROKEN at row ${report.firstBrokenId} (of ${report.rows}): that row or the one before it was altered or removed`);
    }
  } finally {
    await database.close();
  }
}
process.exit(broken ? 1 : 0);
