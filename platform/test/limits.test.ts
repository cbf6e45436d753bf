// The operation limiter on its own: each limit, the cost's multipliers, client kinds, introspection.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { INTROSPECTION_SCOPE, listSizesOf, OperationLimiter, type LimitSettings, type Viewer } from '../src';

const SDL = `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
      type Query { cohorts(first: Int = 20): CohortConnection!  cohort(id: ID!): Cohort  tags: [String!]!  regions: [Region!]! @listSize(assumedSize: 2) }
      type CohortConnection { nodes: [Cohort!]! totalCount: Int! }
      type Cohort @key(fields: "id") { id: ID! name: String! members(first: Int = 20): CitizenConnection! region: Region! }
      type CitizenConnection { nodes: [Citizen!]! }
      type Citizen { id: ID! cohort: Cohort! formerCohorts: [Cohort!]! }
      type Region { code: ID! cohorts(first: Int = 20): CohortConnection! }
`;
const schema = buildSubgraphSchema([{ typeDefs: parse(SDL) }]);

const settings = (over: Partial<LimitSettings> = {}): LimitSettings => ({
  default: { depth: 8, aliases: 3, directives: 3, tokens: 200, cost: 2000 },
  byKind: { parliament: { cost: 100 } },
  introspection: false,
  maxBodyBytes: 1024,
  ...over,
});
const viewer = (over: Partial<Viewer> = {}): Viewer => ({ sub: 't', scopes: new Set(), org: null, jti: null, kind: null, ...over });
const limiter = (over: Partial<LimitSettings> = {}) => new OperationLimiter(settings(over), () => schema, listSizesOf(SDL));
const refusal = (query: string, v = viewer(), variables?: Record<string, unknown>, l = limiter()) => {
  const error = l.check({ query, variables }, v);
  return error && { code: error.extensions.code, ...error.extensions };
};

describe('operation limits', () => {
  it('lets an ordinary operation run', () => {
    expect(refusal('{ cohorts(first: 10) { totalCount nodes { id name } } }')).toBeNull();
  });

  it('refuses depth, also reached through fragments, with the limit and what was found', () => {
    const deep = '{ cohorts { nodes { region { cohorts { nodes { region { cohorts { nodes { region { code } } } } } } } } } }';
    expect(refusal(deep)).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'depth', max: 8, actual: 10 });
    const viaFragments = `{ cohorts { nodes { ...A } } }
      fragment A on Cohort { region { cohorts { nodes { ...B } } } }
      fragment B on Cohort { region { cohorts { nodes { region { code } } } } }`;
    expect(refusal(viaFragments)).toMatchObject({ limit: 'depth' });
  });

  it('refuses aliases, directives and tokens over their limits', () => {
    expect(refusal('{ a: tags b: tags c: tags d: tags }')).toMatchObject({ limit: 'aliases', max: 3, actual: 4 });
    expect(refusal('{ tags @skip(if: false) @include(if: true) t: tags @skip(if: false) @include(if: true) }')).toMatchObject({ limit: 'directives' });
    expect(refusal(`{ ${'tags '.repeat(300)}}`)).toMatchObject({ limit: 'tokens', max: 200 });
  });

  it('multiplies cost by page sizes, literal, from variables or by default, and by representations', () => {
    const nested = 'query($n: Int) { cohorts(first: $n) { nodes { members(first: $n) { nodes { id } } } } }';
    expect(refusal(nested, viewer(), { n: 5 })).toBeNull();
    expect(refusal(nested, viewer(), { n: 50 })).toMatchObject({ limit: 'cost', max: 2000 });
    // Without a value, the argument's default (20) counts: 1 + 20 × (1 + 1 + 20 × 2) = 841.
    expect(refusal(nested)).toBeNull();
    // A page over the largest is its resolver's to refuse (BAD_USER_INPUT): it costs the largest.
    expect(refusal('{ cohorts(first: 5000) { totalCount } }')).toBeNull();
    expect(refusal('{ cohorts(first: 150) { nodes { members(first: 5000) { nodes { id } } } } }')).toMatchObject({
      limit: 'cost',
      actual: 1 + 150 * (1 + (1 + 200 * 2)),
    });
    const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Cohort { members(first: 10) { nodes { id } } } } }';
    expect(refusal(entities, viewer(), { r: Array.from({ length: 10 }, (_, i) => ({ __typename: 'Cohort', id: `${i}` })) })).toBeNull();
    expect(refusal(entities, viewer(), { r: Array.from({ length: 500 }, (_, i) => ({ __typename: 'Cohort', id: `${i}` })) })).toMatchObject({
      limit: 'cost',
    });
  });

  it('sizes a list by its @listSize, else as a list of ten', () => {
    const generous = limiter({ default: { ...settings().default, cost: 1_000_000 } });
    const costOf = (query: string) => {
      const error = limiter({ default: { ...settings().default, cost: 1 } }).check({ query }, viewer());
      expect(generous.check({ query }, viewer())).toBeNull();
      return error?.extensions.actual;
    };
    expect(costOf('{ regions { code } }')).toBe(1 + 2 * 1);
    expect(costOf('{ cohort(id: "1") { region { code } } }')).toBe(3);
    expect(costOf('{ regions { cohorts(first: 3) { nodes { id } } } }')).toBe(1 + 2 * (1 + 3 * (1 + 1)));
    expect(costOf('{ cohort(id: "1") { members(first: 2) { nodes { formerCohorts { id } } } } }')).toBe(1 + (1 + 2 * (1 + (1 + 10 * 1))));
  });

  it('counts a fragment spread many times without expanding it many times', () => {
    // Each fragment spreads the next twice: 2^40 copies of the innermost field once expanded, which
    // no walk that expands them would finish.
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const bomb = `{ ...F0 }\n${fragments}\nfragment F40 on Query { tags }`;
    const generous = limiter({ default: { ...settings().default, depth: 100, tokens: 5000 } });
    expect(refusal(bomb, viewer(), undefined, generous)).toMatchObject({ limit: 'cost', max: 2000 });
  });

  it('applies the limits of the caller kind over the defaults', () => {
    const query = '{ cohorts(first: 150) { totalCount } }';
    expect(refusal(query, viewer({ kind: 'economy' }))).toBeNull();
    expect(refusal(query, viewer({ kind: 'parliament' }))).toMatchObject({ limit: 'cost', max: 100 });
  });

  it('keeps the schema to callers with the introspection scope, or to all when enabled', () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Cohort") { name } }', '{ _service { sdl } }']) {
      expect(refusal(query), query).toMatchObject({ code: 'FORBIDDEN' });
      expect(refusal(query, viewer({ scopes: new Set([INTROSPECTION_SCOPE]) })), query).toBeNull();
      expect(refusal(query, viewer(), undefined, limiter({ introspection: true })), query).toBeNull();
    }
    expect(refusal('{ __typename }')).toBeNull();
  });

  it('leaves documents that do not parse to the GraphQL errors', () => {
    expect(refusal('{ cohorts { ')).toBeNull();
  });

  it('refuses an operationName the document lacks, or none for a document of several operations', () => {
    expect(limiter().check({ query: 'query A { tags }', operationName: 'B' }, viewer())?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'operationName',
    });
    expect(limiter().check({ query: 'query A { tags } query B { tags }' }, viewer())?.extensions.code).toBe('BAD_USER_INPUT');
    expect(limiter().check({ query: 'query A { tags } query B { tags }', operationName: 'B' }, viewer())).toBeNull();
  });
});
