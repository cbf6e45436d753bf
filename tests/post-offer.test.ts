// The federation's first write, through the gateway: a company posts an internship offer in the
// economy subgraph, then everybody reads it as visibility allows. Authorization at the gateway and
// at the subgraph, error codes across the gateway, idempotent and concurrent retries, atomicity.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, rowsOf, todayInFrance } from '@snn/platform';
import { bearer, postGraphQL, testIssuer } from '@snn/platform/testing';
import { type OrganisationFacts } from '@snn/platform/demo';
import { bootFederation, type Federation } from './helpers/federation';
import { COMPANIES, offerOf } from './helpers/offers';

const ACME = COMPANIES[0] as OrganisationFacts;
const OTHER = COMPANIES[1] as OrganisationFacts;
const today = todayInFrance();

let fed: Federation;
let acme: string;
beforeAll(async () => {
  fed = await bootFederation();
  acme = await bearer('company', ACME.siren);
});
afterAll(async () => {
  await fed?.stop();
});

const POST = `mutation Post($input: PostInternshipOfferInput!, $key: ID!) {
  postInternshipOffer(input: $input, idempotencyKey: $key) {
    replayed
    offer { id status partnerReference title organisation { id name } location { code name region { code } }
      requiredSkills { level skill { code name framework } } }
  }
}`;

/** What the economy subgraph alone can answer (no territory or skill names). */
const POST_AT_ECONOMY =
  'mutation Post($input: PostInternshipOfferInput!, $key: ID!) { postInternshipOffer(input: $input, idempotencyKey: $key) { replayed offer { id } } }';

const post = (input: Record<string, unknown>, key: string, token = acme, url = fed.gateway.url) =>
  postGraphQL(url, url === fed.gateway.url ? POST : POST_AT_ECONOMY, { input, key }, token);
const economyRows = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(fed.subgraphs.economy.database.db, query);
const offersWithReference = async (ref: string) =>
  Number((await economyRows<{ n: number }>(sql`select count(*)::int as n from internship_offers where partner_reference = ${ref}`))[0]?.n);

describe('a company posts an offer through the gateway', () => {
  it('posts a draft, resolved across subgraphs, that its organisation and the ministry read and others do not', async () => {
    const input = offerOf(ACME);
    const { status, body } = await post(input, 'fed-draft');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { offer, replayed } = body.data.postInternshipOffer;
    expect(replayed).toBe(false);
    expect(offer).toMatchObject({
      status: 'DRAFT',
      partnerReference: input.partnerReference,
      organisation: { id: ACME.siren, name: ACME.name },
      location: { code: '35', name: 'Ille-et-Vilaine', region: { code: 'R53' } },
    });
    // Skill names come from education, territory names from solidarity.
    expect(offer.requiredSkills).toEqual([
      { level: 4, skill: { code: 'DIGCOMP.5.1', name: 'Solving technical problems', framework: 'DIGCOMP' } },
      { level: 2, skill: { code: 'ECF.B.1', name: 'Application Development', framework: 'E_CF' } },
    ]);

    const byId = `{ internshipOffer(id: "${offer.id}") { id status title } }`;
    const listed = `{ internshipOffers(first: 200, filter: { organisationId: "${ACME.siren}", status: DRAFT }) { nodes { id } } }`;
    for (const token of [acme, await bearer('economy')]) {
      expect((await postGraphQL(fed.gateway.url, byId, {}, token)).body.data.internshipOffer).toEqual({ id: offer.id, status: 'DRAFT', title: input.title });
      expect((await postGraphQL(fed.gateway.url, listed, {}, token)).body.data.internshipOffers.nodes.map((n: any) => n.id)).toContain(offer.id);
    }
    for (const token of [await bearer('company', OTHER.siren), await bearer('parliament')]) {
      expect((await postGraphQL(fed.gateway.url, byId, {}, token)).body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      expect((await postGraphQL(fed.gateway.url, listed, {}, token)).body.data.internshipOffers.nodes).toEqual([]);
    }
  });

  it('publishes an offer that every caller then finds in its territory', async () => {
    const { body } = await post(
      offerOf(ACME, { publish: true, location: '971', track: 'AI', requiredSkills: [{ skillCode: 'ECF.A.9', level: 3 }] }),
      'fed-published',
    );
    expect(body.errors).toBeUndefined();
    const id = body.data.postInternshipOffer.offer.id;
    expect(body.data.postInternshipOffer.offer.status).toBe('PUBLISHED');
    const parliament = await bearer('parliament');
    const viaTerritory = await postGraphQL(
      fed.gateway.url,
      '{ territory(code: "R01") { name internshipOffers(first: 200, track: AI) { nodes { id status organisation { id } } } } }',
      {},
      parliament,
    );
    expect(viaTerritory.body.errors).toBeUndefined();
    expect(viaTerritory.body.data.territory.internshipOffers.nodes).toContainEqual({ id, status: 'PUBLISHED', organisation: { id: ACME.siren } });
    const viaList = await postGraphQL(
      fed.gateway.url,
      '{ internshipOffers(first: 200, filter: { territory: "971", status: PUBLISHED }) { nodes { id } } }',
      {},
      parliament,
    );
    expect(viaList.body.data.internshipOffers.nodes.map((n: any) => n.id)).toContain(id);
  });
});

describe('who may post, at the gateway and at the subgraph', () => {
  it('rejects a caller without offer:write at the gateway with 403, before any subgraph is asked, and at the subgraph with FORBIDDEN', async () => {
    const issuer = await testIssuer();
    const readOnlyCompany = `Bearer ${await issuer.sign({ sub: 'snn-test:reader', scope: 'offer:read placement:read', org: ACME.siren })}`;
    for (const [label, token] of [
      ['company without offer:write', readOnlyCompany],
      ['economy ministry', await bearer('economy')],
      ['parliament', await bearer('parliament')],
    ] as const) {
      const done = fed.statementsSince();
      const viaGateway = await post(offerOf(ACME), `fed-noscope-${label}`, token);
      expect(viaGateway.status, label).toBe(403);
      expect(viaGateway.body.errors?.[0]?.extensions, label).toMatchObject({
        code: 'FORBIDDEN',
        denied: [{ path: 'postInternshipOffer', field: 'Mutation.postInternshipOffer' }],
      });
      expect(viaGateway.body.errors?.[0]?.message, label).toMatch(/offer:write/);
      expect(
        Object.values(done()).every((n) => n === 0),
        `${label}: no subgraph asked`,
      ).toBe(true);
      const direct = await post(offerOf(ACME), `fed-noscope-${label}`, token, fed.subgraphs.economy.url);
      expect(direct.body.errors?.[0]?.extensions.code, label).toBe('FORBIDDEN');
    }
  });

  it('answers FORBIDDEN to a company posting for another organisation, and to a caller acting for none', async () => {
    const issuer = await testIssuer();
    const ministryWriter = `Bearer ${await issuer.sign({ sub: 'snn-test:ministry-writer', scope: 'offer:read offer:write' })}`;
    for (const token of [await bearer('company', OTHER.siren), ministryWriter]) {
      const input = offerOf(ACME);
      const { status, body } = await post(input, 'fed-wrong-org', token);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(body.data?.postInternshipOffer ?? null).toBeNull();
      expect(await offersWithReference(input.partnerReference as string)).toBe(0);
    }
  });

  it('answers UNAUTHENTICATED (401) without a token or with a forged one', async () => {
    const res = await fetch(fed.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: POST, variables: { input: offerOf(ACME), key: 'fed-anonymous' } }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = await post(offerOf(ACME), 'fed-forged', `${acme.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('cuts a field the writer may not read out of the answer, and still posts the offer', async () => {
    const issuer = await testIssuer();
    const writer = `Bearer ${await issuer.sign({ sub: 'snn-test:writer', scope: 'offer:write offer:read', org: ACME.siren })}`;
    const input = offerOf(ACME);
    const { status, body } = await postGraphQL(
      fed.gateway.url,
      `mutation($input: PostInternshipOfferInput!) {
      postInternshipOffer(input: $input, idempotencyKey: "fed-cut") { offer { id applications(first: 1) { totalCount } } } }`,
      { input },
      writer,
    );
    expect(status).toBe(200);
    expect(body.data.postInternshipOffer.offer).toEqual({ id: expect.any(String), applications: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['postInternshipOffer', 'offer', 'applications'], extensions: { code: 'FORBIDDEN' } })]);
    expect(await offersWithReference(input.partnerReference as string)).toBe(1);
  });
});

describe('errors, retries and atomicity across the gateway', () => {
  it('passes validation errors through with their code and field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ hostSiret: OTHER.siret }, 'input.hostSiret'],
      [{ requiredSkills: [{ skillCode: 'ECF.NOPE', level: 2 }] }, 'input.requiredSkills[0].skillCode'],
      [{ location: '20' }, 'input.location'],
      [{ startDate: addDays(today, -10), expiresOn: addDays(today, -20) }, 'input.startDate'],
      [{ expiresOn: addDays(today, 91) }, 'input.expiresOn'],
      [{ durationMonths: 6, monthlyStipendCents: 50_000 }, 'input.monthlyStipendCents'],
      [{ seats: 0 }, 'input.seats'],
      [{ title: 'T'.repeat(201) }, 'input.title'],
    ];
    for (const [change, field] of cases) {
      const input = offerOf(ACME, change);
      const { status, body } = await post(input, `fed-invalid-${input.partnerReference}`);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(body.data?.postInternshipOffer ?? null).toBeNull();
    }
    const unknownOrg = '123456782';
    const { body } = await post(offerOf({ ...ACME, siren: unknownOrg }), 'fed-unknown-org', await bearer('company', unknownOrg));
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.organisationId' });
  });

  it('answers a retry with the same offer and writes it once; the same key with another input is a CONFLICT', async () => {
    const input = offerOf(ACME);
    const first = await post(input, 'fed-retry');
    const again = await post(input, 'fed-retry');
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.postInternshipOffer).toEqual({ ...first.body.data.postInternshipOffer, replayed: true });
    expect(await offersWithReference(input.partnerReference as string)).toBe(1);
    const changed = await post({ ...input, seats: 2 }, 'fed-retry');
    expect(changed.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idempotencyKey' });
    const otherOffer = await post({ ...input, title: 'Autre poste' }, 'fed-retry-2');
    expect(otherOffer.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.partnerReference' });
    expect(await offersWithReference(input.partnerReference as string)).toBe(1);
  });

  it('creates one offer when identical requests arrive at once', async () => {
    const input = offerOf(ACME);
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(input, 'fed-concurrent')));
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.body.data.postInternshipOffer.offer.id)).size).toBe(1);
    expect(answers.filter((a) => !a.body.data.postInternshipOffer.replayed)).toHaveLength(1);
    expect(await offersWithReference(input.partnerReference as string)).toBe(1);
    const [keys] = await economyRows<{ n: number }>(sql`select count(*)::int as n from offer_idempotency_keys where idempotency_key = 'fed-concurrent'`);
    expect(Number(keys?.n)).toBe(1);
  });

  it('writes nothing when the transaction fails half-way, and masks the cause', async () => {
    const db = fed.subgraphs.economy.database.db;
    await db.execute(
      sql.raw(`create or replace function test_fail_skill() returns trigger language plpgsql as $$ begin raise exception 'test: skill refused'; end $$`),
    );
    await db.execute(sql.raw('create trigger test_fail_skill before insert on offer_skills for each row execute function test_fail_skill()'));
    const input = offerOf(ACME);
    try {
      const { body } = await post(input, 'fed-atomic');
      expect(body.errors?.[0]?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(body)).not.toMatch(/skill refused|insert into/);
    } finally {
      await db.execute(sql.raw('drop trigger test_fail_skill on offer_skills'));
    }
    expect(await offersWithReference(input.partnerReference as string)).toBe(0);
    const [keys] = await economyRows<{ n: number }>(sql`select count(*)::int as n from offer_idempotency_keys where idempotency_key = 'fed-atomic'`);
    expect(Number(keys?.n)).toBe(0);
  });
});
