// Operation limits, checked once the caller is known and before anything is planned or run: at the
// gateway and in every subgraph (they accept direct calls with a valid token). Depth, aliases and
// directives are graphql-armor's validation rules and tokens its counting parser; the cost is ours,
// because it must multiply by page and list sizes, which armor's cost limit does not. A list's size
// is its page (`first`), else the `@listSize(assumedSize:)` its schema declares (Apollo's demand
// control directive, kept in the supergraph), else UNBOUNDED_LIST.
import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, GraphQLField, GraphQLNamedType, GraphQLSchema, SelectionSetNode, ValueNode } from 'graphql';
import type * as MaxAliases from '@escape.tech/graphql-armor-max-aliases';
import type * as MaxDepth from '@escape.tech/graphql-armor-max-depth';
import type * as MaxDirectives from '@escape.tech/graphql-armor-max-directives';
import type * as MaxTokens from '@escape.tech/graphql-armor-max-tokens';
import { LRUCache } from 'lru-cache';
import type { Viewer } from './auth/viewer';
import type { LimitSettings, OperationLimits } from './config';
import { AppError, badInput } from './errors';
import { MAX_PAGE_SIZE } from './pagination';

// The CommonJS builds, as Apollo Server, @apollo/subgraph and @apollo/gateway load them: the schemas
// checked here are of that graphql instance, and `validate` refuses a schema of another.
const load = createRequire(import.meta.url);
const graphql = load('graphql') as typeof GraphQL;
const { maxAliasesRule } = load('@escape.tech/graphql-armor-max-aliases') as typeof MaxAliases;
const { maxDepthRule } = load('@escape.tech/graphql-armor-max-depth') as typeof MaxDepth;
const { maxDirectivesRule } = load('@escape.tech/graphql-armor-max-directives') as typeof MaxDirectives;
const { MaxTokensParserWLexer } = load('@escape.tech/graphql-armor-max-tokens') as typeof MaxTokens;

/** Who may read the schema itself: a developer's token, or every caller when SNN_INTROSPECTION=true. */
export const INTROSPECTION_SCOPE = 'schema:introspect';
/** Fields that describe the schema rather than data (`_service` is a subgraph's whole SDL). */
const SCHEMA_FIELDS = new Set(['__schema', '__type', '_service']);
/** The size assumed for a list whose length neither the operation (`first`) nor the schema bounds. */
const UNBOUNDED_LIST = 10;

/** "Type.field" → the `@listSize(assumedSize:)` declared in an SDL (a subgraph's or the supergraph). */
export function listSizesOf(sdl: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const definition of graphql.parse(sdl).definitions) {
    if (!('fields' in definition) || !('name' in definition) || !definition.name) continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === 'listSize');
      const assumed = directive?.arguments?.find((a) => a.name.value === 'assumedSize')?.value;
      if (assumed?.kind === graphql.Kind.INT) sizes.set(`${definition.name.value}.${field.name.value}`, Number(assumed.value));
    }
  }
  return sizes;
}

export type LimitName = keyof OperationLimits;

export interface LimitedRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** How one field multiplies the cost of its selection. */
type Multiplier = number | { variable: string; fallback: number; length: boolean };
interface CostNode {
  multiplier: Multiplier;
  children: CostNode[];
}

/** What a document is, once per client kind and text: cached, as most callers send the same few. */
interface Analysis {
  refusal: AppError | null;
  readsSchema: boolean;
  /** Each operation's top-level cost nodes, by name ('' for an anonymous one). */
  operations: Map<string, CostNode[]>;
}

const overLimit = (limit: LimitName, max: number, actual?: number) =>
  new AppError('OPERATION_LIMIT', `the operation exceeds the ${limit} limit of ${max}${actual === undefined ? '' : ` (it has ${actual})`}`, {
    limit,
    max,
    ...(actual === undefined ? {} : { actual }),
  });

export class OperationLimiter {
  private readonly analyses = new LRUCache<string, Analysis>({ max: 2000 });
  private analysedFor: GraphQLSchema | undefined;

  /**
   * `schema`: the schema operations run against (the gateway's changes when its supergraph does);
   * `listSizes`: from listSizesOf, over the SDL it was built from.
   */
  constructor(
    private readonly settings: LimitSettings,
    private readonly schema: () => GraphQLSchema | undefined,
    private readonly listSizes: ReadonlyMap<string, number> = new Map(),
  ) {}

  /** The refusal of this request (OPERATION_LIMIT, or FORBIDDEN for introspection), or null to let it run. */
  check(request: LimitedRequest, viewer: Viewer): AppError | null {
    const schema = this.schema();
    if (!schema) return null;
    if (schema !== this.analysedFor) {
      this.analyses.clear();
      this.analysedFor = schema;
    }
    const kind = viewer.kind && Object.hasOwn(this.settings.byKind, viewer.kind) ? viewer.kind : '';
    const limits = kind ? { ...this.settings.default, ...this.settings.byKind[kind] } : this.settings.default;
    const key = `${kind}\n${request.query}`;
    let analysis = this.analyses.get(key);
    if (!analysis) {
      analysis = analyse(schema, this.listSizes, request.query, limits);
      this.analyses.set(key, analysis);
    }
    if (analysis.refusal) return analysis.refusal;
    if (analysis.readsSchema && !this.settings.introspection && !viewer.scopes.has(INTROSPECTION_SCOPE)) {
      return new AppError('FORBIDDEN', `reading the schema needs the ${INTROSPECTION_SCOPE} scope`, { required: [[INTROSPECTION_SCOPE]] });
    }
    const roots = operationIn(analysis, request.operationName);
    if (roots instanceof AppError) return roots;
    // A document that does not parse: Apollo reports where.
    if (!roots) return null;
    const cost = costOf(roots, request.variables ?? {}, new Map());
    return cost > limits.cost ? overLimit('cost', limits.cost, cost) : null;
  }
}

/** The operation the request runs, by operationName: a name the document lacks is the caller's error. */
function operationIn(analysis: Analysis, operationName: string | null | undefined): CostNode[] | AppError | undefined {
  const { operations } = analysis;
  if (operations.size === 0) return undefined;
  if (operationName) return operations.get(operationName) ?? badInput(`the document holds no operation named "${operationName}"`, 'operationName');
  if (operations.size > 1) return badInput('the document holds several operations: name the one to run in operationName', 'operationName');
  return [...operations.values()][0];
}

function analyse(schema: GraphQLSchema, listSizes: ReadonlyMap<string, number>, query: string, limits: OperationLimits): Analysis {
  const none: Analysis = { refusal: null, readsSchema: false, operations: new Map() };
  let document: DocumentNode;
  let tooManyTokens = false;
  try {
    const parser = new MaxTokensParserWLexer(new graphql.Source(query), {
      n: limits.tokens,
      onReject: [() => (tooManyTokens = true)],
      propagateOnRejection: true,
    });
    document = parser.parseDocument();
  } catch {
    // A syntax error is Apollo's to report, with its position.
    return tooManyTokens ? { ...none, refusal: overLimit('tokens', limits.tokens) } : none;
  }
  let refusal: AppError | null = null;
  const refuse = (limit: LimitName) => (_context: unknown, error: Error) => {
    const found = /found (\d+)/.exec(error.message);
    refusal ??= overLimit(limit, limits[limit], found ? Number(found[1]) : undefined);
  };
  graphql.validate(schema, document, [
    maxDepthRule({ n: limits.depth, onReject: [refuse('depth')], propagateOnRejection: false }),
    maxAliasesRule({ n: limits.aliases, onReject: [refuse('aliases')], propagateOnRejection: false }),
    maxDirectivesRule({ n: limits.directives, onReject: [refuse('directives')], propagateOnRejection: false }),
  ]);
  if (refusal) return { ...none, refusal };
  return new CostWalk(schema, listSizes, document).analysis();
}

/** Builds each operation's cost tree; a fragment's tree is built once and shared by its spreads. */
class CostWalk {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly fragmentTrees = new Map<string, CostNode[]>();
  private readsSchema = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly listSizes: ReadonlyMap<string, number>,
    private readonly document: DocumentNode,
  ) {
    for (const d of document.definitions) if (d.kind === graphql.Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  analysis(): Analysis {
    const operations = new Map<string, CostNode[]>();
    for (const d of this.document.definitions) {
      if (d.kind !== graphql.Kind.OPERATION_DEFINITION) continue;
      const root = this.schema.getRootType(d.operation);
      operations.set(d.name?.value ?? '', root ? this.selections(root, d.selectionSet, new Set()) : []);
    }
    return { refusal: null, readsSchema: this.readsSchema, operations };
  }

  private selections(parent: GraphQLNamedType, set: SelectionSetNode, spreading: Set<string>): CostNode[] {
    const nodes: CostNode[] = [];
    for (const selection of set.selections) {
      if (selection.kind === graphql.Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        if (SCHEMA_FIELDS.has(name)) this.readsSchema = true;
        const field = this.fieldOf(parent, name);
        if (!field) continue; // not in the schema: validation reports it
        const type = graphql.getNamedType(field.type);
        const children = selection.selectionSet && graphql.isCompositeType(type) ? this.selections(type, selection.selectionSet, spreading) : [];
        nodes.push({ multiplier: multiplierOf(parent, field, selection.arguments ?? [], this.listSizes), children });
      } else if (selection.kind === graphql.Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        if (type) nodes.push(...this.selections(type, selection.selectionSet, spreading));
      } else {
        const name = selection.name.value;
        const fragment = this.fragments.get(name);
        if (!fragment || spreading.has(name)) continue; // unknown or cyclic: validation reports it
        let tree = this.fragmentTrees.get(name);
        if (!tree) {
          const type = this.schema.getType(fragment.typeCondition.name.value);
          spreading.add(name);
          tree = type ? this.selections(type, fragment.selectionSet, spreading) : [];
          spreading.delete(name);
          this.fragmentTrees.set(name, tree);
        }
        // One node standing for the whole fragment: evaluated once per evaluation (costOf's memo).
        nodes.push({ multiplier: 1, children: tree });
      }
    }
    return nodes;
  }

  private fieldOf(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (name === '__schema') return graphql.SchemaMetaFieldDef;
    if (name === '__type') return graphql.TypeMetaFieldDef;
    return graphql.isObjectType(parent) || graphql.isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }
}

/**
 * A page (`first`/`last`) multiplies by its size, at most MAX_PAGE_SIZE (a larger one is refused by
 * its resolver); `_entities` by its representations; the nodes of a connection by one (the page
 * above counted them); any other list by its declared size, else UNBOUNDED_LIST.
 */
function multiplierOf(
  parent: GraphQLNamedType,
  field: GraphQLField<unknown, unknown>,
  args: readonly GraphQL.ArgumentNode[],
  listSizes: ReadonlyMap<string, number>,
): Multiplier {
  const given = (name: string) => args.find((a) => a.name.value === name)?.value;
  const declared = (name: string) => field.args.find((a) => a.name === name);
  for (const name of ['first', 'last']) {
    const arg = declared(name);
    if (!arg) continue;
    const fallback = typeof arg.defaultValue === 'number' ? arg.defaultValue : UNBOUNDED_LIST;
    return sizeOf(given(name), fallback, false);
  }
  const list = graphql.isListType(graphql.getNullableType(field.type));
  if (field.name === '_entities') return sizeOf(given('representations'), 1, true);
  if (!list) return 1;
  if (parent.name.endsWith('Connection')) return 1;
  return listSizes.get(`${parent.name}.${field.name}`) ?? UNBOUNDED_LIST;
}

function sizeOf(value: ValueNode | undefined, fallback: number, length: boolean): Multiplier {
  if (!value) return fallback;
  if (value.kind === graphql.Kind.VARIABLE) return { variable: value.name.value, fallback, length };
  if (length) return value.kind === graphql.Kind.LIST ? value.values.length : 1;
  return value.kind === graphql.Kind.INT ? pageSize(Number(value.value)) : fallback;
}

function costOf(nodes: CostNode[], variables: Record<string, unknown>, memo: Map<CostNode[], number>): number {
  const known = memo.get(nodes);
  if (known !== undefined) return known;
  let cost = 0;
  for (const node of nodes) {
    const below = node.children.length > 0 ? costOf(node.children, variables, memo) : 0;
    cost += 1 + multiplierValue(node.multiplier, variables) * below;
  }
  memo.set(nodes, cost);
  return cost;
}

function multiplierValue(multiplier: Multiplier, variables: Record<string, unknown>): number {
  if (typeof multiplier === 'number') return multiplier;
  const value = variables[multiplier.variable];
  if (multiplier.length) return Array.isArray(value) ? value.length : 1;
  return typeof value === 'number' && Number.isFinite(value) ? pageSize(value) : multiplier.fallback;
}

const pageSize = (n: number) => Math.min(Math.max(0, n), MAX_PAGE_SIZE);
