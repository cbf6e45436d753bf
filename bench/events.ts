// `pnpm bench:events`: events through outbox → relay → NATS JetStream → a durable consumer (its
// inbox and its effect in one transaction), on one PostgreSQL database and the machine's NATS.
// 1. Throughput: --events writes, each with its event, as fast as one writer goes; events/s from
//    the first write to the last event handled.
// 2. End-to-end lag at half that rate: writes evenly paced, the lag of each event from its commit
//    to its effect's commit, p50 and p99.
// 3. A write's cost with and without its event: --writes transactions each way, in alternating
//    rounds, the ratio of their times.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { connectEventBus, emit, EventConsumer, openDatabase, OutboxRelay, type EventPayload } from '@snn/platform';
import armedForces from '@snn/armed-forces';
import { inviteToReserve } from '@snn/armed-forces/data/invitations';
import { reserveInvitations } from '@snn/armed-forces/data/tables';
import { DEFAULT_BENCH_POSTGRES, freshBenchDatabase } from './services';
import { quantile } from './stats';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '10' },
    writes: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    postgres: { type: 'string', default: DEFAULT_BENCH_POSTGRES },
    nats: { type: 'string', default: 'nats://127.0.0.1:4222' },
  },
});
const database = await openDatabase({ kind: 'postgres', url: await freshBenchDatabase(values.postgres, 'snn_bench_events'), max: 4 });
await database.migrate(armedForces.migrationsFolder);
const db = database.db;
const bus = await connectEventBus(values.nats, `bench-${randomUUID().slice(0, 8)}`);

const payload = (): EventPayload<'education.service-completed'> => ({
  citizenId: randomUUID(),
  enrollmentId: randomUUID(),
  cohortId: randomUUID(),
  track: 'AI',
  completedOn: '2027-01-15',
});
/** A write with its event: the owner's row and the outbox row in one transaction. */
const writeWithEvent = () =>
  db.transaction(async (tx) => {
    const p = payload();
    await tx
      .insert(reserveInvitations)
      .values({ citizenId: p.citizenId, enrollmentId: p.enrollmentId, track: p.track, serviceCompletedOn: p.completedOn, eventId: randomUUID() });
    await emit(tx, 'education.service-completed', p.enrollmentId, p);
  });
const writeAlone = () =>
  db.transaction(async (tx) => {
    const p = payload();
    await tx
      .insert(reserveInvitations)
      .values({ citizenId: p.citizenId, enrollmentId: p.enrollmentId, track: p.track, serviceCompletedOn: p.completedOn, eventId: randomUUID() });
  });

// The consumer's effect is the reserve invitation (a second row per event, in its own table).
const lags: number[] = [];
let handled = 0;
const consumer = new EventConsumer(db, bus, {
  name: 'bench-consumer',
  handlers: {
    'education.service-completed': async (tx, p, meta) => {
      await inviteToReserve(tx, { ...p, citizenId: randomUUID() }, meta);
      lags.push(Date.now() - meta.occurredAt.getTime());
      handled++;
    },
  },
});
await consumer.start();
const relay = new OutboxRelay(db, bus, { intervalMs: 5, batch: 500 });
relay.start();

const waitHandled = async (n: number) => {
  while (handled < n) await new Promise((r) => setTimeout(r, 5));
};

// ---- 1. throughput
const total = Number(values.events);
let started = performance.now();
for (let i = 0; i < total; i++) await writeWithEvent();
await waitHandled(total);
const throughputSeconds = (performance.now() - started) / 1000;
const rate = total / throughputSeconds;
console.log(`throughput: ${total} events in ${throughputSeconds.toFixed(2)} s: ${Math.round(rate)} events/s`);

// ---- 2. lag at half that rate, evenly paced
lags.length = 0;
handled = 0;
const paced = rate / 2;
const count = Math.round(paced * Number(values.seconds));
started = performance.now();
for (let i = 0; i < count; i++) {
  const due = started + (i * 1000) / paced;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await writeWithEvent();
}
await waitHandled(count);
const sorted = [...lags].sort((a, b) => a - b);
console.log(`lag at ${Math.round(paced)} events/s (${count} events): p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms`);
await relay.stop();
await consumer.stop();

// ---- 3. the write with and without its event (the relay stopped: the outbox only fills)
const writes = Number(values.writes);
const timed = async (write: () => Promise<unknown>) => {
  const t = performance.now();
  for (let i = 0; i < writes; i++) await write();
  return (performance.now() - t) / 1000;
};
const rounds: Array<{ alone: number; withEvent: number }> = [];
for (let r = 0; r < Number(values.rounds); r++) {
  const round = { alone: 0, withEvent: 0 };
  for (const which of r % 2 === 0 ? (['alone', 'withEvent'] as const) : (['withEvent', 'alone'] as const)) {
    round[which] = await timed(which === 'alone' ? writeAlone : writeWithEvent);
  }
  rounds.push(round);
  console.log(`round ${r + 1}: ${writes} writes alone ${round.alone.toFixed(2)} s, with their event ${round.withEvent.toFixed(2)} s`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ratio = median(rounds.map((r) => r.withEvent / r.alone));
console.log(`write with its event ÷ write alone: ×${ratio.toFixed(2)} (median of ${rounds.length} rounds)`);

await bus.jsm.streams.delete(bus.streams.events);
await bus.jsm.streams.delete(bus.streams.deadLetters);
await bus.close();
await database.close();
