// An owner's side of the event bus, started with its service: the relay of its outbox and its
// consumers. NATS being away never stops the service: writes commit (the outbox holds their
// events), the connection is retried, and everything waiting is published once NATS is back.
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { Total } from '../metrics';
import { connectEventBus, type EventBus } from './bus';
import { EventConsumer, type ConsumerOptions } from './consumer';
import { OutboxRelay, outboxLagSeconds } from './relay';

export interface EventsSpec {
  /** The owner writes events to its outbox: run its relay. */
  outbox?: boolean;
  consumers?: Array<Omit<ConsumerOptions, 'log'>>;
}

export interface BusTarget {
  url: string;
  namespace: string;
}

const RETRY_MS = 5_000;

export class EventsRuntime {
  bus: EventBus | undefined;
  relay: OutboxRelay | undefined;
  consumers: EventConsumer[] = [];
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly spec: EventsSpec,
    private readonly target: BusTarget,
    private readonly log: Logger,
  ) {}

  /** Connects in the background, retrying every few seconds; resolves at the first attempt's end. */
  async start(): Promise<void> {
    try {
      const bus = await connectEventBus(this.target.url, this.target.namespace);
      if (this.stopped) return void (await bus.close());
      this.bus = bus;
      if (this.spec.outbox) {
        this.relay = new OutboxRelay(this.db, bus, { log: this.log });
        this.relay.start();
      }
      for (const spec of this.spec.consumers ?? []) {
        const consumer = new EventConsumer(this.db, bus, { ...spec, log: this.log });
        await consumer.start();
        this.consumers.push(consumer);
      }
      this.log.info({ url: this.target.url, namespace: this.target.namespace }, 'event bus connected');
    } catch (err) {
      this.log.warn(
        { url: this.target.url, err: (err as Error).message },
        `NATS is unreachable: writes still commit, their events wait in the outbox; retrying every ${RETRY_MS / 1000} s`,
      );
      await this.closeBus();
      if (!this.stopped) this.retry = setTimeout(() => void this.start(), RETRY_MS);
    }
  }

  private async closeBus(): Promise<void> {
    await this.relay?.stop();
    for (const c of this.consumers) await c.stop();
    this.consumers = [];
    this.relay = undefined;
    await this.bus?.close().catch(() => undefined);
    this.bus = undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.closeBus();
  }

  totals(): Total[] {
    const totals: Total[] = [];
    if (this.spec.outbox) {
      totals.push(
        // Read from the database, so it shows while NATS is away: when it matters most.
        {
          name: 'snn_outbox_lag_seconds',
          help: 'Age of the oldest event not yet published to NATS (0: none waits).',
          kind: 'gauge',
          value: () => outboxLagSeconds(this.db),
        },
        { name: 'snn_outbox_published_total', help: 'Events this process published to NATS.', value: () => this.relay?.published ?? 0 },
      );
    }
    if (this.spec.consumers?.length) {
      totals.push(
        {
          name: 'snn_events_pending',
          help: "Events not yet handled by this owner's consumers, delivered or not.",
          kind: 'gauge',
          value: async () => (await Promise.all(this.consumers.map((c) => c.pending()))).reduce((a, b) => a + b, 0),
        },
        {
          name: 'snn_events_handled_total',
          help: 'Events handled by this process (duplicates not counted).',
          value: () => this.consumers.reduce((a, c) => a + c.handled, 0),
        },
        {
          name: 'snn_events_dead_lettered_total',
          help: 'Events sent to the dead-letter stream by this process.',
          value: () => this.consumers.reduce((a, c) => a + c.deadLettered, 0),
        },
      );
    }
    return totals;
  }
}
