// The gateway serves an operation it has seen before around Apollo Server's pipeline
// (gateway/src/prepared-operations.ts). Whatever the caller sends, the answer must be the one
// Apollo Server gives: each request below is sent twice, the first time served by Apollo Server
// (a text never seen), the second by the prepared path, and both answers compared whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '@snn/platform/testing';
import { type OrganisationFacts } from '@snn/platform/demo';
import { bootFederation, metricValue, type Federation } from './helpers/federation';
import { COMPANIES, offerOf } from './helpers/offers';

let fed: Federation;
let cohortId: string;
beforeAll(async () => {
  fed = await bootFederation();
  const { data } = await fed.query<{ cohorts: { nodes: Array<{ id: string }> } }>('{ cohorts(first: 1) { nodes { id } } }');
  cohortId = data!.cohorts.nodes[0]!.id;
});
afterAll(async () => {
  await fed?.stop();
});

/** Requests the gateway served on the prepared path so far. */
const servedPrepared = () => metricValue(fed.gateway.url, 'snn_gateway_prepared_operations_total\\{[^}]*\\}');

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}
async function send(body: unknown, authorization?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(fed.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

/** The same request twice: the answers, and how many of the two the prepared path served. */
async function twice(body: unknown, authorization?: string, headers?: Record<string, string>) {
  const before = await servedPrepared();
  const first = await send(body, authorization, headers);
  const second = await send(body, authorization, headers);
  return { first, second, prepared: (await servedPrepared()) - before };
}

const ROSTER = `query Roster($id: ID!) { cohort(id: $id) { name track enrollments(first: 5) { nodes { status citizen { id
  reservist { kind skills { level skill { code } } } placements { status offer { title } } credits { ectsCredits module { title } }
} } } } }`;

describe('an operation served a second time', () => {
  it('answers as Apollo Server did, data across four subgraphs', async () => {
    const { first, second, prepared } = await twice({ query: ROSTER, variables: { id: cohortId } }, await bearer('education'));
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).data.cohort.enrollments.nodes).toHaveLength(5);
    expect(second).toEqual(first);
    expect(prepared).toBe(1);
  });

  it('cuts what the caller may not read, each caller by its own scopes', async () => {
    // Warmed by an education token: the text is prepared, the armed-forces caller's cut is not.
    const query = `${ROSTER} # cut`;
    await send({ query, variables: { id: cohortId } }, await bearer('education'));
    const armedForces = await bearer('armed-forces');
    const { first, second, prepared } = await twice({ query, variables: { id: cohortId } }, armedForces);
    const answer = JSON.parse(second.body);
    expect(answer.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain('FORBIDDEN');
    expect(answer.data.cohort.enrollments.nodes[0].citizen.credits).toBeNull();
    expect(second).toEqual(first);
    expect(prepared).toBe(2);
  });

  it('refuses an operation with nothing readable left, with 403, as Apollo Server did', async () => {
    const query = '{ citizens(first: 2) { nodes { id } } } # refused';
    await send({ query }, await bearer('education'));
    const { first, second, prepared } = await twice({ query }, await bearer('parliament'));
    expect(first.status).toBe(403);
    expect(JSON.parse(first.body).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(second).toEqual(first);
    expect(prepared).toBe(2);
  });

  it("passes a subgraph's error codes through unchanged", async () => {
    for (const query of ['{ citizen(id: "not-a-uuid") { id } }', '{ cohort(id: "00000000-0000-4000-8000-000000000000") { name } }']) {
      const { first, second, prepared } = await twice({ query }, await bearer('education'));
      expect(JSON.parse(first.body).errors[0].extensions.code).toMatch(/BAD_USER_INPUT|NOT_FOUND/);
      expect(second).toEqual(first);
      expect(prepared).toBe(1);
    }
  });

  it('leaves to Apollo Server what only it answers: bad variables, other media types, extensions', async () => {
    const education = await bearer('education');
    const query = `${ROSTER} # left to Apollo`;
    await send({ query, variables: { id: cohortId } }, education);
    // What Apollo Server answers each: bad variables and invalid operations 400, another media type 200.
    const cases: Array<[number, () => ReturnType<typeof twice>]> = [
      [400, () => twice({ query, variables: { id: true } }, education)],
      [400, () => twice({ query, variables: {} }, education)],
      [400, () => twice({ query, variables: 'id' }, education)],
      [200, () => twice({ query, variables: { id: cohortId } }, education, { accept: 'application/graphql-response+json' })],
      [400, () => twice({ query, variables: { id: cohortId }, extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }, education)],
      [400, () => twice({ query: '{ nope }' }, education)],
    ];
    for (const [i, [status, c]] of cases.entries()) {
      const { first, second, prepared } = await c();
      expect(first.status, `case ${i}`).toBe(status);
      expect(second, `case ${i}`).toEqual(first);
      expect(prepared, `case ${i}`).toBe(0);
    }
    // Apollo Server's refusal of a persisted query's wrong hash keeps its reason and a code.
    const { first } = await cases[4]![1]();
    expect(JSON.parse(first.body).errors).toEqual([{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }]);
  });

  it('answers an unauthenticated caller 401 before anything else', async () => {
    const { first, second, prepared } = await twice({ query: ROSTER, variables: { id: cohortId } });
    expect(first.status).toBe(401);
    expect(second).toEqual(first);
    expect(prepared).toBe(0);
  });
});

describe('a write served a second time', () => {
  it('is replayed by its idempotency key, not written twice', async () => {
    const acme = COMPANIES[0] as OrganisationFacts;
    const company = await bearer('company', acme.siren);
    const input = offerOf(acme);
    const query =
      'mutation Post($input: PostInternshipOfferInput!, $key: ID!) { postInternshipOffer(input: $input, idempotencyKey: $key) { replayed offer { id title } } }';
    const { first, second, prepared } = await twice({ query, variables: { input, key: 'prepared-1' } }, company);
    const [a, b] = [JSON.parse(first.body), JSON.parse(second.body)];
    expect(a.errors).toBeUndefined();
    expect(a.data.postInternshipOffer.replayed).toBe(false);
    expect(b.data.postInternshipOffer).toEqual({ ...a.data.postInternshipOffer, replayed: true });
    expect(prepared).toBe(1);
  });
});
