// The outbox relay: publishes an owner's outbox rows to JetStream in the order they were written
// (so in order per aggregate), the event id as the message id, then marks them published. A crash
// between the publish and the mark re-publishes on restart, and JetStream drops the duplicate.
// Replicas may each run one: each publishes in order and waits for every acknowledgement, so an
// event reaches the stream only after the ones before it (a copy of one already there is dropped).
import { headers } from '@nats-io/transport-node';
import { asc, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { EventBus } from './bus';
import { outbox } from './outbox';

export interface RelayOptions {
  batch?: number;
  intervalMs?: number;
  log?: Logger;
  /** Test seam: runs after the batch is published and before it is marked (a crash there re-publishes). */
  beforeMark?: () => Promise<void>;
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;
  /** Events published since start. */
  published = 0;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly options: RelayOptions = {},
  ) {}

  /** One pass: publishes up to `batch` pending events, oldest first; how many. */
  async publishPending(): Promise<number> {
    return (this.running ??= this.pass().finally(() => (this.running = undefined)));
  }

  private async pass(): Promise<number> {
    const batch = this.options.batch ?? 200;
    // No transaction is held while NATS is asked: an embedded database serves nothing else meanwhile.
    const rows = await this.db.select().from(outbox).where(isNull(outbox.publishedAt)).orderBy(asc(outbox.seq)).limit(batch);
    if (rows.length === 0) return 0;
    for (const row of rows) {
      const h = headers();
      h.set('snn-type', row.type);
      h.set('snn-version', String(row.version));
      h.set('snn-aggregate', row.aggregateId);
      h.set('snn-occurred-at', row.occurredAt.toISOString());
      await this.bus.js.publish(this.bus.subjectOf(row.type), row.payload, { msgID: row.id, headers: h });
    }
    await this.options.beforeMark?.();
    await this.db
      .update(outbox)
      .set({ publishedAt: new Date() })
      .where(
        inArray(
          outbox.seq,
          rows.map((r) => r.seq),
        ),
      );
    this.published += rows.length;
    return rows.length;
  }

  /** Publishes every `intervalMs` until stop(); a pass that fails (NATS away) is retried at the next tick. */
  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      try {
        while ((await this.publishPending()) > 0 && !this.stopped);
      } catch (err) {
        this.options.log?.warn({ err: (err as Error).message }, 'outbox relay: publishing failed, the events wait in the outbox');
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 250);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}

/** Seconds since the oldest event still waiting was written (0 when none waits): the relay's lag. */
export async function outboxLagSeconds(db: Db): Promise<number> {
  const [row] = await db
    .select({ oldest: sql<string | null>`min(${outbox.occurredAt})` })
    .from(outbox)
    .where(isNull(outbox.publishedAt));
  return row?.oldest ? Math.max(0, (Date.now() - new Date(row.oldest).getTime()) / 1000) : 0;
}
