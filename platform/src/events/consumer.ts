// A durable JetStream consumer of one owner: each event is handled in one transaction with its id
// written to the owner's inbox, so an event delivered twice (a redelivery, a re-publish) changes
// nothing the second time. A handler that throws is retried with backoff; after `maxDeliver`
// attempts the event goes to the dead-letter stream, with the reason, and the consumer moves on.
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { and, eq, gte } from 'drizzle-orm';
import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { EventBus } from './bus';
import { EVENT_CONTRACTS, type EventPayload, type EventType } from './contracts';

/** Re-exported by each consuming owner's tables.ts, so that its migrations create it. */
export const inbox = pgTable(
  'inbox',
  {
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    type: text('type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    handledAt: timestamp('handled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'inbox_pkey', columns: [t.consumer, t.eventId] })],
);

/**
 * The ids of the events `consumer` handled that occurred at or after `since`, as a subquery: what a
 * replay from `since` forgets of its derived rows (each row keeps the id of the event it came from).
 */
export function eventsHandledSince(db: Db, consumer: string, since: Date) {
  return db
    .select({ id: inbox.eventId })
    .from(inbox)
    .where(and(eq(inbox.consumer, consumer), gte(inbox.occurredAt, since)));
}

export interface EventMeta {
  id: string;
  aggregateId: string;
  occurredAt: Date;
}

export type Handlers = { [T in EventType]?: (tx: Db, payload: EventPayload<T>, meta: EventMeta) => Promise<void> };

export interface ConsumerOptions {
  /** The durable consumer's name: one per owner and purpose (`armed-forces-reserve`). */
  name: string;
  handlers: Handlers;
  maxDeliver?: number;
  /** Waits before each retry, in ms. */
  backoffMs?: number[];
  log?: Logger;
}

const NANOS_PER_MS = 1_000_000;

export class EventConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  /** Events handled (not counting duplicates) and dead-lettered since start. */
  handled = 0;
  deadLettered = 0;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly options: ConsumerOptions,
  ) {}

  /** The durable consumer's name: an owner with several consumers finds one by it. */
  get name(): string {
    return this.options.name;
  }

  private get maxDeliver(): number {
    return this.options.maxDeliver ?? 5;
  }

  private async ensure(deliver: { policy: DeliverPolicy; since?: Date } = { policy: DeliverPolicy.All }): Promise<void> {
    const types = Object.keys(this.options.handlers);
    const backoff = this.options.backoffMs ?? [500, 2_000, 10_000, 60_000];
    await this.bus.jsm.consumers.add(this.bus.streams.events, {
      durable_name: this.options.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: deliver.policy,
      ...(deliver.since ? { opt_start_time: deliver.since.toISOString() } : {}),
      // One type: a filter; several: every event, the others acknowledged unread (the machine's
      // nats-server predates filter_subjects, 2.10).
      filter_subject: types.length === 1 ? this.bus.subjectOf(types[0] as string) : `${this.bus.namespace}.events.>`,
      max_deliver: this.maxDeliver,
      ack_wait: 30_000 * NANOS_PER_MS,
      backoff: backoff.slice(0, this.maxDeliver - 1).map((ms) => ms * NANOS_PER_MS),
    });
  }

  /** Creates the durable consumer when missing and handles events until stop(). */
  async start(): Promise<void> {
    try {
      await this.bus.jsm.consumers.info(this.bus.streams.events, this.options.name);
    } catch {
      await this.ensure();
    }
    const consumer = await this.bus.js.consumers.get(this.bus.streams.events, this.options.name);
    this.messages = await consumer.consume({ max_messages: 64 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const m of messages) {
        // An error here (NATS away while dead-lettering) leaves the message unacknowledged: redelivered.
        await this.receive(m).catch((err: Error) => this.options.log?.error({ consumer: this.options.name, err: err.message }, 'event not handled'));
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop?.catch(() => undefined);
  }

  /** Events waiting for this consumer, delivered or not (for /metrics). */
  async pending(): Promise<number> {
    const info = await this.bus.jsm.consumers.info(this.bus.streams.events, this.options.name);
    return info.num_pending + info.num_ack_pending;
  }

  /**
   * Rebuilds from `since`: `reset` clears the derived data of the events to replay, in the same
   * transaction as their inbox rows; then the consumer is recreated to deliver from that time.
   */
  async replayFrom(since: Date, reset: (tx: Db) => Promise<void>): Promise<void> {
    await this.stop();
    await this.db.transaction(async (tx) => {
      await reset(tx);
      await tx.delete(inbox).where(and(eq(inbox.consumer, this.options.name), gte(inbox.occurredAt, since)));
    });
    await this.bus.jsm.consumers.delete(this.bus.streams.events, this.options.name);
    await this.ensure({ policy: DeliverPolicy.StartTime, since });
    await this.start();
  }

  private async receive(m: JsMsg): Promise<void> {
    const type = m.headers?.get('snn-type') as EventType | undefined;
    const id = m.headers?.get('Nats-Msg-Id');
    const handler = type ? (this.options.handlers[type] as ((tx: Db, p: unknown, meta: EventMeta) => Promise<void>) | undefined) : undefined;
    if (!type || !id || !(type in EVENT_CONTRACTS)) return this.deadLetter(m, 'an event without a known type or id');
    if (!handler) return m.ack(); // another owner's business
    const contract = EVENT_CONTRACTS[type];
    if (Number(m.headers?.get('snn-version')) !== contract.version)
      return this.deadLetter(m, `version ${m.headers?.get('snn-version')} of ${type} is not ${contract.version}`);
    let body: unknown;
    try {
      body = m.json();
    } catch {
      return this.deadLetter(m, `the payload of ${type} is not JSON`);
    }
    const parsed = contract.payload.safeParse(body);
    if (!parsed.success) return this.deadLetter(m, `the payload does not match ${type} v${contract.version}`);
    const meta = { id, aggregateId: m.headers?.get('snn-aggregate') ?? '', occurredAt: new Date(m.headers?.get('snn-occurred-at') ?? Date.now()) };
    try {
      const fresh = await this.db.transaction(async (tx) => {
        const [claimed] = await tx
          .insert(inbox)
          .values({ consumer: this.options.name, eventId: id, type, occurredAt: meta.occurredAt })
          .onConflictDoNothing()
          .returning({ id: inbox.eventId });
        if (!claimed) return false; // handled before: a redelivery or a re-publish
        await handler(tx, parsed.data, meta);
        return true;
      });
      m.ack();
      if (fresh) this.handled++;
    } catch (err) {
      const reason = (err as Error).message;
      if (m.info.deliveryCount >= this.maxDeliver) return this.deadLetter(m, reason);
      this.options.log?.warn({ consumer: this.options.name, type, attempt: m.info.deliveryCount, err: reason }, 'event handling failed: will retry');
      m.nak();
    }
  }

  private async deadLetter(m: JsMsg, reason: string): Promise<void> {
    const h: MsgHdrs = headers();
    // Not Nats-Msg-Id: the dead-letter stream would drop a second consumer's letter of the same event.
    for (const [k, v] of m.headers ?? []) if (k !== 'Nats-Msg-Id') for (const value of v) h.append(k, value);
    h.set('snn-event-id', m.headers?.get('Nats-Msg-Id') ?? '');
    h.set('snn-dead-reason', reason.slice(0, 500));
    h.set('snn-dead-consumer', this.options.name);
    await this.bus.js.publish(this.bus.deadLetterSubjectOf(this.options.name), m.data, { headers: h });
    m.term(reason.slice(0, 200));
    this.deadLettered++;
    this.options.log?.error({ consumer: this.options.name, reason }, 'event dead-lettered');
  }
}
