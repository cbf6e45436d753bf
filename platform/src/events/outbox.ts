// The transactional outbox of an owner: an event is a row written in the same transaction as the
// change it reports, so a rolled-back write announces nothing and a committed one is never lost.
// Publishing the rows to NATS JetStream is the relay's job (the events issue); until it runs, the
// rows wait here, in order of `seq`.
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bulkInsert } from '../bulk';
import { rowsOf, type Db } from '../db';
import { EVENT_CONTRACTS, type EventPayload, type EventType } from './contracts';

/** Re-exported by each owner's tables.ts, so that its migrations create it. */
export const outbox = pgTable(
  'outbox',
  {
    /** Publication order. */
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /** The event's id: the message id JetStream de-duplicates a re-publish by. */
    id: uuid('id').notNull().unique(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    /** The contract's payload as JSON text, published as it is. */
    payload: text('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [index('outbox_unpublished_idx').on(t.publishedAt, t.seq)],
);

/** Writes an event into the outbox of `tx`'s database; the payload is checked against its contract first. */
export async function emit<T extends EventType>(tx: Db, type: T, aggregateId: string, payload: EventPayload<T>): Promise<string> {
  const contract = EVENT_CONTRACTS[type];
  const checked = contract.payload.parse(payload);
  const id = randomUUID();
  await tx.insert(outbox).values({ id, type, version: contract.version, aggregateId, payload: JSON.stringify(checked) });
  return id;
}

/** Many events of one type in one statement (a batch write announces each of its rows). */
export async function emitMany<T extends EventType>(tx: Db, type: T, events: ReadonlyArray<{ aggregateId: string; payload: EventPayload<T> }>): Promise<void> {
  const contract = EVENT_CONTRACTS[type];
  await bulkInsert(
    tx,
    outbox,
    events.map((e) => ({
      id: randomUUID(),
      type,
      version: contract.version,
      aggregateId: e.aggregateId,
      payload: JSON.stringify(contract.payload.parse(e.payload)),
    })),
  );
}

/**
 * `insert into outbox … select`: the rows of `select` (columns aggregate_id and payload, as json) as
 * events of `type`, for batches too large to build in this process (a national placement round's
 * 1,600 events of 500 placements). A statement fragment: a CTE may wrap it and add `returning`.
 * The payloads are the SQL's: follow with checkEmitted in the same transaction.
 */
export function eventsFrom<T extends EventType>(type: T, select: SQL): SQL {
  return sql`insert into outbox (id, type, version, aggregate_id, payload)
    select gen_random_uuid(), ${type}, ${EVENT_CONTRACTS[type].version}, e.aggregate_id::text, e.payload::text from (${select}) e`;
}

/**
 * Checks the latest event of `type` for `aggregateId` against its contract: rows built by SQL
 * (eventsFrom) share one shape, so one checked catches a query that drifted from its contract, and
 * the throw rolls the transaction back with it.
 */
export async function checkEmitted<T extends EventType>(tx: Db, type: T, aggregateId: string): Promise<void> {
  const [row] = await rowsOf<{ payload: string }>(
    tx,
    sql`select payload from outbox where type = ${type} and aggregate_id = ${aggregateId} order by seq desc limit 1`,
  );
  if (row) EVENT_CONTRACTS[type].payload.parse(JSON.parse(row.payload));
}
