// The federation's event bus: NATS JetStream. One stream holds every owner's events (subjects
// `<namespace>.events.<type>`), kept a year so that a consumer can be replayed from a point in
// time; one stream holds the dead letters. The namespace isolates test runs on a shared server.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { EventType } from './contracts';

const NANOS_PER_MS = 1_000_000;
/** How long JetStream remembers a message id: a relay that crashed after publishing re-publishes within it. */
export const DUPLICATE_WINDOW_MS = 60 * 60 * 1000;
const KEEP_EVENTS_MS = 366 * 24 * 60 * 60 * 1000;

export interface EventBus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  namespace: string;
  /** Stream of the events, and of the dead letters. */
  streams: { events: string; deadLetters: string };
  subjectOf(type: EventType | string): string;
  deadLetterSubjectOf(consumer: string): string;
  close(): Promise<void>;
}

/** Connects and makes sure both streams exist (idempotent: every service calls it at start). */
export async function connectEventBus(url: string, namespace = 'snn'): Promise<EventBus> {
  const nc = await connect({ servers: url, name: `snn-${process.pid}`, maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const upper = namespace.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const streams = { events: `${upper}_EVENTS`, deadLetters: `${upper}_DEAD_LETTERS` };
  const ensure = async (name: string, subjects: string[]) => {
    const config = { name, subjects, duplicate_window: DUPLICATE_WINDOW_MS * NANOS_PER_MS, max_age: KEEP_EVENTS_MS * NANOS_PER_MS };
    try {
      await jsm.streams.info(name);
      await jsm.streams.update(name, config);
    } catch {
      await jsm.streams.add(config);
    }
  };
  await ensure(streams.events, [`${namespace}.events.>`]);
  await ensure(streams.deadLetters, [`${namespace}.dead.>`]);
  return {
    nc,
    js,
    jsm,
    namespace,
    streams,
    subjectOf: (type) => `${namespace}.events.${type}`,
    deadLetterSubjectOf: (consumer) => `${namespace}.dead.${consumer}`,
    close: () => nc.drain(),
  };
}
