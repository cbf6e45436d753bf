// The audit trail: every read of a `*:pii` field, and every write (appendAudit, in the write's own
// transaction), is appended to an `audit_log` table in the database of the subgraph that holds the
// data — who (sub, org, token id), what (field, object ids), when, under which scope, in which operation.
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
  action: 'READ';
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
    const entries = [...this.entries.values()];
    this.entries.clear();
    await db.transaction((tx) => appendAudit(tx, this.viewer, entries));
  }
}

/** One audited action: what `field` names (a field read, or a mutation), on which objects. */
export interface AuditEntry {
  action: 'READ' | 'WRITE';
  field: string;
  scopes: readonly string[];
  objectIds: Iterable<string>;
  operation: string | null;
}

/**
 * Appends entries to the chain. Call it inside the transaction of the write it records (a write
 * and its audit row commit together, or neither does), as late as possible: it holds the chain's
 * lock until that transaction ends.
 */
export async function appendAudit(tx: Db, viewer: Viewer, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date();
  // One writer at a time, across replicas: each row is chained to the one before it.
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let prevHash = last?.hash ?? GENESIS;
  const rows = entries.map((e) => {
    const row = {
      at,
      sub: viewer.sub,
      org: viewer.org,
      jti: viewer.jti,
      action: e.action,
      field: e.field,
      scopes: [...e.scopes],
      objectIds: [...e.objectIds].sort(),
      operation: e.operation,
    };
    const hash = hashOf(prevHash, row);
    const full = { ...row, prevHash, hash };
    prevHash = hash;
    return full;
  });
  await tx.insert(auditLog).values(rows);
}

/** A write's audit entry: the mutation, the scopes it requires, the objects written (ids only). */
export function writeEntry(mutation: string, scopes: readonly string[], objectIds: Iterable<string>): AuditEntry {
  return { action: 'WRITE', field: `Mutation.${mutation}`, scopes, objectIds, operation: null };
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
