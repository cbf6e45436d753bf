// Hostile operations through the gateway and straight at a subgraph: each refused before it runs,
// with its status and code, nothing of the schema leaked, and the services still serving.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTROSPECTION_SCOPE } from '@snn/platform';
import { ALL_SCOPES, bearer, bearerWithScopes, postGraphQL } from '@snn/platform/testing';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
let token: string;
beforeAll(async () => {
  fed = await bootFederation();
  token = await bearer();
});
afterAll(async () => {
  await fed?.stop();
});

interface Answer {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
}
async function send(url: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Answer> {
  const res = await fetch(url, { ...init, headers: { authorization: token, ...init.headers } });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}
const post = postGraphQL;

const targets = () => [
  ['gateway', fed.gateway.url],
  ['education directly', fed.subgraphs.education.url],
];

/** Cohort → its region → the region's cohorts → …: a cycle of references `levels` deep. */
const cycle = (levels: number) => `{ cohorts(first: 1) { nodes { ${'region { cohorts(first: 1) { nodes { '.repeat(levels)}id${' } } }'.repeat(levels)} } } }`;

function expectLimit(answer: Answer, limit: string) {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit });
}

describe('operation limits', () => {
  it('refuses depth over a cycle of entity references, also spread through fragments', async () => {
    for (const [, url] of targets()) {
      expectLimit(await post(url as string, cycle(8)), 'depth');
      const viaFragments = `{ cohorts(first: 1) { nodes { ...Up } } }
        fragment Up on Cohort { region { cohorts(first: 1) { nodes { ...Up2 } } } }
        fragment Up2 on Cohort { region { cohorts(first: 1) { nodes { ...Up3 } } } }
        fragment Up3 on Cohort { region { cohorts(first: 1) { nodes { region { cohorts(first: 1) { nodes { region { code } } } } } } } }`;
      expectLimit(await post(url as string, viaFragments), 'depth');
    }
    // A cycle two levels deep is an ordinary question.
    const ok = await post(fed.gateway.url, cycle(2));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('refuses too many aliases, directives and tokens', async () => {
    for (const [, url] of targets()) {
      const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: cohorts(first: 1) { totalCount }`).join(' ')} }`;
      expectLimit(await post(url as string, aliases), 'aliases');
      const directives = `{ cohorts(first: 1) { ${Array.from({ length: 31 }, () => 'totalCount @include(if: true)').join(' ')} } }`;
      expectLimit(await post(url as string, directives), 'directives');
      const tokens = `{ cohorts(first: 1) { ${'totalCount '.repeat(6000)}} }`;
      expectLimit(await post(url as string, tokens), 'tokens');
    }
  });

  it('multiplies cost by page sizes, from literals or variables, and by _entities representations', async () => {
    const fanOut = `query($n: Int) { cohorts(first: $n) { nodes { enrollments(first: $n) { nodes { citizen { id }
      cohort { enrollments(first: $n) { nodes { id } } } } } } } }`;
    for (const [, url] of targets()) {
      const wide = await post(url as string, fanOut, { n: 100 });
      expectLimit(wide, 'cost');
      expect(wide.body.errors?.[0]?.extensions).toMatchObject({ max: 500_000 });
      expect(wide.body.errors?.[0]?.extensions.actual).toBeGreaterThan(1_000_000);
      const narrow = await post(url as string, fanOut, { n: 2 });
      expect(narrow.status).toBe(200);
      expect(narrow.body.data.cohorts.nodes).toHaveLength(2);
    }
    const { data } = await fed.query('{ cohorts(first: 1) { nodes { id } } }');
    const representations = Array.from({ length: 5000 }, () => ({ __typename: 'Cohort', id: data.cohorts.nodes[0].id }));
    const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Cohort { enrollments(first: 200) { nodes { id } } } } }';
    expectLimit(await post(fed.subgraphs.education.url, entities, { r: representations }), 'cost');
  });

  it('keeps serving others while refusing a burst of hostile operations', async () => {
    const burst = Array.from({ length: 40 }, (_, i) => post(i % 2 ? fed.gateway.url : fed.subgraphs.education.url, cycle(30)));
    const normal = post(fed.gateway.url, '{ cohorts(first: 3) { totalCount nodes { name } } }');
    for (const answer of await Promise.all(burst)) expectLimit(answer, 'depth');
    const answer = await normal;
    expect(answer.status).toBe(200);
    expect(answer.body.data.cohorts.nodes).toHaveLength(3);
  });

  it('checks the operation of a GET too', async () => {
    for (const [, url] of targets()) {
      const answer = await send(`${url}?query=${encodeURIComponent(cycle(8))}`, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } });
      expectLimit(answer, 'depth');
    }
  });
});

describe('the schema is not given away', () => {
  it('refuses introspection and _service unless the caller holds the introspection scope', async () => {
    const developer = await bearerWithScopes(`${ALL_SCOPES} ${INTROSPECTION_SCOPE}`);
    for (const [, url] of targets()) {
      const refused = await post(url as string, '{ __schema { queryType { name } } }');
      expect(refused.status).toBe(403);
      expect(refused.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(JSON.stringify(refused.body)).not.toContain('Query"');
      expect((await post(url as string, '{ __type(name: "Cohort") { fields { name } } }')).status).toBe(403);
      const allowed = await post(url as string, '{ __schema { queryType { name } } }', {}, developer);
      expect(allowed.body.data.__schema.queryType.name).toBe('Query');
    }
    expect((await post(fed.subgraphs.education.url, '{ _service { sdl } }')).status).toBe(403);
  });

  it('names no field near a mistaken one', async () => {
    for (const [, url] of targets()) {
      const answer = await post(url as string, '{ cohort(id: "x") { nam } cohortz { id } }');
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(answer.body.errors?.[0]?.message).toMatch(/Cannot query field "nam" on type "Cohort"\.$/);
      expect(JSON.stringify(answer.body)).not.toMatch(/Did you mean|"name"/);
    }
  });
});

describe('request bodies', () => {
  it('answers a body over the limit with 413 and JSON, announced or streamed, and serves the next request', async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(5 * 1024 * 1024) } });
    for (const [, url] of targets()) {
      const announced = await send(url as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(announced.status).toBe(413);
      expect(announced.body.errors?.[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
      const streamed = await send(
        url as string,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: Readable.toWeb(Readable.from([big.slice(0, 1_000_000), big.slice(1_000_000)])) as ReadableStream,
          duplex: 'half',
        } as RequestInit & { headers: Record<string, string> },
      );
      expect(streamed.status).toBe(413);
      expect(streamed.body.errors?.[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
      expect((await post(url as string, '{ cohorts(first: 1) { totalCount } }')).status).toBe(200);
    }
  });

  it('refuses a body that is not UTF-8 with 400', async () => {
    const bytes = Buffer.concat([Buffer.from('{"query":"{ cohorts(first: 1) { totalCount } }","x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    for (const [, url] of targets()) {
      const answer = await send(url as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]).toMatchObject({ message: 'the request body is not valid UTF-8', extensions: { code: 'BAD_REQUEST' } });
    }
  });
});
