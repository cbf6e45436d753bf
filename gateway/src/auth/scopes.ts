// Gateway-side authorization: the @scopes declarations composed into the supergraph, checked
// against the caller's token before the query planner runs. Forbidden fields are cut out of the
// operation, so no subgraph is asked for them, and answer null with a FORBIDDEN error at their
// path; an operation with nothing left is rejected whole (HTTP 403). The subgraphs check again
// (they never trust that a call came through here).
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { DocumentNode, FieldNode, GraphQLSchema, ObjectTypeDefinitionNode, OperationDefinitionNode } from 'graphql';
import { fieldRequirements, forbidden, HTTP_STATUS, satisfiedAlternative, typeRequirements, type ScopeRequirement, type Viewer } from '@snn/platform';
import { graphql } from '../engine/apollo-modules';
import type { GatewayContext } from '../context';

/** "Type.field" → the requirements (type-level and field-level, all to be met) from the supergraph SDL. */
export function scopeIndex(supergraphSdl: string): Map<string, ScopeRequirement[]> {
  const index = new Map<string, ScopeRequirement[]>();
  for (const def of graphql.parse(supergraphSdl).definitions) {
    if (def.kind !== graphql.Kind.OBJECT_TYPE_DEFINITION) continue;
    const type = def as ObjectTypeDefinitionNode;
    const typeLevel = typeRequirements([type]);
    for (const field of type.fields ?? []) {
      const requirements = fieldRequirements(typeLevel, field);
      if (requirements.length > 0) index.set(`${type.name.value}.${field.name.value}`, requirements);
    }
  }
  return index;
}

/** One step of a response path: its key, whether it may be null, whether it is a list (of nullable items). */
interface Step {
  key: string;
  nullable: boolean;
  list: boolean;
  itemNullable: boolean;
}
export interface Denial {
  steps: Step[];
  coordinate: string;
  requirement: ScopeRequirement;
}

export interface FilteredOperation {
  document: DocumentNode;
  denials: Denial[];
  /** Nothing readable is left: the operation is rejected whole. */
  empty: boolean;
  /** It reads a field guarded by a *:pii scope (each such read is audited by its owner). */
  personal: boolean;
}

const isPersonal = (requirement: ScopeRequirement) => requirement.some((all) => all.some((scope) => scope.endsWith(':pii')));

/**
 * Cuts every field the viewer may not read out of the operation. A field whose selection loses
 * every subfield goes too (it is denied in their name). Named fragments are shared by several
 * paths, so an operation using them is only checked, never cut: `empty` then means "reject".
 */
export function filterOperation(schema: GraphQLSchema, document: DocumentNode, index: Map<string, ScopeRequirement[]>, viewer: Viewer): FilteredOperation {
  const denials: Denial[] = [];
  let personal = false;
  const typeInfo = new graphql.TypeInfo(schema);
  const steps: Step[] = [];
  const hasNamedFragments = document.definitions.some((d) => d.kind === graphql.Kind.FRAGMENT_DEFINITION);

  const stepOf = (node: FieldNode): Step => {
    const type = typeInfo.getType();
    const nullable = !graphql.isNonNullType(type);
    const inner = type ? graphql.getNullableType(type) : undefined;
    const list = graphql.isListType(inner);
    return { key: node.alias?.value ?? node.name.value, nullable, list, itemNullable: list ? !graphql.isNonNullType(inner.ofType) : true };
  };
  const denialOf = (node: FieldNode): Denial | null => {
    const parent = typeInfo.getParentType();
    if (!parent) return null;
    // A field read through an interface or union is checked on every object type behind it.
    const owners = graphql.isAbstractType(parent) ? schema.getPossibleTypes(parent).map((t) => t.name) : [parent.name];
    for (const owner of owners) {
      for (const requirement of index.get(`${owner}.${node.name.value}`) ?? []) {
        if (satisfiedAlternative(viewer, requirement) === null) return { steps: [...steps], coordinate: `${owner}.${node.name.value}`, requirement };
        if (isPersonal(requirement)) personal = true;
      }
    }
    return null;
  };

  const filtered = graphql.visit(
    document,
    graphql.visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          steps.push(stepOf(node));
          const denial = denialOf(node);
          if (!denial) return undefined;
          denials.push(denial);
          steps.pop();
          return null;
        },
        leave(node) {
          const step = steps.pop() as Step;
          // Its whole selection was cut: cut the field too, and answer null at its path.
          if (node.selectionSet && node.selectionSet.selections.length === 0) {
            const cause = denials[denials.length - 1] as Denial;
            denials.push({ steps: [...steps, step], coordinate: cause.coordinate, requirement: cause.requirement });
            return null;
          }
          return undefined;
        },
      },
      // Inline fragments left empty go as well.
      InlineFragment: { leave: (node) => (node.selectionSet.selections.length === 0 ? null : undefined) },
    }),
  ) as DocumentNode;

  if (denials.length === 0) return { document, denials, empty: false, personal };
  const operation = filtered.definitions.find((d) => d.kind === graphql.Kind.OPERATION_DEFINITION) as OperationDefinitionNode | undefined;
  const empty = hasNamedFragments || !operation || operation.selectionSet.selections.length === 0;
  // Keep only the innermost denials: a parent cut because its children were is answered at its own path.
  const innermost = denials.filter(
    (d) => !denials.some((o) => o !== d && o.steps.length < d.steps.length && o.steps.every((s, i) => s.key === d.steps[i]?.key)),
  );
  return { document: filtered, denials: innermost, empty, personal };
}

/** Puts null at a denied path in `data` (in every element of the lists on the way), bubbling as GraphQL does. */
function nullAt(
  container: Record<string, unknown> | null,
  steps: Step[],
  i: number,
  path: Array<string | number>,
  paths: Array<Array<string | number>>,
): boolean {
  if (container == null) return false;
  const step = steps[i] as Step;
  const here = [...path, step.key];
  if (i === steps.length - 1) {
    container[step.key] = null;
    paths.push(here);
    return !step.nullable;
  }
  const value = container[step.key];
  if (value == null) return false;
  let bubble = false;
  if (step.list && Array.isArray(value)) {
    value.forEach((item, j) => {
      if (nullAt(item as Record<string, unknown>, steps, i + 1, [...here, j], paths)) {
        if (step.itemNullable) value[j] = null;
        else bubble = true;
      }
    });
  } else bubble = nullAt(value as Record<string, unknown>, steps, i + 1, here, paths);
  if (!bubble) return false;
  container[step.key] = null;
  return !step.nullable;
}

const MAX_DENIAL_ERRORS = 100;

/** What the check decided for one request: the operation to plan and run, and the cuts to answer for. */
export interface Authorized {
  document: DocumentNode;
  operation: OperationDefinitionNode | undefined;
  queryHash: string;
  denials: Denial[];
  /** Identical calls may share a round trip: a query reading no personal data (subgraph-source.ts). */
  shareCalls: boolean;
}

export type ScopesCheck = (
  request: { document: DocumentNode; operation?: OperationDefinitionNode | undefined; operationName?: string | null; queryHash: string; schema: GraphQLSchema },
  viewer: Viewer,
) => Authorized;

/**
 * The check, for the plugin below and for the gateway's path around Apollo Server's pipeline
 * (prepared-operations.ts): throws FORBIDDEN (HTTP 403) when nothing readable is left.
 */
export function scopesCheck(supergraphSdl: string): ScopesCheck {
  const index = scopeIndex(supergraphSdl);
  // The cut depends only on the operation and the caller's scopes: computed once per pair, with the
  // cut document's hash, not on every request (the walk and the hash were ~5 % of a request).
  const cuts = new LRUCache<string, FilteredOperation & { queryHash?: string; operation?: OperationDefinitionNode }>({ max: 2000 });
  return (request, viewer) => {
    const key = `${request.queryHash}\n${request.operationName ?? ''}\n${[...viewer.scopes].sort().join(' ')}`;
    let result = cuts.get(key);
    if (!result) {
      result = filterOperation(request.schema, request.document, index, viewer);
      if (result.denials.length > 0 && !result.empty) {
        result.queryHash = createHash('sha256').update(graphql.print(result.document)).digest('hex');
        result.operation = graphql.getOperationAST(result.document, request.operationName ?? undefined) ?? undefined;
      }
      cuts.set(key, result);
    }
    const shareCalls = !result.personal && request.operation?.operation === 'query';
    if (result.denials.length === 0)
      return { document: request.document, operation: request.operation, queryHash: request.queryHash, denials: result.denials, shareCalls };
    if (result.empty) {
      const first = result.denials[0] as Denial;
      throw forbidden(first.requirement, first.coordinate, {
        denied: result.denials.map((d) => ({ path: d.steps.map((s) => s.key).join('.'), field: d.coordinate })),
        http: { status: HTTP_STATUS.FORBIDDEN },
      });
    }
    // Plan and run the operation without the forbidden fields. The plan cache is keyed by the
    // query hash: the cut document has its own, so no caller gets another's plan.
    return { document: result.document, operation: result.operation, queryHash: result.queryHash as string, denials: result.denials, shareCalls };
  };
}

/** Answers the cut fields: null at each denied path (bubbling as GraphQL does), and a FORBIDDEN error for each. */
export function answerDenials(result: { data?: Record<string, unknown> | null; errors?: readonly unknown[] }, denials: Denial[]): void {
  if (denials.length === 0) return;
  const paths: Array<Array<string | number>> = [];
  let data = (result.data ?? null) as Record<string, unknown> | null;
  for (const denial of denials) if (nullAt(data, denial.steps, 0, [], paths)) data = null;
  result.data = data;
  const errors = paths.slice(0, MAX_DENIAL_ERRORS).map((path) => {
    const denial = denials.find((d) => d.steps.every((s, i) => s.key === path.filter((p) => typeof p === 'string')[i])) ?? (denials[0] as Denial);
    const error = forbidden(denial.requirement, denial.coordinate);
    return { message: error.message, path, extensions: { code: 'FORBIDDEN' } };
  });
  result.errors = [...(result.errors ?? []), ...errors];
}

export function scopesPlugin(check: ScopesCheck): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let denials: Denial[] = [];
      return {
        async didResolveOperation(requestContext) {
          const authorized = check(requestContext, requestContext.contextValue.viewer);
          requestContext.contextValue.shareCalls = authorized.shareCalls;
          if (authorized.denials.length === 0) return;
          const cut = requestContext as unknown as { document: DocumentNode; queryHash: string; operation: OperationDefinitionNode | undefined };
          cut.document = authorized.document;
          cut.operation = authorized.operation;
          cut.queryHash = authorized.queryHash;
          denials = authorized.denials;
        },
        async willSendResponse({ response }) {
          if (response.body.kind === 'single')
            answerDenials(response.body.singleResult as { data?: Record<string, unknown> | null; errors?: readonly unknown[] }, denials);
        },
      };
    },
  };
}
