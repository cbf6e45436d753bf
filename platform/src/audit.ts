// The audit trail of personal data: every read of a `*:pii` field (and, later, every write) is
// appended to an `audit_log` table in the database of the subgraph that holds the data — who
// (sub, org, token id), what (field, object ids), when, under which scope, in which operation.
// Append-only (triggers refuse UPDATE, DELETE and TRUNCATE) and tamper-evident: each row carries a
// SHA-256 chained to the previous row's, and verifyAuditChain names the first row that breaks it.
// Values are never written, only pseudonymous ids.
import { createHash } from 'node:crypto';
import { asc, desc, sql } from 'drizzle-orm';
import { bigserial, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Viewer } from './auth/viewer';
import type { Db } from './db';

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  sub: text('sub').notNull(),
  org: text('org'),
  jti: text('jti'),
  action: text('action').notNull(),
  field: text('field').notNull(),
  scopes: text('scopes').array().notNull(),
  objectIds: text('object_ids').array().notNull(),
  operation: text('operation'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});
type AuditRow = typeof auditLog.$inferSelect;

const GENESIS = '0'.repeat(64);
const AUDIT_LOCK = 727272;

/** Creates the table and its append-only triggers; safe to run at every start. */
export async function ensureAuditLog(db: Db): Promise<void> {
  await db.execute(sql`create table if not exists audit_log (
    id bigserial primary key, at timestamptz not null, sub text not null, org text, jti text,
    action text not null, field text not null, scopes text[] not null, object_ids text[] not null,
    operation text, prev_hash text not null, hash text not null)`);
  await db.execute(
    sql.raw(`create or replace function audit_log_append_only() returns trigger language plpgsql as
    $$ begin raise exception 'audit_log is append-only'; end $$`),
  );
  await db.execute(
    sql`create or replace trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`,
  );
  await db.execute(
    sql`create or replace trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`,
  );
}

function hashOf(prevHash: string, row: Omit<AuditRow, 'id' | 'prevHash' | 'hash'>): string {
  const canonical = JSON.stringify([
    prevHash,
    row.at.toISOString(),
    row.sub,
    row.org,
    row.jti,
    row.action,
    row.field,
    row.scopes,
    row.objectIds,
    row.operation,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

interface Entry {
  action: 'READ' | 'WRITE';
  field: string;
  scopes: string[];
  objectIds: Set<string>;
  operation: string | null;
}

/** One request's audit entries, grouped by field, written in one transaction when the request ends. */
export class AuditTrail {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly viewer: Viewer) {}

  read(field: string, scopes: readonly string[], objectId: string | null, operation: string | null): void {
    const key = JSON.stringify([field, scopes, operation]);
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { action: 'READ', field, scopes: [...scopes], objectIds: new Set(), operation }));
    if (objectId !== null) entry.objectIds.add(objectId);
  }

  get pending(): boolean {
    return this.entries.size > 0;
  }

  async flush(db: Db): Promise<void> {
    if (!this.pending) return;
    const at = new Date();
    const entries = [...this.entries.values()];
    this.entries.clear();
    await db.transaction(async (tx) => {
      // One writer at a time, across replicas: each row is chained to the one before it.
      await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
      const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
      let prevHash = last?.hash ?? GENESIS;
      const rows = entries.map((e) => {
        const row = {
          at,
          sub: this.viewer.sub,
          org: this.viewer.org,
          jti: this.viewer.jti,
          action: e.action,
          field: e.field,
          scopes: e.scopes,
          objectIds: [...e.objectIds].sort(),
          operation: e.operation,
        };
        const hash = hashOf(prevHash, row);
        const full = { ...row, prevHash, hash };
        prevHash = hash;
        return full;
      });
      await tx.insert(auditLog).values(rows);
    });
  }
}

export interface ChainReport {
  rows: number;
  firstBrokenId: number | null;
}

/** Recomputes the chain from the first row; names the first row whose link or content was altered. */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  const rows = await db.select().from(auditLog).orderBy(asc(auditLog.id));
  let prevHash = GENESIS;
  for (const row of rows) {
    if (row.prevHash !== prevHash || hashOf(prevHash, row) !== row.hash) return { rows: rows.length, firstBrokenId: row.id };
    prevHash = row.hash;
  }
  return { rows: rows.length, firstBrokenId: null };
}
