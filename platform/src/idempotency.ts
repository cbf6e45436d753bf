// Idempotent writes: a partner's system retries after a network failure, and the retry must not
// write twice. The key's row is claimed first, inside the write's own transaction: a concurrent
// request with the same key waits on the row's unique index until the first commits (then finds
// its answer) or rolls back (then claims the key itself). The answer stored is ids only.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Viewer } from './auth/viewer';
import type { Db } from './db';
import { AppError, badInput } from './errors';

/** Re-exported by each owner's tables.ts, so that its migrations create it. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** The organisation of the token, else its subject: whose key it is. */
    caller: text('caller').notNull(),
    operation: text('operation').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of the normalised request. */
    fingerprint: text('fingerprint').notNull(),
    /** What the first request answered (ids, as JSON text: drivers disagree on jsonb), set before its transaction commits. */
    result: text('result'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'idempotency_keys_pkey', columns: [t.caller, t.operation, t.key] })],
);

export const IDEMPOTENCY_KEY_MAX = 200;
const VISIBLE_ASCII = /^[!-~]+$/;

export function requireIdempotencyKey(key: string, field = 'idempotencyKey'): string {
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX || !VISIBLE_ASCII.test(key)) {
    throw badInput(`${field} must be 1–${IDEMPOTENCY_KEY_MAX} visible ASCII characters without spaces, e.g. a UUID`, field);
  }
  return key;
}

/** SHA-256 of a request in its normalised form (the caller puts fields in a fixed order). */
export function fingerprintOf(operation: string, normalised: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, normalised]))
    .digest('hex');
}

export interface KeyClaim {
  viewer: Viewer;
  operation: string;
  key: string;
  fingerprint: string;
}

/**
 * Runs `write` in one transaction under the request's idempotency key. The same key with the same
 * fingerprint returns the first answer and writes nothing (`replayed`); with another fingerprint
 * it is a CONFLICT. A write that throws leaves no trace: the key is free for a corrected retry.
 */
export async function idempotently<R>(db: Db, claim: KeyClaim, write: (tx: Db) => Promise<R>): Promise<{ result: R; replayed: boolean }> {
  const caller = claim.viewer.org ?? claim.viewer.sub;
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ caller, operation: claim.operation, key: claim.key, fingerprint: claim.fingerprint })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    const where = and(eq(idempotencyKeys.caller, caller), eq(idempotencyKeys.operation, claim.operation), eq(idempotencyKeys.key, claim.key));
    if (claimed.length === 0) {
      const [first] = await tx.select().from(idempotencyKeys).where(where);
      if (!first || first.fingerprint !== claim.fingerprint) {
        throw new AppError(
          'CONFLICT',
          `idempotencyKey was already used for a different ${claim.operation} request: send the same input to retry it, or a new key for a new request`,
          { field: 'idempotencyKey' },
        );
      }
      return { result: JSON.parse(first.result ?? 'null') as R, replayed: true };
    }
    const result = await write(tx);
    await tx
      .update(idempotencyKeys)
      .set({ result: JSON.stringify(result ?? null) })
      .where(where);
    return { result, replayed: false };
  });
}
