// Bulk loading for the demo generator: one statement per batch of thousands of rows, through
// json_populate_recordset, identical on PostgreSQL and PGlite (no per-row round trips, one bound
// parameter per batch instead of one per value).
import { getTableColumns, getTableName, sql, type InferInsertModel } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db';

const BATCH_ROWS = 5000;

export async function bulkInsert<T extends PgTable>(db: Db, table: T, rows: InferInsertModel<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0] as object).filter((k) => k in columns);
  const names = keys.map((k) => (columns[k] as { name: string }).name);
  const target = sql.identifier(getTableName(table));
  const columnList = sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS).map((row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[names[i] as string] = (row as Record<string, unknown>)[keys[i] as string];
      return out;
    });
    await db.execute(
      sql`insert into ${target} (${columnList}) select ${columnList} from json_populate_recordset(null::${target}, ${JSON.stringify(batch)}::json)`,
    );
  }
}

/**
 * Buffers rows and writes them in batches, so a generator over 1,000,000 citizens stays in bounded
 * memory. `parents` are flushed first, so that a child row never reaches the database before the
 * row its foreign key points to.
 */
export class BulkWriter<T extends PgTable> {
  private rows: InferInsertModel<T>[] = [];
  constructor(
    private readonly db: Db,
    private readonly table: T,
    private readonly parents: Array<{ flush(): Promise<void> }> = [],
  ) {}
  async push(row: InferInsertModel<T>): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= BATCH_ROWS) await this.flush();
  }
  async flush(): Promise<void> {
    for (const parent of this.parents) await parent.flush();
    const rows = this.rows;
    this.rows = [];
    await bulkInsert(this.db, this.table, rows);
  }
}
