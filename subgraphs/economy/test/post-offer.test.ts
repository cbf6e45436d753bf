// postInternshipOffer at the economy subgraph alone, over real HTTP on port 0 and a real database
// (PGlite, or PostgreSQL when TEST_DATABASE_URL is set): authorization, validation, idempotency
// (sequential and concurrent retries) and atomicity.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, luhnComplete, rowsOf, todayInFrance } from '@snn/platform';
import { bearer, postGraphQL, testIssuer, startTestSubgraph, type TestSubgraph } from '@snn/platform/testing';
import { Universe, type OrganisationFacts } from '@snn/platform/demo';
import { MIN_MONTHLY_GRATIFICATION_CENTS } from '../src/data/gratification';
import economy from '../src/server';
import { postOffer } from '../src/data/postOffer';
import { parseOfferInput, type OfferInput } from '../src/validation';

const SEED = { citizens: 1000, seed: 7 };
const universe = new Universe(SEED.seed, SEED.citizens);
const companies = Array.from({ length: universe.organisationCount }, (_, i) => universe.organisation(i)).filter((o) => o.kind === 'COMPANY');
const ACME = companies[0] as OrganisationFacts;
const OTHER = companies[1] as OrganisationFacts;
/** A well-formed SIREN that no organisation has. */
const UNKNOWN_SIREN = '123456782';

let service: TestSubgraph;
let acme: string;
let other: string;

const today = todayInFrance();
const MUTATION = `mutation Post($input: PostInternshipOfferInput!, $key: ID!) {
  postInternshipOffer(input: $input, idempotencyKey: $key) {
    replayed
    offer { id status publishedAt partnerReference hostSiret title description track location { code } remotePolicy startDate durationMonths
      seats monthlyStipendCents expiresOn howToApply tutorRole clearance organisation { id } requiredSkills { level skill { code } } }
  }
}`;

type Input = Record<string, unknown>;
let counter = 0;
/** A valid offer of `org`, with a partner reference of its own unless overridden. */
function offerOf(org: OrganisationFacts, overrides: Input = {}): Input {
  return {
    organisationId: org.siren,
    hostSiret: org.siret,
    partnerReference: `T-${++counter}`,
    // Each offer its own title: the same host, title, start and place would be a duplicate of an open offer.
    title: `Analyste SOC junior (T-${counter})`,
    description: 'Surveiller les alertes du centre opérationnel de sécurité et qualifier les incidents.\nTutorat hebdomadaire.',
    track: 'CYBERSECURITY',
    requiredSkills: [
      { skillCode: 'ECSF.INCIDENT_RESPONDER', level: 2 },
      { skillCode: 'ECF.B.3', level: 3 },
    ],
    location: '69',
    remotePolicy: 'HYBRID',
    startDate: addDays(today, 60),
    durationMonths: 6,
    seats: 2,
    monthlyStipendCents: MIN_MONTHLY_GRATIFICATION_CENTS + 10_000,
    expiresOn: addDays(today, 30),
    howToApply: 'Candidater sur https://example.org/offres avec la référence de l’offre.',
    tutorRole: 'Responsable du SOC',
    clearance: 'NONE',
    ...overrides,
  };
}

const post = async (input: Input, key: string, authorization?: string) => postGraphQL(service.url, MUTATION, { input, key }, authorization ?? acme);

const count = async (query: ReturnType<typeof sql>) => Number((await rowsOf<{ n: number }>(service.database.db, query))[0]?.n);
const offersWithReference = (org: string, ref: string) =>
  count(sql`select count(*)::int as n from internship_offers where organisation_id = ${org} and partner_reference = ${ref}`);
const allOffers = () => count(sql`select count(*)::int as n from internship_offers`);
const allKeys = () => count(sql`select count(*)::int as n from offer_idempotency_keys`);

beforeAll(async () => {
  service = await startTestSubgraph(economy, SEED);
  acme = await bearer('company', ACME.siren);
  other = await bearer('company', OTHER.siren);
});
afterAll(async () => {
  await service?.stop();
});

describe('postInternshipOffer: a company posts an offer', () => {
  it('posts a draft that its organisation and the ministry see, and other callers do not', async () => {
    const input = offerOf(ACME, { hostSiret: luhnComplete(`${ACME.siren}0999`), location: '2A' });
    const { status, body } = await post(input, 'draft-1');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { offer, replayed } = body.data.postInternshipOffer;
    expect(replayed).toBe(false);
    expect(offer).toMatchObject({
      status: 'DRAFT',
      publishedAt: null,
      partnerReference: input.partnerReference,
      hostSiret: input.hostSiret,
      title: input.title,
      description: input.description,
      track: 'CYBERSECURITY',
      location: { code: '2A' },
      remotePolicy: 'HYBRID',
      startDate: input.startDate,
      durationMonths: 6,
      seats: 2,
      monthlyStipendCents: input.monthlyStipendCents,
      expiresOn: input.expiresOn,
      howToApply: input.howToApply,
      tutorRole: input.tutorRole,
      clearance: 'NONE',
      organisation: { id: ACME.siren },
    });
    expect(offer.requiredSkills).toEqual([
      { level: 3, skill: { code: 'ECF.B.3' } },
      { level: 2, skill: { code: 'ECSF.INCIDENT_RESPONDER' } },
    ]);
    const [row] = await rowsOf<{ region_code: string; department_code: string }>(
      service.database.db,
      sql`select region_code, department_code from internship_offers where id = ${offer.id}`,
    );
    expect(row).toEqual({ department_code: '2A', region_code: '94' });

    const byId = `{ internshipOffer(id: "${offer.id}") { id status } }`;
    for (const token of [acme, await bearer('economy')]) {
      expect((await postGraphQL(service.url, byId, {}, token)).body.data.internshipOffer).toEqual({ id: offer.id, status: 'DRAFT' });
    }
    for (const token of [other, await bearer('parliament')]) {
      expect((await postGraphQL(service.url, byId, {}, token)).body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    }
  });

  it('publishes at once when asked, for every caller to see', async () => {
    const { body } = await post(offerOf(ACME, { publish: true, durationMonths: 2, monthlyStipendCents: 0 }), 'published-1');
    expect(body.errors).toBeUndefined();
    const { offer } = body.data.postInternshipOffer;
    expect(offer.status).toBe('PUBLISHED');
    expect(Date.now() - Date.parse(offer.publishedAt)).toBeLessThan(60_000);
    const seen = await postGraphQL(service.url, `{ internshipOffer(id: "${offer.id}") { id status monthlyStipendCents } }`, {}, await bearer('parliament'));
    expect(seen.body.data.internshipOffer).toEqual({ id: offer.id, status: 'PUBLISHED', monthlyStipendCents: 0 });
  });
});

describe('postInternshipOffer: who may post', () => {
  it('refuses another organisation’s offer, a caller acting for none, a missing scope and a missing token, before reading anything', async () => {
    const issuer = await testIssuer();
    const cases: Array<[string, string, Input]> = [
      ['another organisation', other, offerOf(ACME)],
      ['a ministry holding offer:write', `Bearer ${await issuer.sign({ sub: 'snn-test:economy-writer', scope: 'offer:read offer:write' })}`, offerOf(ACME)],
      [
        'a company without offer:write',
        `Bearer ${await issuer.sign({ sub: 'snn-test:reader', scope: 'offer:read placement:read', org: ACME.siren })}`,
        offerOf(ACME),
      ],
      ['a university', await bearer('university', '0751000E'), offerOf(ACME)],
      ['every preset without offer:write', await bearer('economy'), offerOf(ACME)],
    ];
    const offers = await allOffers();
    for (const [label, token, input] of cases) {
      const before = service.database.stats.statements;
      const { status, body } = await post(input, `forbidden-${label}`, token);
      expect(status, label).toBe(200);
      expect(body.errors?.[0]?.extensions.code, label).toBe('FORBIDDEN');
      expect(body.data?.postInternshipOffer ?? null, label).toBeNull();
      expect(service.database.stats.statements - before, `${label}: no statement`).toBe(0);
    }
    const unauthenticated = await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: MUTATION, variables: { input: offerOf(ACME), key: 'anonymous' } }),
    });
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await allOffers()).toBe(offers);
  });

  it('refuses a forbidden caller even when its input is invalid: authorization comes first', async () => {
    const { body } = await post(offerOf(ACME, { title: '' }), 'forbidden-invalid', other);
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('postInternshipOffer: validation', () => {
  const longer = (n: number) => 'x'.repeat(n + 1);
  const cases: Array<[string, Input, string]> = [
    ['a SIRET of another organisation', { hostSiret: OTHER.siret }, 'input.hostSiret'],
    ['a SIRET with a wrong check digit', { hostSiret: `${ACME.siret.slice(0, 13)}${(Number(ACME.siret[13]) + 1) % 10}` }, 'input.hostSiret'],
    ['a SIRET of 13 digits', { hostSiret: ACME.siret.slice(0, 13) }, 'input.hostSiret'],
    [
      'an unknown skill code',
      {
        requiredSkills: [
          { skillCode: 'ECF.B.3', level: 2 },
          { skillCode: 'ECF.Z.9', level: 2 },
        ],
      },
      'input.requiredSkills[1].skillCode',
    ],
    [
      'a skill listed twice',
      {
        requiredSkills: [
          { skillCode: 'ECF.B.3', level: 2 },
          { skillCode: 'ECF.B.3', level: 3 },
        ],
      },
      'input.requiredSkills[1].skillCode',
    ],
    ['an e-CF level above 5', { requiredSkills: [{ skillCode: 'ECF.B.3', level: 6 }] }, 'input.requiredSkills[0].level'],
    ['a DigComp level above 8', { requiredSkills: [{ skillCode: 'DIGCOMP.5.1', level: 9 }] }, 'input.requiredSkills[0].level'],
    ['no skill', { requiredSkills: [] }, 'input.requiredSkills'],
    ['21 skills', { requiredSkills: Array.from({ length: 21 }, (_, i) => ({ skillCode: `ECF.B.${i}`, level: 1 })) }, 'input.requiredSkills'],
    ['an unknown département', { location: '99' }, 'input.location'],
    ['a region instead of a département', { location: 'R11' }, 'input.location'],
    ['a place name', { location: 'Lyon' }, 'input.location'],
    ['a start in the past', { startDate: addDays(today, -1), expiresOn: addDays(today, -2) }, 'input.startDate'],
    ['a start over two years ahead', { startDate: addDays(today, 800), expiresOn: addDays(today, 30) }, 'input.startDate'],
    ['an expiry after the start', { startDate: addDays(today, 30), expiresOn: addDays(today, 31) }, 'input.expiresOn'],
    ['an expiry in the past', { expiresOn: addDays(today, -1) }, 'input.expiresOn'],
    ['0 months', { durationMonths: 0 }, 'input.durationMonths'],
    ['13 months', { durationMonths: 13 }, 'input.durationMonths'],
    ['0 seats', { seats: 0 }, 'input.seats'],
    ['101 seats', { seats: 101 }, 'input.seats'],
    ['a negative stipend', { durationMonths: 1, monthlyStipendCents: -1 }, 'input.monthlyStipendCents'],
    ['a stipend over the ceiling', { monthlyStipendCents: 1_000_001 }, 'input.monthlyStipendCents'],
    [
      'less than the legal minimum over two months',
      { durationMonths: 3, monthlyStipendCents: MIN_MONTHLY_GRATIFICATION_CENTS - 1 },
      'input.monthlyStipendCents',
    ],
    ['a blank title', { title: '   ' }, 'input.title'],
    ['a title over 200 characters', { title: longer(200) }, 'input.title'],
    ['a title on two lines', { title: 'Analyste\nSOC' }, 'input.title'],
    ['a description over 10,000 characters', { description: longer(10_000) }, 'input.description'],
    ['a description with a control character', { description: 'Analyse\u0000' }, 'input.description'],
    ['how to apply over 2,000 characters', { howToApply: longer(2_000) }, 'input.howToApply'],
    ['a tutor role over 200 characters', { tutorRole: longer(200) }, 'input.tutorRole'],
    ['a partner reference with a space', { partnerReference: 'REF 1' }, 'input.partnerReference'],
    ['a partner reference over 100 characters', { partnerReference: longer(100) }, 'input.partnerReference'],
  ];

  it.each(cases)('refuses %s with BAD_USER_INPUT at its field, and writes nothing', async (_label, change, field) => {
    const input = offerOf(ACME, change);
    const offers = await allOffers();
    const keys = await allKeys();
    const { status, body } = await post(input, `invalid-${counter}`);
    expect(status).toBe(200);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(body.data?.postInternshipOffer ?? null).toBeNull();
    expect(await allOffers()).toBe(offers);
    expect(await allKeys()).toBe(keys);
  });

  it('accepts the bounds: 12 months at the legal minimum, 100 seats, a start today, an unpaid internship of two months', async () => {
    for (const [key, change] of [
      ['bounds-1', { durationMonths: 12, monthlyStipendCents: MIN_MONTHLY_GRATIFICATION_CENTS, seats: 100 }],
      ['bounds-2', { startDate: today, expiresOn: today, durationMonths: 1, seats: 1 }],
      ['bounds-3', { durationMonths: 2, monthlyStipendCents: 0, requiredSkills: [{ skillCode: 'DIGCOMP.5.1', level: 8 }] }],
    ] as const) {
      const { body } = await post(offerOf(ACME, change), key);
      expect(body.errors, key).toBeUndefined();
    }
  });

  it('refuses an organisation that does not exist or a malformed SIREN, for a caller acting for it', async () => {
    const unknown = await post(
      offerOf({ ...ACME, siren: UNKNOWN_SIREN, siret: luhnComplete(`${UNKNOWN_SIREN}0001`) }),
      'unknown-org',
      await bearer('company', UNKNOWN_SIREN),
    );
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.organisationId' });
    const malformed = await post(offerOf({ ...ACME, siren: '12345', siret: '12345000000000' }), 'malformed-org', await bearer('company', '12345'));
    expect(malformed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.organisationId' });
  });

  it('refuses a malformed idempotency key', async () => {
    for (const key of ['', 'with space', 'x'.repeat(201)]) {
      const { body } = await post(offerOf(ACME), key);
      expect(body.errors?.[0]?.extensions, JSON.stringify(key)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    }
  });
});

describe('postInternshipOffer: idempotency', () => {
  it('answers a retry with the same key and input with the same offer, and writes nothing', async () => {
    const input = offerOf(ACME);
    const first = await post(input, 'retry-1');
    const offers = await allOffers();
    const keys = await allKeys();
    // Same request, whitespace and skill order aside: the same canonical input.
    const again = await post({ ...input, title: ` ${input.title} `, requiredSkills: [...(input.requiredSkills as unknown[])].reverse() }, 'retry-1');
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.postInternshipOffer.replayed).toBe(true);
    expect(again.body.data.postInternshipOffer.offer).toEqual(first.body.data.postInternshipOffer.offer);
    expect(await allOffers()).toBe(offers);
    expect(await allKeys()).toBe(keys);
    expect(await offersWithReference(ACME.siren, input.partnerReference as string)).toBe(1);
  });

  it('answers the same key with another input with CONFLICT, and writes nothing', async () => {
    const input = offerOf(ACME);
    await post(input, 'retry-2');
    const offers = await allOffers();
    for (const change of [{ seats: 3 }, { publish: true }, { partnerReference: 'T-other-ref' }]) {
      const { body } = await post({ ...input, ...change }, 'retry-2');
      expect(body.errors?.[0]?.extensions, JSON.stringify(change)).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    }
    expect(await allOffers()).toBe(offers);
  });

  it('scopes keys to the organisation: two companies use the same key for their own offers', async () => {
    const a = await post(offerOf(ACME), 'shared-key');
    const b = await post(offerOf(OTHER, { partnerReference: 'SHARED-1' }), 'shared-key', other);
    expect(a.body.errors).toBeUndefined();
    expect(b.body.errors).toBeUndefined();
    expect(b.body.data.postInternshipOffer.replayed).toBe(false);
    expect(b.body.data.postInternshipOffer.offer.id).not.toBe(a.body.data.postInternshipOffer.offer.id);
    expect(b.body.data.postInternshipOffer.offer.organisation.id).toBe(OTHER.siren);
  });

  it('keeps the partner reference unique per organisation: the same offer again is a replay, another offer a CONFLICT', async () => {
    const input = offerOf(ACME);
    const first = await post(input, 'ref-1');
    const id = first.body.data.postInternshipOffer.offer.id;
    const same = await post(input, 'ref-2');
    expect(same.body.errors).toBeUndefined();
    expect(same.body.data.postInternshipOffer).toMatchObject({ replayed: true, offer: { id } });
    // The new key now names that offer too.
    expect((await post(input, 'ref-2')).body.data.postInternshipOffer).toMatchObject({ replayed: true, offer: { id } });
    const different = await post({ ...input, title: 'Un autre poste' }, 'ref-3');
    expect(different.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.partnerReference', offerId: id });
    expect(await offersWithReference(ACME.siren, input.partnerReference as string)).toBe(1);
    // Seeded offers hold references too: another organisation's reference is free for this one.
    const [seeded] = await rowsOf<{ partner_reference: string; organisation_id: string }>(
      service.database.db,
      sql`select partner_reference, organisation_id from internship_offers where organisation_id <> ${ACME.siren} limit 1`,
    );
    const reuse = await post(offerOf(ACME, { partnerReference: seeded!.partner_reference }), 'ref-4');
    expect(reuse.body.errors).toBeUndefined();
  });

  it('creates one offer when identical requests arrive at once', async () => {
    const input = offerOf(ACME);
    const offers = await allOffers();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(input, 'concurrent-1')));
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    const ids = new Set(answers.map((a) => a.body.data.postInternshipOffer.offer.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => !a.body.data.postInternshipOffer.replayed)).toHaveLength(1);
    expect(await allOffers()).toBe(offers + 1);
    expect(await count(sql`select count(*)::int as n from offer_idempotency_keys where idempotency_key = 'concurrent-1'`)).toBe(1);
  });

  it('creates one offer when the same offer arrives at once under different keys', async () => {
    const input = offerOf(ACME);
    const offers = await allOffers();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => post(input, `concurrent-2-${i}`)));
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.body.data.postInternshipOffer.offer.id)).size).toBe(1);
    expect(await allOffers()).toBe(offers + 1);
  });

  it('resolves the race in the data function itself: concurrent posts that all miss the first lookup make one offer', async () => {
    // Straight calls interleave statement by statement, even on one embedded connection: every
    // call looks up before any inserts, so all but one hit a unique constraint and look again.
    const offer = parseOfferInput(offerOf(ACME) as unknown as OfferInput);
    const poster = { organisationId: ACME.siren, viewer: { sub: 'snn-test:race', scopes: new Set(['offer:write']), org: ACME.siren, jti: null, kind: null } };
    const offers = await allOffers();
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => postOffer(service.database.db, poster, offer, i % 2 === 0 ? 'race-a' : 'race-b', { today })),
    );
    expect(new Set(results.map((r) => r.offer.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await allOffers()).toBe(offers + 1);
    expect(await count(sql`select count(*)::int as n from offer_idempotency_keys where idempotency_key in ('race-a', 'race-b')`)).toBe(2);
  });

  it('gives one key to one of two different requests sent at once, and CONFLICT to the other', async () => {
    const offers = await allOffers();
    const answers = await Promise.all([post(offerOf(ACME), 'concurrent-3'), post(offerOf(ACME), 'concurrent-3')]);
    const codes = answers.map((a) => a.body.errors?.[0]?.extensions.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    expect(await allOffers()).toBe(offers + 1);
  });
});

describe('postInternshipOffer: all or nothing', () => {
  // A trigger makes one of the transaction's later inserts fail, as a crash or a constraint would.
  it.each([
    ['offer_skills', 'the skills'],
    ['offer_idempotency_keys', 'the idempotency key'],
  ])('writes no offer when inserting %s fails (%s)', async (table) => {
    const db = service.database.db;
    await db.execute(
      sql.raw(`create or replace function test_fail_insert() returns trigger language plpgsql as $$ begin raise exception 'test: insert refused'; end $$`),
    );
    await db.execute(sql.raw(`create trigger test_fail_insert before insert on ${table} for each row execute function test_fail_insert()`));
    const input = offerOf(ACME);
    const offers = await allOffers();
    const keys = await allKeys();
    const skills = await count(sql`select count(*)::int as n from offer_skills`);
    try {
      const { body } = await post(input, `atomic-${table}`);
      expect(body.errors?.[0]?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(body.errors?.[0]?.message).toBe('Internal server error');
      expect(JSON.stringify(body)).not.toMatch(/insert|refused|sql/i);
    } finally {
      await db.execute(sql.raw(`drop trigger test_fail_insert on ${table}`));
    }
    expect(await offersWithReference(ACME.siren, input.partnerReference as string)).toBe(0);
    expect(await allOffers()).toBe(offers);
    expect(await allKeys()).toBe(keys);
    expect(await count(sql`select count(*)::int as n from offer_skills`)).toBe(skills);
    // The key was not spent: the retry creates the offer.
    const retry = await post(input, `atomic-${table}`);
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data.postInternshipOffer.replayed).toBe(false);
    expect(await offersWithReference(ACME.siren, input.partnerReference as string)).toBe(1);
  });
});
