// Partners' writes through the gateway, with the demo tokens' presets: each new mutation refuses
// another organisation's object (and a caller without the scope) at the gateway as at the subgraph,
// and a university's credential round trip works for a verifier that knows only the gateway: its
// keys at GET /universities/<uai>/jwks.json and `pnpm run credential:verify`.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, bulkInsert, ROOT_DIR, rowsOf, todayInFrance } from '@snn/platform';
import { bearer, postGraphQL } from '@snn/platform/testing';
import { Universe, type OrganisationFacts } from '@snn/platform/demo';
import { serviceEnrolments } from '@snn/universities/data/tables';
import { bootFederation, type Federation } from './helpers/federation';
import { COMPANIES, offerOf } from './helpers/offers';
import { TEST_UNIVERSE } from './helpers/subgraphs';

const run = promisify(execFile);
const universe = new Universe(TEST_UNIVERSE.seed, TEST_UNIVERSE.citizens);
const UAI = universe.universities[0]!.id;
const OTHER_UAI = universe.universities[1]!.id;
const ACME = COMPANIES[0] as OrganisationFacts;
const OTHER = COMPANIES[1] as OrganisationFacts;
const today = todayInFrance();

let fed: Federation;
let tokens: Record<'uni' | 'otherUni' | 'acme' | 'other' | 'agency' | 'parliament', string>;
beforeAll(async () => {
  fed = await bootFederation();
  tokens = {
    uni: await bearer('university', UAI),
    otherUni: await bearer('university', OTHER_UAI),
    acme: await bearer('company', ACME.siren),
    other: await bearer('company', OTHER.siren),
    agency: await bearer('economy'),
    parliament: await bearer('parliament'),
  };
});
afterAll(async () => {
  await fed?.stop();
});

const at = (where: 'gateway' | 'universities' | 'economy') => (where === 'gateway' ? fed.gateway.url : fed.subgraphs[where].url);
const call = (url: string, query: string, variables: Record<string, unknown>, token: string) => postGraphQL(url, query, variables, token);
async function ok(query: string, variables: Record<string, unknown>, token: string) {
  const { body } = await call(fed.gateway.url, query, variables, token);
  expect(body.errors).toBeUndefined();
  return body.data;
}

const UPSERT = 'mutation($input: ModuleInput!) { upsertModule(input: $input) { created module { code } } }';
const PUBLISH =
  'mutation($m: ID!, $a: [CreditAwardInput!]!, $k: ID!) { publishCredits(moduleCode: $m, awards: $a, idempotencyKey: $k) { published awards { nodes { id } } } }';
const REVISE = 'mutation($id: ID!) { reviseCreditAward(id: $id, status: REVOKED, reason: "retrait") { status } }';
const moduleInput = (code: string) => ({
  code,
  title: 'Cryptographie appliquée',
  ectsCredits: 5,
  hours: 130,
  track: 'CYBERSECURITY',
  skillsTaught: [{ skillCode: 'ECF.B.3', level: 2 }],
  language: 'fr',
});

/** A citizen the universities know as enrolled (the copy education's events feed), credited by UAI's new module. */
async function creditedCitizen(): Promise<{ citizenId: string; awardId: string; code: string }> {
  const citizenId = randomUUID();
  await bulkInsert(fed.subgraphs.universities.database.db, serviceEnrolments, [{ enrollmentId: randomUUID(), citizenId, enrolledOn: addDays(today, -90) }]);
  const code = `${UAI}-GW${randomUUID().slice(0, 6).toUpperCase()}`;
  await ok(UPSERT, { input: moduleInput(code) }, tokens.uni);
  const data = await ok(PUBLISH, { m: code, a: [{ citizenId, ects: 5, grade: '16', gradeScale: 'FR_20', awardedOn: today }], k: randomUUID() }, tokens.uni);
  return { citizenId, awardId: data.publishCredits.awards.nodes[0].id, code };
}

describe("each new mutation refuses what is not the caller's, at the gateway and at the owner", () => {
  it('universities: modules, credits, revisions and credentials', async () => {
    const { citizenId, awardId, code } = await creditedCitizen();
    for (const where of ['gateway', 'universities'] as const) {
      const url = at(where);
      const foreignModule = await call(url, UPSERT, { input: moduleInput(`${UAI}-X${where.length}`) }, tokens.otherUni);
      expect(foreignModule.body.errors?.[0]?.extensions?.code, where).toBe('FORBIDDEN');
      const byCompany = await call(url, UPSERT, { input: moduleInput(`${UAI}-Y${where.length}`) }, tokens.acme);
      expect(byCompany.body.errors?.[0]?.extensions?.code, where).toBe('FORBIDDEN');
      const foreignCredits = await call(
        url,
        PUBLISH,
        { m: code, a: [{ citizenId, ects: 1, grade: 'A', gradeScale: 'ECTS_LETTER', awardedOn: today }], k: randomUUID() },
        tokens.otherUni,
      );
      expect(foreignCredits.body.errors?.[0]?.extensions?.code, where).toBe('FORBIDDEN');
      const foreignRevision = await call(url, REVISE, { id: awardId }, tokens.otherUni);
      expect(foreignRevision.body.errors?.[0]?.extensions?.code, where).toBe('NOT_FOUND');
      const credential = await call(
        url,
        'query($c: ID!, $u: ID!) { creditCredential(citizenId: $c, universityId: $u) { jwt } }',
        { c: citizenId, u: UAI },
        tokens.otherUni,
      );
      expect(credential.body.errors?.[0]?.extensions?.code, where).toBe('FORBIDDEN');
    }
    const rows = await rowsOf<{ status: string }>(fed.subgraphs.universities.database.db, sql`select status from credit_awards where id = ${awardId}`);
    expect(rows).toEqual([{ status: 'PROVISIONAL' }]);
  });

  it('economy: offers, applications and preferences', async () => {
    const input = offerOf(ACME);
    const posted = await ok(
      'mutation($input: PostInternshipOfferInput!, $k: ID!) { postInternshipOffer(input: $input, idempotencyKey: $k) { offer { id } } }',
      { input: { ...input, publish: true }, k: randomUUID() },
      tokens.acme,
    );
    const offerId = posted.postInternshipOffer.offer.id;
    const applicationId = randomUUID();
    await rowsOf(
      fed.subgraphs.economy.database.db,
      sql`insert into applications (id, citizen_id, offer_id, organisation_id, rank, status, submitted_at) values (${applicationId}, ${randomUUID()}, ${offerId}, ${ACME.siren}, 1, 'SUBMITTED', now())`,
    );
    const writes: Array<[string, Record<string, unknown>]> = [
      ['mutation($id: ID!) { updateInternshipOffer(id: $id, input: { seats: 9 }) { seats } }', { id: offerId }],
      ['mutation($id: ID!) { publishInternshipOffer(id: $id) { status } }', { id: offerId }],
      ['mutation($id: ID!) { closeInternshipOffer(id: $id, reason: "x") { status } }', { id: offerId }],
      ['mutation($id: ID!) { moveApplication(id: $id, status: REJECTED) { status } }', { id: applicationId }],
    ];
    const citizen = universe.citizen(0);
    const prefs = 'mutation($c: ID!, $o: [ID!]!) { setPlacementPreferences(citizenId: $c, round: "2027-03", offerIds: $o) { preferences { rank } } }';
    for (const where of ['gateway', 'economy'] as const) {
      for (const [query, variables] of writes) {
        const { body } = await call(at(where), query, variables, tokens.other);
        expect(body.errors?.[0]?.extensions?.code, `${where}: ${query}`).toBe('FORBIDDEN');
      }
      for (const token of [tokens.acme, tokens.uni]) {
        const { body } = await call(at(where), prefs, { c: citizen.id, o: [offerId] }, token);
        expect(body.errors?.[0]?.extensions?.code, where).toBe('FORBIDDEN');
      }
    }
    const [offer] = await rowsOf<{ status: string; seats: number }>(
      fed.subgraphs.economy.database.db,
      sql`select status, seats from internship_offers where id = ${offerId}`,
    );
    expect(offer).toEqual({ status: 'PUBLISHED', seats: 1 });
  });
});

describe('a credit credential, verified by someone who knows only the gateway', () => {
  it('checks out with the published keys and the CLI, fails tampered, and says revoked after a revocation', async () => {
    const { citizenId, awardId } = await creditedCitizen();
    const data = await ok(
      'query($c: ID!, $u: ID!) { creditCredential(citizenId: $c, universityId: $u) { jwt keyId issuer { name } } }',
      { c: citizenId, u: UAI },
      tokens.uni,
    );
    const { jwt, keyId } = data.creditCredential;
    const jwks = await (await fetch(new URL(`/universities/${UAI}/jwks.json`, fed.gateway.url))).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(keyId);
    expect((await fetch(new URL('/universities/0000000A/jwks.json', fed.gateway.url))).status).toBe(404);

    const dir = mkdtempSync(path.join(tmpdir(), 'snn-credential-'));
    const file = path.join(dir, 'credential.json');
    writeFileSync(file, JSON.stringify({ jwt }));
    const verify = (f: string) =>
      run(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'scripts', 'credential-verify.ts'), f, '--url', fed.gateway.url], {
        cwd: ROOT_DIR,
        env: { ...process.env, SNN_TOKEN: tokens.parliament.replace(/^Bearer /, '') },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
      );
    const valid = await verify(file);
    expect(valid).toMatchObject({ code: 0 });
    expect(valid.stdout).toMatch(new RegExp(`^VALID: issued by .+ \\(${UAI}\\)`));

    const [h, p, s] = jwt.split('.');
    const tampered = path.join(dir, 'tampered.jwt');
    writeFileSync(tampered, `${h}.${p.slice(0, -4)}AAAA.${s}`);
    expect((await verify(tampered)).code).toBe(1);

    await ok(REVISE, { id: awardId }, tokens.uni);
    const revoked = await verify(file);
    expect(revoked.code).toBe(1);
    expect(revoked.stdout).toContain(`REVOKED`);
    expect(revoked.stdout).toContain(awardId);
  }, 60_000);
});
