// Every way a caller can be wrong answers as the caller's error (4xx, or a coded error beside the
// data), never as ours: named cases first, then generated values for every argument of every root
// field, at the gateway and straight at each subgraph.
import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTROSPECTION_SCOPE } from '@snn/platform';
import { ALL_SCOPES, bearer, bearerWithScopes, postBody, type GraphQLResponse } from '@snn/platform/testing';
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
  body: GraphQLResponse;
}
const post = (url: string, body: unknown, authorization = token): Promise<Answer> => postBody(url, body, authorization);

/** The caller's error: no 5xx, no INTERNAL_SERVER_ERROR, and a reason when something was refused. */
function expectClientError(answer: Answer, what: string, code?: string) {
  expect(answer.status, what).toBeLessThan(500);
  const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code);
  expect(codes, what).not.toContain('INTERNAL_SERVER_ERROR');
  if (code) expect(codes, what).toContain(code);
}

const targets = () => [fed.gateway.url, ...Object.values(fed.subgraphs).map((s) => s.url)];

describe('named client errors', () => {
  it('a malformed custom scalar, in variables or inline, is BAD_USER_INPUT or a validation error, at the gateway too', async () => {
    for (const url of [fed.gateway.url, fed.subgraphs.education.url]) {
      const variable = await post(url, {
        query: 'query($d: Date) { cohorts(filter: { startsOnOrAfter: $d }) { totalCount } }',
        variables: { d: 'not-a-date' },
      });
      expectClientError(variable, url, 'BAD_USER_INPUT');
      const inline = await post(url, { query: '{ cohorts(filter: { startsOnOrAfter: "2025-13-45" }) { totalCount } }' });
      expectClientError(inline, url);
      expect(inline.body.errors?.[0]?.message).toMatch(/date/i);
    }
  });

  it('a cursor of another list, cut short or made up is BAD_USER_INPUT', async () => {
    const { data } = await fed.query('{ cohorts(first: 1) { pageInfo { endCursor } } citizens(first: 1) { pageInfo { endCursor } } }');
    const cohortCursor = data.cohorts.pageInfo.endCursor as string;
    const query = 'query($c: String) { cohorts(first: 1, after: $c) { totalCount } }';
    for (const url of [fed.gateway.url, fed.subgraphs.education.url]) {
      for (const after of [
        data.citizens.pageInfo.endCursor,
        cohortCursor.slice(0, 6),
        Buffer.from('{"x":1}').toString('base64url'),
        Buffer.from('Cohort:not-a-uuid').toString('base64url'),
        Buffer.from('Cohort:\u0000').toString('base64url'),
        '%%%',
      ]) {
        const answer = await post(url, { query, variables: { c: after } });
        expectClientError(answer, after, 'BAD_USER_INPUT');
        expect(answer.body.data?.cohorts ?? null).toBeNull();
      }
      expect((await post(url, { query, variables: { c: cohortCursor } })).body.data.cohorts.totalCount).toBeGreaterThan(0);
    }
  });

  it('an operationName the document lacks, or none for several operations, is a 400', async () => {
    for (const url of targets()) {
      const unknown = await post(url, { query: 'query A { __typename }', operationName: 'B' });
      expect(unknown.status).toBe(400);
      expectClientError(unknown, url, 'BAD_USER_INPUT');
      const several = await post(url, { query: 'query A { __typename } query B { __typename }' });
      expect(several.status).toBe(400);
      expect((await post(url, { query: 'query A { __typename } query B { __typename }', operationName: 'B' })).body.data).toEqual({ __typename: 'Query' });
    }
  });

  it('wrong enum values, integers out of range and wrong content types are 400', async () => {
    for (const url of [fed.gateway.url, fed.subgraphs.education.url]) {
      const en = await post(url, { query: 'query($t: Track) { cohorts(filter: { track: $t }) { totalCount } }', variables: { t: 'NOPE' } });
      expect(en.status).toBe(400);
      expect(JSON.stringify(en.body)).not.toMatch(/Did you mean/);
      const big = await post(url, { query: 'query($n: Int) { cohorts(first: $n) { totalCount } }', variables: { n: 1e12 } });
      expect(big.status).toBe(400);
      const plain = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: token }, body: '{"query":"{ __typename }"}' });
      expect(plain.status).toBe(400);
      const notJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: '{"query":' });
      expect(notJson.status).toBe(400);
    }
  });
});

describe('generated bad values for every argument of every root field', () => {
  /** Values of every JSON shape, and strings a parser or a database may choke on. */
  const wild = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(
      '',
      '\u0000',
      'x'.repeat(300),
      "'; DROP TABLE x; --",
      '2025-13-45',
      '9'.repeat(30),
      'R99',
      '2A',
      '00000000-0000-0000-0000-000000000000',
      'ZmFrZQ',
      '-1',
    ),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  );

  /** A value of roughly the declared type (so that it gets past coercion to the resolvers), or a wild one. */
  function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
    if (depth > 3) return wild;
    if (isNonNullType(type)) return valueOf(type.ofType, depth);
    if (isListType(type)) return fc.oneof(fc.array(valueOf(type.ofType, depth + 1), { maxLength: 3 }), wild);
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const shaped = fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, depth + 1)])), { requiredKeys: [] });
      return fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 1, arbitrary: wild });
    }
    if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)), wild);
    return wild;
  }

  const requestsOf = (schema: GraphQLSchema) => {
    const fields: Array<{ operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }> = [];
    for (const operation of ['query', 'mutation'] as const) {
      const root = operation === 'query' ? schema.getQueryType() : schema.getMutationType();
      for (const field of Object.values(root?.getFields() ?? {})) {
        if (!field.name.startsWith('_') && field.args.length > 0) fields.push({ operation, field });
      }
    }
    return fc.constantFrom(...fields).chain(({ operation, field }) =>
      fc.record(Object.fromEntries(field.args.map((a: GraphQLArgument) => [a.name, valueOf(a.type)])), { requiredKeys: [] }).map((variables) => {
        const declared = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
        const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
        const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
        return { query: `${operation}(${declared}) { ${field.name}(${passed})${selection} }`, variables };
      }),
    );
  };

  it('answers each as a client error, never a 5xx or INTERNAL_SERVER_ERROR', async () => {
    const developer = await bearerWithScopes(`${ALL_SCOPES} ${INTROSPECTION_SCOPE}`);
    for (const url of targets()) {
      const introspection = await post(url, { query: getIntrospectionQuery() }, developer);
      const schema = buildClientSchema(introspection.body.data as IntrospectionQuery);
      await fc.assert(
        fc.asyncProperty(requestsOf(schema), async (request) => {
          const answer = await post(url, request);
          expectClientError(answer, `${url} ${JSON.stringify(request)}`);
        }),
        { numRuns: 120, seed: 20261207 },
      );
    }
  });
});
