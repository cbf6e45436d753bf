// Owners react to each other through the real NATS JetStream of the machine, each test in a
// namespace of its own: the transactional outbox, the relay (re-publishing after a crash without
// a duplicate), durable consumers with an inbox (a redelivery changes nothing twice), retries and
// dead letters, order per aggregate, replay, and NATS away for a while. Then the first flow end to
// end: education certifies a service, the armed forces invite the citizen to the reserve.
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  connectEventBus,
  emit,
  EventConsumer,
  loggerFor,
  openDatabase,
  OutboxRelay,
  rowsOf,
  todayInFrance,
  type Database,
  type EventBus,
  type EventPayload,
} from '@snn/platform';
import { bearer, createTestDatabase, postGraphQL, type TestDatabase } from '@snn/platform/testing';
import armedForces from '@snn/armed-forces';
import { Universe } from '@snn/platform/demo';
import { bootFederation, NATS_URL, type Federation } from './helpers/federation';
import { TEST_UNIVERSE } from './helpers/subgraphs';
import { startTcpProxy } from './helpers/tcp-proxy';

const TYPE = 'education.service-completed';
const log = loggerFor('events-test');
const namespaces: string[] = [];
const newNamespace = () => {
  const ns = `t${randomUUID().slice(0, 8)}`;
  namespaces.push(ns);
  return ns;
};

async function until<T>(what: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const event = (overrides: Partial<EventPayload<typeof TYPE>> = {}): EventPayload<typeof TYPE> => ({
  citizenId: randomUUID(),
  enrollmentId: randomUUID(),
  cohortId: randomUUID(),
  track: 'AI',
  completedOn: '2027-01-15',
  ...overrides,
});

afterAll(async () => {
  // The test streams go with the tests.
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  for (const ns of namespaces) {
    for (const s of ['EVENTS', 'DEAD_LETTERS']) await jsm.streams.delete(`${ns.toUpperCase()}_${s}`).catch(() => undefined);
  }
  await nc.close();
});

describe('outbox, relay and consumers on one owner database', () => {
  let testDb: TestDatabase;
  let database: Database;
  let bus: EventBus;
  beforeAll(async () => {
    // armed-forces' migrations hold an outbox, an inbox and a derived table.
    testDb = await createTestDatabase('events');
    database = await openDatabase(testDb.options);
    await database.migrate(armedForces.migrationsFolder);
    bus = await connectEventBus(NATS_URL, newNamespace());
  });
  afterAll(async () => {
    await bus?.close();
    await database?.close();
    await testDb?.drop();
  });

  const streamCount = async () => (await bus.jsm.streams.info(bus.streams.events)).state.messages;
  const unpublished = async () =>
    Number((await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from outbox where published_at is null`))[0]?.n);

  it('writes nothing to the outbox when the write rolls back', async () => {
    const before = await unpublished();
    await expect(
      database.db.transaction(async (tx) => {
        await emit(tx, TYPE, 'agg-rollback', event());
        throw new Error('the write fails');
      }),
    ).rejects.toThrow('the write fails');
    expect(await unpublished()).toBe(before);
  });

  it('refuses an event that breaks its contract before it is written', async () => {
    await expect(database.db.transaction((tx) => emit(tx, TYPE, 'x', { ...event(), birthDate: '2005-01-01' } as never))).rejects.toThrow();
  });

  it('re-publishes after a crash between publish and mark, and JetStream keeps one copy', async () => {
    await database.db.transaction((tx) => emit(tx, TYPE, 'agg-crash', event()));
    const before = await streamCount();
    const crashing = new OutboxRelay(database.db, bus, {
      beforeMark: async () => {
        throw new Error('killed before marking');
      },
    });
    await expect(crashing.publishPending()).rejects.toThrow('killed before marking');
    expect(await unpublished()).toBeGreaterThan(0);
    expect(await new OutboxRelay(database.db, bus).publishPending()).toBeGreaterThan(0);
    expect(await unpublished()).toBe(0);
    expect(await streamCount()).toBe(before + 1);
  });

  it('delivers in order per aggregate, handles a failing event again until it passes, once', async () => {
    const aggregate = randomUUID();
    const seen: string[] = [];
    let failures = 0;
    const consumer = new EventConsumer(database.db, bus, {
      name: `order-${randomUUID().slice(0, 8)}`,
      backoffMs: [50, 50, 50, 50],
      handlers: {
        [TYPE]: async (tx, payload, meta) => {
          if (meta.aggregateId !== aggregate) return;
          // The fifth event fails twice: each retry runs in a new transaction, the inbox row included.
          if (payload.completedOn === '2027-01-05' && failures < 2) {
            failures++;
            throw new Error('handler crashed');
          }
          seen.push(payload.completedOn);
          await tx.execute(sql`select 1`);
        },
      },
    });
    await consumer.start();
    const days = Array.from({ length: 10 }, (_, i) => `2027-01-${String(i + 1).padStart(2, '0')}`);
    for (const completedOn of days) await database.db.transaction((tx) => emit(tx, TYPE, aggregate, event({ completedOn })));
    await new OutboxRelay(database.db, bus).publishPending();
    await until(async () => seen.length >= 10);
    await consumer.stop();
    expect(failures).toBe(2);
    // Order holds up to the failing one; it then comes back after the ones delivered meanwhile.
    expect(seen.filter((d) => d !== '2027-01-05')).toEqual(days.filter((d) => d !== '2027-01-05'));
    expect(seen.filter((d) => d === '2027-01-05')).toHaveLength(1);
  });

  it('changes nothing twice when an event is delivered again, and dead-letters one that keeps failing', async () => {
    const name = `dedupe-${randomUUID().slice(0, 8)}`;
    let handled = 0;
    const consumer = new EventConsumer(database.db, bus, {
      name,
      maxDeliver: 2,
      backoffMs: [50],
      handlers: {
        [TYPE]: async (_tx, payload, meta) => {
          if (payload.track === 'CYBERSECURITY') throw new Error('always fails');
          if (meta.aggregateId === 'agg-dup') handled++;
        },
      },
    });
    await consumer.start();
    const id = await database.db.transaction((tx) => emit(tx, TYPE, 'agg-dup', event()));
    await new OutboxRelay(database.db, bus).publishPending();
    await until(async () => handled >= 1);
    // The same event published again after JetStream's duplicate window (a new stream message, the same event id).
    const [row] = await rowsOf<{ payload: string }>(database.db, sql`select payload from outbox where id = ${id}`);
    const { headers } = await import('@nats-io/transport-node');
    const h = headers();
    h.set('snn-type', TYPE);
    h.set('snn-version', '1');
    h.set('snn-aggregate', 'agg-dup');
    h.set('snn-occurred-at', new Date().toISOString());
    h.set('Nats-Msg-Id', id);
    await bus.nc.publish(bus.subjectOf(TYPE), row!.payload, { headers: h }); // core publish: no de-duplication check
    await database.db.transaction((tx) => emit(tx, TYPE, 'agg-dead', event({ track: 'CYBERSECURITY' })));
    await new OutboxRelay(database.db, bus).publishPending();
    await until(async () => consumer.deadLettered >= 1);
    expect(handled).toBe(1);
    const inboxRows = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from inbox where consumer = ${name} and event_id = ${id}`);
    expect(inboxRows[0]?.n).toBe(1);
    expect((await bus.jsm.streams.info(bus.streams.deadLetters)).state.messages).toBe(1);
    await consumer.stop();
  });

  it('publishes what waited in the outbox once NATS is back', async () => {
    const proxy = await startTcpProxy('127.0.0.1', 4222);
    const viaProxy = await connectEventBus(`nats://127.0.0.1:${proxy.port}`, bus.namespace);
    const relay = new OutboxRelay(database.db, viaProxy, { intervalMs: 50, log });
    await proxy.cut();
    relay.start();
    const before = await streamCount();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await database.db.transaction((tx) => emit(tx, TYPE, 'agg-outage', event())));
    await new Promise((r) => setTimeout(r, 500));
    expect(await unpublished()).toBe(5); // the writes committed; their events wait
    await proxy.restore();
    await until(async () => (await unpublished()) === 0, 30_000);
    expect(await streamCount()).toBe(before + 5);
    await relay.stop();
    await viaProxy.close().catch(() => undefined);
    await proxy.close();
  });
});

/** The data of an answer that must have no error. */
async function answerOf(fed: Federation, query: string, variables: Record<string, unknown>, token: string) {
  const { body } = await postGraphQL(fed.gateway.url, query, variables, token);
  expect(body.errors).toBeUndefined();
  return body.data;
}

describe('flows between owners, through the federation', () => {
  let fed: Federation;
  beforeAll(async () => {
    fed = await bootFederation({ events: { namespace: newNamespace() } });
  });
  afterAll(async () => {
    await fed?.stop();
  });

  it('invites a citizen once education certified their service, and rebuilds the invitations by replay', async () => {
    const agency = await bearer('education');
    const today = todayInFrance();
    const gql = (query: string, variables: Record<string, unknown>, token = agency) => answerOf(fed, query, variables, token);
    const { createCohort } = await gql(
      'mutation($input: CreateCohortInput!) { createCohort(input: $input, idempotencyKey: "events-cohort") { cohort { id } } }',
      {
        input: {
          name: 'Events',
          track: 'AI',
          region: 'R84',
          phase: 'NATIONAL',
          startDate: today,
          endDate: addDays(addMonths(today, 6), -1),
          capacity: 10,
          nonGraduatePath: true,
        },
      },
    );
    const citizenId = randomUUID();
    await gql('mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { replayed } }', {
      input: { id: citizenId, birthDate: addMonths(today, -12 * 21), department: '69', educationLevel: 'LICENCE' },
    });
    const { enrollCitizen } = await gql(
      'mutation($c: ID!, $k: ID!) { enrollCitizen(citizenId: $c, cohortId: $k, idempotencyKey: "events-enrol") { enrollment { id } } }',
      {
        c: citizenId,
        k: createCohort.cohort.id,
      },
    );
    const e = enrollCitizen.enrollment.id;
    const move =
      'mutation($e: ID!, $to: EnrollmentTransitionTarget!, $on: Date!) { transitionEnrollment(enrollmentId: $e, to: $to, on: $on, reason: "test") { replayed } }';
    await gql(move, { e, to: 'IN_TRAINING', on: today });
    for (const m of ['SNN-AI-1', 'SNN-AI-2', 'SNN-AI-3', 'SNN-AI-4']) {
      await gql(
        'mutation($e: ID!, $m: ID!, $on: Date!) { recordAssessment(enrollmentId: $e, moduleCode: $m, score: 13, assessedOn: $on, assessor: "AFPA") { replayed } }',
        {
          e,
          m,
          on: today,
        },
      );
    }
    await gql(move, { e, to: 'IN_INTERNSHIP', on: today });
    await gql('mutation($e: ID!, $d: Date!) { certifyCompletion(enrollmentId: $e, internshipEndedOn: $d, completedOn: $d) { replayed } }', { e, d: today });

    const armed = await bearer('armed-forces');
    const invitation = async () =>
      (
        await postGraphQL(
          fed.gateway.url,
          'query($id: ID!) { citizen(id: $id) { reserveInvitation { track serviceCompletedOn invitedOn } } }',
          { id: citizenId },
          armed,
        )
      ).body.data?.citizen?.reserveInvitation;
    expect(await until(invitation)).toEqual({ track: 'AI', serviceCompletedOn: today, invitedOn: today });

    const consumer = fed.subgraphs['armed-forces'].events?.consumers[0];
    expect(consumer).toBeDefined();
    const db = fed.subgraphs['armed-forces'].database.db;
    const before = await rowsOf(db, sql`select citizen_id, enrollment_id, track, service_completed_on, event_id from reserve_invitations order by citizen_id`);
    const { forgetInvitationsSince } = await import('@snn/armed-forces/data/invitations');
    await consumer!.replayFrom(new Date(0), (tx) => forgetInvitationsSince(tx, new Date(0)));
    await until(async () => (await rowsOf(db, sql`select 1 from reserve_invitations`)).length === before.length);
    expect(await rowsOf(db, sql`select citizen_id, enrollment_id, track, service_completed_on, event_id from reserve_invitations order by citizen_id`)).toEqual(
      before,
    );

    const metrics = await (await fetch(fed.subgraphs['armed-forces'].url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/^snn_events_pending\{service="armed-forces"\} 0$/m);
    const educationMetrics = await (await fetch(fed.subgraphs.education.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(educationMetrics).toMatch(/^snn_outbox_lag_seconds\{service="education"\} 0$/m);
  });

  it('gives universities the enrolment, and education the credits they award, then their revocation', async () => {
    const agency = await bearer('education');
    const today = todayInFrance();
    const gql = (query: string, variables: Record<string, unknown>, token = agency) => answerOf(fed, query, variables, token);
    const { createCohort } = await gql(
      'mutation($input: CreateCohortInput!) { createCohort(input: $input, idempotencyKey: "credits-cohort") { cohort { id } } }',
      {
        input: {
          name: 'Credits',
          track: 'CYBERSECURITY',
          region: 'R53',
          phase: 'NATIONAL',
          startDate: today,
          endDate: addDays(addMonths(today, 6), -1),
          capacity: 5,
          nonGraduatePath: true,
        },
      },
    );
    const citizenId = randomUUID();
    await gql('mutation($input: RegisterCitizenInput!) { registerCitizen(input: $input) { replayed } }', {
      input: { id: citizenId, birthDate: addMonths(today, -12 * 20), department: '35', educationLevel: 'BAC' },
    });
    await gql('mutation($c: ID!, $k: ID!) { enrollCitizen(citizenId: $c, cohortId: $k, idempotencyKey: "credits-enrol") { enrollment { id } } }', {
      c: citizenId,
      k: createCohort.cohort.id,
    });
    // universities and economy learn of the enrolment from education's event, not from its database.
    for (const owner of ['universities', 'economy'] as const) {
      await until(
        async () => (await rowsOf(fed.subgraphs[owner].database.db, sql`select 1 from service_enrolments where citizen_id = ${citizenId}`)).length === 1,
      );
    }
    // The placement round's candidate profile, from education's own event: territory, flags, internship period.
    await until(
      async () => (await rowsOf(fed.subgraphs.economy.database.db, sql`select 1 from placement_candidates where citizen_id = ${citizenId}`)).length === 1,
    );
    const [candidate] = await rowsOf<Record<string, unknown>>(
      fed.subgraphs.economy.database.db,
      sql`select department_code, region_code, non_graduate, internship_from::text as internship_from, intake from placement_candidates where citizen_id = ${citizenId}`,
    );
    expect(candidate).toEqual({
      department_code: '35',
      region_code: '53',
      non_graduate: false,
      internship_from: addMonths(today, 4),
      intake: addMonths(today, 4).slice(0, 7),
    });
    // The armed forces clear the citizen: economy's copy follows, for the round's offers that need it.
    const validUntil = addMonths(today, 24);
    await gql(
      'mutation($c: ID!, $v: Date) { setSecurityClearance(citizenId: $c, clearance: SECRET, validUntil: $v, reason: "stage en milieu sensible") { clearance } }',
      { c: citizenId, v: validUntil },
      await bearer('armed-forces'),
    );
    const clearanceOf = async () =>
      (
        await rowsOf<{ clearance: string; valid_until: string }>(
          fed.subgraphs.economy.database.db,
          sql`select clearance, valid_until::text as valid_until from candidate_clearances where citizen_id = ${citizenId}`,
        )
      )[0];
    expect(await until(async () => (await clearanceOf())?.clearance === 'SECRET')).toBe(true);
    expect((await clearanceOf())?.valid_until).toBe(validUntil);

    const uai = new Universe(TEST_UNIVERSE.seed, TEST_UNIVERSE.citizens).universities[0]!.id;
    const university = await bearer('university', uai);
    const code = `${uai}-EVT1`;
    await gql(
      'mutation($input: ModuleInput!) { upsertModule(input: $input) { created } }',
      {
        input: {
          code,
          title: 'Sécurité des réseaux',
          ectsCredits: 6,
          hours: 160,
          track: 'CYBERSECURITY',
          skillsTaught: [{ skillCode: 'ECF.B.3', level: 2 }],
          language: 'fr',
        },
      },
      university,
    );
    const { publishCredits } = await gql(
      'mutation($m: ID!, $a: [CreditAwardInput!]!) { publishCredits(moduleCode: $m, awards: $a, idempotencyKey: "credits-1") { awards { nodes { id } } } }',
      { m: code, a: [{ citizenId, ects: 6, grade: 'B', gradeScale: 'ECTS_LETTER', awardedOn: today, status: 'FINAL' }] },
      university,
    );
    const awardId = publishCredits.awards.nodes[0].id;
    const totalEcts = async () =>
      (await postGraphQL(fed.gateway.url, 'query($id: ID!) { citizen(id: $id) { serviceRecord { totalEcts } } }', { id: citizenId }, agency)).body.data?.citizen
        ?.serviceRecord?.totalEcts;
    expect(await until(async () => (await totalEcts()) === 6)).toBe(true);

    await gql('mutation($id: ID!) { reviseCreditAward(id: $id, status: REVOKED, reason: "erreur") { status } }', { id: awardId }, university);
    expect(await until(async () => (await totalEcts()) === 0)).toBe(true);
  });

  it("shows the cohort the national round's placements once economy published them, and rebuilds them by replay", async () => {
    const economy = await bearer('economy');
    const agency = await bearer('education');
    const gql = (query: string, variables: Record<string, unknown>, token = economy) => answerOf(fed, query, variables, token);
    const { startPlacementRound } = await gql('mutation { startPlacementRound(input: { intake: "2027-03", dryRun: false }) { id } }', {});
    const phase = async () => (await gql('query($id: ID!) { placementRound(id: $id) { phase } }', { id: startPlacementRound.id })).placementRound.phase;
    expect(await until(async () => ['PUBLISHED', 'FAILED'].includes(await phase()) && (await phase()), 60_000)).toBe('PUBLISHED');
    const { placementRound } = await gql(
      'query($id: ID!) { placementRound(id: $id) { statistics { placed } outcomes(placed: true, first: 1) { nodes { citizen { id } offer { id } } } } }',
      { id: startPlacementRound.id },
    );
    const placed = placementRound.statistics.placed;
    expect(placed).toBeGreaterThan(0);
    const copied = async () =>
      (
        await rowsOf<{ n: number }>(
          fed.subgraphs.education.database.db,
          sql`select count(*)::int as n from service_placements where round_id = ${startPlacementRound.id}`,
        )
      )[0]!.n;
    expect(await until(async () => (await copied()) === placed, 30_000)).toBe(true);

    const [outcome] = placementRound.outcomes.nodes;
    const { citizen } = await gql(
      `query($id: ID!) { citizen(id: $id) { enrollments { cohort { id placedCount } proposedInternship { startDate hostSiret placement { id status offer { id } } } } } }`,
      { id: outcome.citizen.id },
      agency,
    );
    const withInternship = citizen.enrollments.find((e: any) => e.proposedInternship);
    expect(withInternship.proposedInternship.placement).toMatchObject({ status: 'PROPOSED', offer: { id: outcome.offer.id } });
    expect(withInternship.proposedInternship.hostSiret).toMatch(/^\d{14}$/);
    expect(withInternship.cohort.placedCount).toBeGreaterThan(0);

    // A replay from the start rebuilds the same copy, row for row.
    const rows = () =>
      rowsOf(fed.subgraphs.education.database.db, sql`select * from service_placements where round_id = ${startPlacementRound.id} order by placement_id`);
    const before = await rows();
    const { forgetPlacementsSince, PLACEMENTS_CONSUMER } = await import('@snn/education/data/servicePlacements');
    const consumer = fed.subgraphs.education.events?.consumers.find((c) => c.name === PLACEMENTS_CONSUMER);
    expect(consumer).toBeDefined();
    await consumer!.replayFrom(new Date(0), (tx) => forgetPlacementsSince(tx, new Date(0)));
    expect(await until(async () => (await copied()) === placed, 30_000)).toBe(true);
    expect(await rows()).toEqual(before);
  });
});
