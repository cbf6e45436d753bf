// The national placement round against the database: started through GraphQL, run in the
// background with its progress, reviewed as a dry run, reproducible, then published in one
// transaction with its events; refused when stale, and for anyone but the agency. The economy
// subgraph alone over real HTTP on port 0, on the demo data (PGlite or PostgreSQL).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CONTRACTS, rowsOf, startSubgraph } from '@snn/platform';
import { bearer, postGraphQL, startTestSubgraph, testAuthConfig, type TestSubgraph } from '@snn/platform/testing';
import { Universe } from '@snn/platform/demo';
import { recordProfile } from '../src/data/candidates';
import { recordClearance } from '../src/data/clearances';
import { readRoundInputs } from '../src/placement/inputs';
import { INTERRUPTED } from '../src/placement/rounds';
import economy from '../src/server';

const SEED = { citizens: 2000, seed: 5 };
const universe = new Universe(SEED.seed, SEED.citizens);
const INTAKE = '2027-03';
const EARLIER = '2026-11';

let service: TestSubgraph;
let agency: string;

const call = (query: string, variables: Record<string, unknown> = {}, authorization = agency) => postGraphQL(service.url, query, variables, authorization);
const rows = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(service.database.db, query);
const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(query))[0]?.n);

const ROUND = `id intake phase progress dryRun seed inputsDigest outcomeDigest failure publishedAt
  statistics { candidates seats placed fillRate firstChoiceShare topThreeShare unplaced { reason count } byTrack { track candidates placed } byRegion { territory { code } candidates placed } }`;
const START = `mutation($input: StartPlacementRoundInput!, $key: ID) { startPlacementRound(input: $input, idempotencyKey: $key) { ${ROUND} } }`;
const READ = `query($id: ID!) { placementRound(id: $id) { ${ROUND} } }`;
const PUBLISH = `mutation($id: ID!) { publishPlacementRound(id: $id) { ${ROUND} } }`;
const OUTCOMES = `query($id: ID!, $placed: Boolean, $after: String) { placementRound(id: $id) {
  outcomes(placed: $placed, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { citizen { id } offer { id } choice unplacedReason exclusions } } } }`;

/** Starts a round and waits for it to leave the running phases. */
async function run(input: Record<string, unknown>): Promise<any> {
  const { body } = await call(START, { input });
  expect(body.errors).toBeUndefined();
  const id = body.data.startPlacementRound.id as string;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const { body: read } = await call(READ, { id });
    const round = read.data.placementRound;
    if (!['QUEUED', 'READING', 'MATCHING', 'WRITING'].includes(round.phase)) return round;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`round ${id} still running after a minute`);
}

async function allOutcomes(id: string, placed?: boolean): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const { body } = await call(OUTCOMES, { id, placed, after });
    expect(body.errors).toBeUndefined();
    const conn = body.data.placementRound.outcomes;
    out.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage) return out;
    after = conn.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  service = await startTestSubgraph(economy, SEED);
  agency = await bearer('economy');
});
afterAll(async () => {
  await service?.stop();
});

describe('a dry run', () => {
  let dry: any;
  beforeAll(async () => {
    dry = await run({ intake: INTAKE, dryRun: true });
  });

  it("computes the intake's outcome and its statistics, and writes no placement", async () => {
    expect(dry.phase).toBe('COMPUTED');
    expect(dry.progress).toBe(1);
    const stats = dry.statistics;
    const candidates = await count(sql`select count(*)::int as n from placement_candidates where intake = ${INTAKE}`);
    expect(stats.candidates).toBe(candidates);
    expect(stats.placed).toBeGreaterThan(0);
    expect(stats.placed).toBeLessThanOrEqual(stats.seats);
    expect(stats.fillRate).toBeCloseTo(stats.placed / stats.seats, 10);
    expect(stats.unplaced.reduce((s: number, u: any) => s + u.count, 0)).toBe(stats.candidates - stats.placed);
    expect(stats.byTrack.reduce((s: number, t: any) => s + t.placed, 0)).toBe(stats.placed);
    expect(stats.byRegion.every((r: any) => /^R\d{2}$/.test(r.territory.code))).toBe(true);
    expect(await count(sql`select count(*)::int as n from placements where round_id is not null`)).toBe(0);
  });

  it('places each citizen in one of their choices, at its rank, within each offer’s seats', async () => {
    const placed = await allOutcomes(dry.id, true);
    expect(placed).toHaveLength(dry.statistics.placed);
    const prefs = await rows<{ citizen_id: string; offer_id: string; rank: number }>(
      sql`select citizen_id, offer_id, rank from placement_preferences where round = ${INTAKE}`,
    );
    const rankOf = new Map(prefs.map((p) => [`${p.citizen_id} ${p.offer_id}`, p.rank]));
    const perOffer = new Map<string, number>();
    for (const o of placed) {
      expect(rankOf.get(`${o.citizen.id} ${o.offer.id}`)).toBe(o.choice);
      perOffer.set(o.offer.id, (perOffer.get(o.offer.id) ?? 0) + 1);
    }
    const seats = await rows<{ id: string; seats: number }>(sql`select id, seats from internship_offers where national_round`);
    for (const s of seats) expect(perOffer.get(s.id) ?? 0).toBeLessThanOrEqual(s.seats);
    const unplaced = await allOutcomes(dry.id, false);
    expect(unplaced.every((o) => o.offer === null && o.unplacedReason !== null)).toBe(true);
    expect(placed.length + unplaced.length).toBe(dry.statistics.candidates);
  });

  it("reads every candidate's choices whole and in rank order, an offer out of the round as -1", async () => {
    const { table } = await readRoundInputs(service.database.db, { intake: INTAKE, cohortId: null }, 'seed');
    const prefs = await rows<{ citizen_id: string; offer_id: string }>(
      sql`select citizen_id, offer_id::text as offer_id from placement_preferences where round = ${INTAKE} order by citizen_id, rank`,
    );
    const expected = new Map<string, string[]>();
    for (const p of prefs) expected.set(p.citizen_id, [...(expected.get(p.citizen_id) ?? []), p.offer_id]);
    const inRound = new Set(table.offers.map((o) => o.offerId));
    let choices = 0;
    for (let c = 0; c < table.candidates; c++) {
      const read = Array.from(table.prefOffer.subarray(table.prefStart[c], table.prefStart[c + 1]), (o) => (o < 0 ? null : table.offers[o]!.offerId));
      const listed = expected.get(table.citizenIds[c]!) ?? [];
      expect(read).toEqual(listed.map((id) => (inRound.has(id) ? id : null)));
      choices += read.length;
    }
    expect(choices).toBeGreaterThan(table.candidates * 2);
    expect([...table.citizenIds].sort()).toEqual(table.citizenIds);
  });

  it('is reproducible: the same inputs and seed give the same outcome, bit for bit', async () => {
    const again = await run({ intake: INTAKE, dryRun: true });
    expect(again.id).not.toBe(dry.id);
    expect(again.inputsDigest).toBe(dry.inputsDigest);
    expect(again.outcomeDigest).toBe(dry.outcomeDigest);
    expect(again.statistics).toEqual(dry.statistics);
    const other = await run({ intake: INTAKE, dryRun: true, seed: 'another lottery' });
    expect(other.inputsDigest).not.toBe(dry.inputsDigest);
    expect(other.statistics.candidates).toBe(dry.statistics.candidates);
  });

  it('answers a retry under the same idempotency key with the round it started', async () => {
    const key = randomUUID();
    const first = await call(START, { input: { intake: INTAKE }, key });
    const second = await call(START, { input: { intake: INTAKE }, key });
    expect(second.body.data.startPlacementRound.id).toBe(first.body.data.startPlacementRound.id);
    const changed = await call(START, { input: { intake: INTAKE, seed: 'x' }, key });
    expect(changed.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });
});

describe('publishing', () => {
  it('writes the placements and their events in one go, once per intake', async () => {
    const round = await run({ intake: INTAKE, dryRun: true });
    const { body } = await call(PUBLISH, { id: round.id });
    expect(body.errors).toBeUndefined();
    expect(body.data.publishPlacementRound.phase).toBe('PUBLISHED');
    const written = await rows<{ citizen_id: string; offer_id: string; status: string }>(
      sql`select citizen_id, offer_id::text, status from placements where round_id = ${round.id}`,
    );
    expect(written).toHaveLength(round.statistics.placed);
    expect(new Set(written.map((w) => w.status))).toEqual(new Set(['PROPOSED']));
    const placed = await allOutcomes(round.id, true);
    expect(new Set(written.map((w) => `${w.citizen_id} ${w.offer_id}`))).toEqual(new Set(placed.map((o) => `${o.citizen.id} ${o.offer.id}`)));
    const events = await rows<{ payload: string }>(sql`select payload from outbox where type = 'economy.placements-published' and aggregate_id = ${round.id}`);
    // Built by the database, each to its contract, 500 placements at most.
    const contract = EVENT_CONTRACTS['economy.placements-published'].payload;
    const announced = events.flatMap((e) => contract.parse(JSON.parse(e.payload)).placements);
    expect(events.every((e) => contract.parse(JSON.parse(e.payload)).placements.length <= 500)).toBe(true);
    expect(announced.map((p) => p.citizenId).sort()).toEqual(written.map((w) => w.citizen_id).sort());

    // A placed citizen's placement names its round; publishing again changes nothing.
    const citizen = placed[0].citizen.id as string;
    const { body: entity } = await call(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { placements { status round { id } offer { id } } } } }`,
      { r: [{ __typename: 'Citizen', id: citizen }] },
    );
    expect(entity.data._entities[0].placements).toContainEqual({ status: 'PROPOSED', round: { id: round.id }, offer: { id: placed[0].offer.id } });
    const again = await call(PUBLISH, { id: round.id });
    expect(again.body.data.publishPlacementRound.publishedAt).toBe(body.data.publishPlacementRound.publishedAt);
    expect(await count(sql`select count(*)::int as n from placements where round_id = ${round.id}`)).toBe(written.length);

    // Another computed round of the intake may no longer be published; a new one leaves the placed out.
    const later = await run({ intake: INTAKE, dryRun: true });
    expect(later.statistics.candidates).toBe(round.statistics.candidates - round.statistics.placed);
    const refused = await call(PUBLISH, { id: later.id });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PUBLISHED' });
  });

  it('is refused whole when an offer the round fills was closed since it was computed', async () => {
    const round = await run({ intake: EARLIER, dryRun: true });
    const [first] = await allOutcomes(round.id, true);
    expect(first).toBeDefined();
    await service.database.db.execute(
      sql`update internship_offers set status = 'CLOSED', closed_at = now(), closed_reason = 'test' where id = ${first.offer.id}`,
    );
    const { body } = await call(PUBLISH, { id: round.id });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_ROUND' });
    expect(await count(sql`select count(*)::int as n from placements where round_id = ${round.id}`)).toBe(0);
    expect((await call(READ, { id: round.id })).body.data.placementRound.phase).toBe('COMPUTED');
    // Run again on the current inputs: the closed offer is out of it.
    const rerun = await run({ intake: EARLIER, dryRun: false });
    expect(rerun.phase).toBe('PUBLISHED');
    expect(await count(sql`select count(*)::int as n from placements where round_id = ${rerun.id} and offer_id = ${first.offer.id}`)).toBe(0);
  });
});

describe('who may', () => {
  it('only the agency starts, publishes or reads rounds; a company is FORBIDDEN', async () => {
    const round = await run({ intake: INTAKE, dryRun: true });
    const company = await bearer('company', universe.organisation(0).siren);
    expect((await call(START, { input: { intake: INTAKE } }, company)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await call(PUBLISH, { id: round.id }, company)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await call(READ, { id: round.id }, company)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const LIST = `query($intake: String) { placementRounds(intake: $intake, first: 100) { nodes { id intake } } }`;
    expect((await call(LIST, { intake: INTAKE }, company)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const listed = (await call(LIST, { intake: INTAKE })).body.data.placementRounds.nodes;
    expect(listed[0]).toEqual({ id: round.id, intake: INTAKE });
    expect(listed.every((r: { intake: string }) => r.intake === INTAKE)).toBe(true);
    // placement:read alone reads a round but does not start one.
    const reader = await bearer('education');
    expect((await call(READ, { id: round.id }, reader)).body.data.placementRound.id).toBe(round.id);
    expect((await call(START, { input: { intake: INTAKE } }, reader)).body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a malformed intake, cohort or seed as BAD_USER_INPUT naming the field', async () => {
    for (const [input, field] of [
      [{ intake: '2027-13' }, 'input.intake'],
      [{ intake: INTAKE, cohortId: 'nope' }, 'input.cohortId'],
      [{ intake: INTAKE, seed: ' ' }, 'input.seed'],
    ] as const) {
      const { body } = await call(START, { input });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe("education's profile events", () => {
  it('keep the latest profile, whatever order they arrive in', async () => {
    const citizenId = randomUUID();
    const profile = {
      citizenId,
      enrollmentId: randomUUID(),
      cohortId: randomUUID(),
      track: 'AI' as const,
      departmentCode: '69',
      regionCode: '84',
      nonGraduate: true,
      priorityNeighbourhood: false,
      internshipFrom: '2027-07-01',
      internshipUntil: '2027-12-31',
      skills: [] as Array<{ code: string; level: number }>,
    };
    const db = service.database.db;
    const later = { ...profile, skills: [{ code: 'ECF.A.9', level: 2 }] };
    await recordProfile(db, later, { id: randomUUID(), aggregateId: profile.enrollmentId, occurredAt: new Date('2027-05-02T10:00:00Z') });
    await recordProfile(db, profile, { id: randomUUID(), aggregateId: profile.enrollmentId, occurredAt: new Date('2027-03-01T10:00:00Z') });
    const [row] = await rows<{ intake: string; skills: unknown }>(sql`select intake, skills from placement_candidates where citizen_id = ${citizenId}`);
    expect(row?.intake).toBe('2027-07');
    expect(typeof row?.skills === 'string' ? JSON.parse(row.skills) : row?.skills).toEqual(later.skills);
  });

  it("take the armed forces' clearance, the latest one, while it holds on the internship's first day", async () => {
    const db = service.database.db;
    const citizenId = randomUUID();
    const meta = (at: string) => ({ id: randomUUID(), aggregateId: citizenId, occurredAt: new Date(at) });
    const intake = '2031-01';
    await recordProfile(
      db,
      {
        citizenId,
        enrollmentId: randomUUID(),
        cohortId: randomUUID(),
        track: 'CYBERSECURITY',
        departmentCode: '35',
        regionCode: '53',
        nonGraduate: false,
        priorityNeighbourhood: true,
        internshipFrom: '2031-01-05',
        internshipUntil: '2031-06-30',
        skills: [],
      },
      meta('2030-09-01T10:00:00Z'),
    );
    const clearanceRead = async () => {
      const { table } = await readRoundInputs(db, { intake, cohortId: null }, 'seed');
      expect(table.candidates).toBe(1);
      return (['NONE', 'SECRET', 'TRES_SECRET'] as const)[table.clearance[0] as number];
    };
    expect(await clearanceRead()).toBe('NONE');
    await recordClearance(db, { citizenId, clearance: 'SECRET', validUntil: '2035-01-01' }, meta('2030-10-01T10:00:00Z'));
    expect(await clearanceRead()).toBe('SECRET');
    // An older event arriving late changes nothing; a newer withdrawal does.
    await recordClearance(db, { citizenId, clearance: 'NONE', validUntil: null }, meta('2030-09-15T10:00:00Z'));
    expect(await clearanceRead()).toBe('SECRET');
    await recordClearance(db, { citizenId, clearance: 'SECRET', validUntil: '2031-01-04' }, meta('2030-11-01T10:00:00Z'));
    expect(await clearanceRead()).toBe('NONE');
    expect((await readRoundInputs(db, { intake, cohortId: null }, 'seed')).table.categories[0]).toBe(2);
  });
});

describe('a round whose process stopped', () => {
  it('is FAILED with the reason when the service starts again, its partial outcome gone', async () => {
    const id = randomUUID();
    await service.database.db.execute(sql`insert into placement_rounds (id, intake, seed, dry_run, phase, progress, requested_by)
      values (${id}, ${INTAKE}, 'interrupted', true, 'WRITING', 0.8, 'snn-test:agency')`);
    const [candidate] = await rows<{ citizen_id: string }>(sql`select citizen_id from placement_candidates limit 1`);
    await service.database.db.execute(sql`insert into placement_round_results (round_id, citizen_id, offer_id, choice, reason)
      values (${id}, ${candidate!.citizen_id}, null, null, 'NO_ELIGIBLE_PREFERENCE')`);
    // Another start of the service on the same database, as after a crash.
    const again = await startSubgraph(economy, { database: service.database, port: 0, seed: false, auth: await testAuthConfig() });
    await again.stop();
    const { body } = await call(READ, { id });
    expect(body.data.placementRound).toMatchObject({ phase: 'FAILED', failure: INTERRUPTED });
    expect(await count(sql`select count(*)::int as n from placement_round_results where round_id = ${id}`)).toBe(0);
  });
});
