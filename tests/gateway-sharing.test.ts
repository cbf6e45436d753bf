// The gateway shares one subgraph round trip between identical queries in flight from the same
// token, except when they read personal data: each such read must reach its owner and be audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type SubgraphName } from '@snn/platform';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
beforeAll(async () => {
  fed = await bootFederation();
});
afterAll(async () => {
  await fed?.stop();
});

/** GraphQL requests a subgraph has answered so far (its /metrics). */
async function answered(name: SubgraphName): Promise<number> {
  const text = await (await fetch(fed.subgraphs[name].url.replace(/\/graphql$/, '/metrics'))).text();
  return Number(/^snn_http_requests_total\{route="graphql",status="200",[^}]*\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

async function concurrently(n: number, query: string, authorization: string) {
  return Promise.all(Array.from({ length: n }, () => fed.query(query, {}, undefined, authorization)));
}

describe('identical subgraph calls in flight', () => {
  it('are sent once for a query without personal data, and every caller gets the whole answer', async () => {
    const parliament = await bearer('parliament');
    const query = '{ territories(filter: { level: REGION }, first: 20) { nodes { code internshipOffers(first: 1) { totalCount } universities(first: 1) { totalCount } } } }';
    const [alone] = await concurrently(1, query, parliament);
    expect(alone!.errors).toBeUndefined();
    const before = await answered('economy');
    const answers = await concurrently(8, query, parliament);
    const calls = (await answered('economy')) - before;
    for (const a of answers) expect(a).toEqual(alone);
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThan(8);
  });

  it('are each sent when the query reads personal data (each read is audited by its owner)', async () => {
    const education = await bearer('education');
    const query = '{ citizens(first: 3) { nodes { id birthDate } } }';
    const before = await answered('education');
    const answers = await concurrently(6, query, education);
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect((await answered('education')) - before).toBe(6);
  });

  it('are each sent for different tokens', async () => {
    const query = '{ territories(filter: { level: REGION }, first: 20) { nodes { code internshipOffers(first: 1) { totalCount } } } }';
    const tokens = await Promise.all(Array.from({ length: 5 }, () => bearer('parliament')));
    const before = await answered('economy');
    const answers = await Promise.all(tokens.map((t) => fed.query(query, {}, undefined, t)));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect((await answered('economy')) - before).toBe(5);
  });
});
