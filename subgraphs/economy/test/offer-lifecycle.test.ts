// An offer's life after posting (changed, published, closed, expired, not doubled), a company's
// moves on the applications it received, and the citizens' ranked choices the agency records. The
// economy subgraph alone over real HTTP on port 0 and a real database (PGlite or PostgreSQL).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, rowsOf, todayInFrance } from '@snn/platform';
import { bearer, postGraphQL, startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import { Universe, type OrganisationFacts } from '@snn/platform/demo';
import { MIN_MONTHLY_GRATIFICATION_CENTS } from '../src/data/gratification';
import economy from '../src/server';

const SEED = { citizens: 400, seed: 11 };
const universe = new Universe(SEED.seed, SEED.citizens);
const companies = Array.from({ length: universe.organisationCount }, (_, i) => universe.organisation(i)).filter((o) => o.kind === 'COMPANY');
const ACME = companies[0] as OrganisationFacts;
const OTHER = companies[1] as OrganisationFacts;
const today = todayInFrance();

let service: TestSubgraph;
let acme: string;
let other: string;
let agency: string;

const call = (query: string, variables: Record<string, unknown>, authorization = acme) => postGraphQL(service.url, query, variables, authorization);
const rows = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(service.database.db, query);
const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(query))[0]?.n);

const OFFER_FIELDS = 'id status title seats closedReason closedAt publishedAt nationalRound';
const POST = `mutation($input: PostInternshipOfferInput!, $key: ID!) { postInternshipOffer(input: $input, idempotencyKey: $key) { offer { ${OFFER_FIELDS} } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateInternshipOfferInput!) { updateInternshipOffer(id: $id, input: $input) { ${OFFER_FIELDS} } }`;
const PUBLISH = `mutation($id: ID!) { publishInternshipOffer(id: $id) { ${OFFER_FIELDS} } }`;
const CLOSE = `mutation($id: ID!, $reason: String!) { closeInternshipOffer(id: $id, reason: $reason) { ${OFFER_FIELDS} } }`;
const READ = `query($id: ID!) { internshipOffer(id: $id) { ${OFFER_FIELDS} } }`;

let counter = 0;
function offerOf(org: OrganisationFacts, overrides: Record<string, unknown> = {}) {
  const n = ++counter;
  return {
    organisationId: org.siren,
    hostSiret: org.siret,
    partnerReference: `L-${n}`,
    title: `Développeur back-end ${n}`,
    description: 'Concevoir et maintenir des services web.',
    track: 'PROGRAMMING',
    requiredSkills: [{ skillCode: 'ECF.B.1', level: 2 }],
    location: '33',
    remotePolicy: 'ON_SITE',
    startDate: addDays(today, 60),
    durationMonths: 6,
    seats: 2,
    monthlyStipendCents: MIN_MONTHLY_GRATIFICATION_CENTS,
    expiresOn: addDays(today, 30),
    howToApply: 'Sur le site de l’entreprise.',
    tutorRole: 'Responsable technique',
    clearance: 'NONE',
    ...overrides,
  };
}
async function posted(overrides: Record<string, unknown> = {}, org = ACME, token = acme): Promise<{ id: string; input: ReturnType<typeof offerOf> }> {
  const input = offerOf(org, overrides);
  const { body } = await call(POST, { input, key: randomUUID() }, token);
  expect(body.errors).toBeUndefined();
  return { id: body.data.postInternshipOffer.offer.id, input };
}
const outboxOf = (id: string) =>
  rows<{ payload: string }>(sql`select payload from outbox where type = 'economy.offer-changed' and aggregate_id = ${id} order by seq`);

beforeAll(async () => {
  service = await startTestSubgraph(economy, SEED);
  acme = await bearer('company', ACME.siren);
  other = await bearer('company', OTHER.siren);
  agency = await bearer('economy');
});
afterAll(async () => {
  await service?.stop();
});

describe('an offer after posting', () => {
  it('is changed, published, then closed by its organisation, each step announced and audited', async () => {
    const { id } = await posted();
    const changed = await call(UPDATE, { id, input: { title: 'Développeuse ou développeur back-end', seats: 3 } });
    expect(changed.body.data.updateInternshipOffer).toMatchObject({ status: 'DRAFT', title: 'Développeuse ou développeur back-end', seats: 3 });
    expect(await outboxOf(id)).toHaveLength(0);

    const published = await call(PUBLISH, { id });
    expect(published.body.data.publishInternshipOffer).toMatchObject({ status: 'PUBLISHED' });
    expect(published.body.data.publishInternshipOffer.publishedAt).not.toBeNull();
    expect((await call(PUBLISH, { id })).body.data.publishInternshipOffer.status).toBe('PUBLISHED');

    const closed = await call(CLOSE, { id, reason: 'poste pourvu en interne' });
    expect(closed.body.data.closeInternshipOffer).toMatchObject({ status: 'CLOSED', closedReason: 'poste pourvu en interne' });
    expect((await call(CLOSE, { id, reason: 'encore' })).body.data.closeInternshipOffer.closedReason).toBe('poste pourvu en interne');
    const events = (await outboxOf(id)).map((e) => JSON.parse(e.payload));
    expect(events.map((e) => [e.status, e.seats])).toEqual([
      ['PUBLISHED', 3],
      ['CLOSED', 3],
    ]);
    for (const mutation of ['updateInternshipOffer', 'publishInternshipOffer', 'closeInternshipOffer', 'postInternshipOffer']) {
      expect(
        await count(sql`select count(*)::int as n from audit_log where field = ${`Mutation.${mutation}`} and ${id} = any(object_ids)`),
        mutation,
      ).toBeGreaterThan(0);
    }

    const late = await call(UPDATE, { id, input: { seats: 4 } });
    expect(late.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'CLOSED' });
    expect((await call(PUBLISH, { id })).body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('checks the whole offer again on every change, and writes nothing when refused', async () => {
    const { id } = await posted({ publish: true });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ seats: 0 }, 'input.seats'],
      [{ expiresOn: addDays(today, 61) }, 'input.expiresOn'],
      [{ startDate: addDays(today, -1), expiresOn: addDays(today, -2) }, 'input.startDate'],
      [{ durationMonths: 6, monthlyStipendCents: 100 }, 'input.monthlyStipendCents'],
      [{ title: ' ' }, 'input.title'],
      [{ requiredSkills: [{ skillCode: 'NOPE', level: 1 }] }, 'input.requiredSkills[0].skillCode'],
    ];
    for (const [input, field] of cases) {
      const { body } = await call(UPDATE, { id, input });
      expect(body.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const after = await call(READ, { id });
    expect(after.body.data.internshipOffer).toMatchObject({ seats: 2, status: 'PUBLISHED' });
  });

  it("answers another organisation's offer and a missing one alike, FORBIDDEN, and changes nothing", async () => {
    const { id } = await posted({ publish: true });
    for (const [query, vars] of [
      [UPDATE, { id, input: { seats: 5 } }],
      [PUBLISH, { id }],
      [CLOSE, { id, reason: 'sabotage' }],
    ] as const) {
      const foreign = await call(query, vars, other);
      const missing = await call(query, { ...vars, id: randomUUID() }, acme);
      expect(foreign.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(missing.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(foreign.body.errors?.[0]?.message.replace(id, 'X')).toBe(missing.body.errors?.[0]?.message.replace(/offer [0-9a-f-]{36}/, 'offer X'));
    }
    const ministry = await call(CLOSE, { id, reason: 'x' }, await bearer());
    expect(ministry.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call(READ, { id })).body.data.internshipOffer).toMatchObject({ status: 'PUBLISHED', seats: 2 });
  });

  it('reads CLOSED once its last day to apply has passed, without anyone acting', async () => {
    const { id } = await posted({ publish: true });
    await rows(sql`update internship_offers set expires_on = ${addDays(today, -1)}, start_date = ${addDays(today, 10)} where id = ${id}`);
    expect((await call(READ, { id })).body.data.internshipOffer).toMatchObject({ status: 'CLOSED', closedReason: 'EXPIRED' });
    const list = (status: string) =>
      call(`query($s: OfferStatus) { internshipOffers(first: 200, filter: { organisationId: "${ACME.siren}", status: $s }) { nodes { id } } }`, { s: status });
    expect((await list('PUBLISHED')).body.data.internshipOffers.nodes.map((n: any) => n.id)).not.toContain(id);
    expect((await list('CLOSED')).body.data.internshipOffers.nodes.map((n: any) => n.id)).toContain(id);
    // Closed offers are the organisation's and the ministry's to see.
    expect((await call(READ, { id }, other)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('flags a duplicate of an open offer instead of doubling it', async () => {
    const first = await posted({ publish: true });
    const again = offerOf(ACME, { title: first.input.title.toUpperCase(), startDate: first.input.startDate, publish: true });
    const { body } = await call(POST, { input: again, key: randomUUID() });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE_OFFER', offerId: first.id });
    await call(CLOSE, { id: first.id, reason: 'remplacée' });
    expect((await call(POST, { input: again, key: randomUUID() })).body.errors).toBeUndefined();
  });
});

const MOVE = `mutation($id: ID!, $s: ApplicationDecision!) { moveApplication(id: $id, status: $s) { id status } }`;

/** Applications arrive from citizens' systems; here they are put in place as the seed does. */
async function applicationsTo(offerId: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const [i, id] of ids.entries()) {
    await rows(
      sql`insert into applications (id, citizen_id, offer_id, organisation_id, rank, status, submitted_at) values (${id}, ${randomUUID()}, ${offerId}, ${ACME.siren}, ${i + 1}, 'SUBMITTED', now())`,
    );
  }
  return ids;
}

describe('applications to a company’s own offers', () => {
  it('move SUBMITTED → SHORTLISTED → ACCEPTED within the seats, and no other way', async () => {
    const { id: offerId } = await posted({ publish: true, seats: 1 });
    const [a, b, c] = (await applicationsTo(offerId, 3)) as [string, string, string];
    expect((await call(MOVE, { id: a, s: 'ACCEPTED' })).body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'SUBMITTED' });
    expect((await call(MOVE, { id: a, s: 'SHORTLISTED' })).body.data.moveApplication.status).toBe('SHORTLISTED');
    expect((await call(MOVE, { id: a, s: 'ACCEPTED' })).body.data.moveApplication.status).toBe('ACCEPTED');
    await call(MOVE, { id: b, s: 'SHORTLISTED' });
    expect((await call(MOVE, { id: b, s: 'ACCEPTED' })).body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'OFFER_FULL' });
    expect((await call(MOVE, { id: c, s: 'REJECTED' })).body.data.moveApplication.status).toBe('REJECTED');
    expect((await call(MOVE, { id: c, s: 'SHORTLISTED' })).body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await call(UPDATE, { id: offerId, input: { seats: 0 } })).body.errors?.[0]?.extensions?.field).toBe('input.seats');
  });

  it("are another company's to move never, and a national-round offer's never by hand", async () => {
    const { id: offerId } = await posted({ publish: true });
    const [a] = (await applicationsTo(offerId, 1)) as [string];
    expect((await call(MOVE, { id: a, s: 'SHORTLISTED' }, other)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call(MOVE, { id: randomUUID(), s: 'SHORTLISTED' })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { id: roundOffer } = await posted({ publish: true, nationalRound: true });
    const [r] = (await applicationsTo(roundOffer, 1)) as [string];
    expect((await call(MOVE, { id: r, s: 'SHORTLISTED' })).body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NATIONAL_ROUND' });
    expect(await count(sql`select count(*)::int as n from applications where id in (${a}, ${r}) and status = 'SUBMITTED'`)).toBe(2);
  });
});

const SET = `mutation($c: ID!, $r: String!, $o: [ID!]!) { setPlacementPreferences(citizenId: $c, round: $r, offerIds: $o) { preferences { rank offer { id } } } }`;
const PREFS = `query($reps: [_Any!]!, $r: String!) { _entities(representations: $reps) { ... on Citizen { placementPreferences(round: $r) { rank offer { id } } } } }`;

describe("citizens' placement preferences", () => {
  it('replace the list whole, in rank order, for the agency only', async () => {
    const citizen = universe.citizen(0);
    const track = universe.cohort(citizen.cohortIndex).track;
    const offers = await Promise.all([1, 2, 3].map(() => posted({ publish: true, track, requiredSkills: [{ skillCode: 'DIGCOMP.5.1', level: 3 }] })));
    const ids = offers.map((o) => o.id);
    const first = await call(SET, { c: citizen.id, r: '2027-03', o: ids }, agency);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.setPlacementPreferences.preferences.map((p: any) => [p.rank, p.offer.id])).toEqual(ids.map((id, i) => [i + 1, id]));
    await call(SET, { c: citizen.id, r: '2027-03', o: [ids[2], ids[0]] }, agency);
    const read = await call(PREFS, { reps: [{ __typename: 'Citizen', id: citizen.id }], r: '2027-03' }, agency);
    expect(read.body.data._entities[0].placementPreferences.map((p: any) => p.offer.id)).toEqual([ids[2], ids[0]]);
    expect(
      (await call(PREFS, { reps: [{ __typename: 'Citizen', id: citizen.id }], r: '2027-07' }, agency)).body.data._entities[0].placementPreferences,
    ).toEqual([]);

    const company = await call(PREFS, { reps: [{ __typename: 'Citizen', id: citizen.id }], r: '2027-03' }, acme);
    expect(company.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call(SET, { c: citizen.id, r: '2027-03', o: ids }, acme)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await count(sql`select count(*)::int as n from placement_preferences where citizen_id = ${citizen.id}`)).toBe(2);
    // The one-row copy the placement round reads holds the same list, in the same order.
    const [list] = await rowsOf<{ ids: string[] }>(
      service.database.db,
      sql`select array(select o.id::text from unnest(l.offer_numbers) with ordinality as n(number, k) join internship_offers o on o.number = n.number order by n.k) as ids
          from placement_choice_lists l where l.citizen_id = ${citizen.id} and l.round = '2027-03'`,
    );
    expect(list?.ids).toEqual([ids[2], ids[0]]);
  });

  it('refuse what the round could not use, and leave the previous list in place', async () => {
    const citizen = universe.citizen(1);
    const track = universe.cohort(citizen.cohortIndex).track;
    const otherTrack = track === 'AI' ? 'PROGRAMMING' : 'AI';
    const good = await posted({ publish: true, track, requiredSkills: [{ skillCode: 'DIGCOMP.5.1', level: 3 }] });
    const draft = await posted({ track, requiredSkills: [{ skillCode: 'DIGCOMP.5.1', level: 3 }] });
    const foreignTrack = await posted({ publish: true, track: otherTrack, requiredSkills: [{ skillCode: 'DIGCOMP.5.1', level: 3 }] });
    expect((await call(SET, { c: citizen.id, r: '2027-03', o: [good.id] }, agency)).body.errors).toBeUndefined();
    const cases: Array<[Record<string, unknown>, string, string?]> = [
      [{ o: [good.id, good.id] }, 'offerIds[1]'],
      [{ o: [good.id, draft.id] }, 'offerIds[1]', 'NOT_PUBLISHED'],
      [{ o: [foreignTrack.id] }, 'offerIds[0]', 'OTHER_TRACK'],
      [{ o: [randomUUID()] }, 'offerIds[0]', 'NOT_PUBLISHED'],
      [{ o: Array.from({ length: 11 }, () => randomUUID()) }, 'offerIds'],
      [{ o: [] }, 'offerIds'],
      [{ r: '2027-13' }, 'round'],
      [{ c: randomUUID() }, 'citizenId', 'NOT_ENROLLED'],
    ];
    for (const [vars, field, reason] of cases) {
      const { body } = await call(SET, { c: citizen.id, r: '2027-03', o: [good.id], ...vars }, agency);
      expect(body.errors?.[0]?.extensions, JSON.stringify(vars)).toMatchObject({ code: 'BAD_USER_INPUT', field, ...(reason ? { reason } : {}) });
    }
    expect(await count(sql`select count(*)::int as n from placement_preferences where citizen_id = ${citizen.id}`)).toBe(1);
  });
});
