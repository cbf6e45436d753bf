// Runs @apollo/gateway's query plans: Sequence, Parallel, Flatten and Fetch nodes, the ones our
// supergraph's plans are made of. Same steps and same results as its executeQueryPlan, without the
// work that costs it most on a roster's critical path at one connection (measured in the gateway,
// 5 December: ~25 µs per entity fetch to build 50 representations, ~35 with the merge before):
// each representation was built by interpreting the fetch's `requires` selection for every entity,
// into null-prototype objects merged with deepMerge; here the selection is compiled once per fetch
// node into a function that builds plain objects. Also left out: the OpenTelemetry spans (none is
// exported) and the usage-reporting trace nodes built for every node even when no trace is kept.
// Any plan with other nodes (Condition, Defer, Subscription), data rewrites (interface objects,
// @fromContext), traces to capture or introspection fields goes to Apollo's own executeQueryPlan.
// Side by side (`pnpm bench:ab gateway SNN_PLAN_EXECUTION=ours SNN_PLAN_EXECUTION=apollo --latency`):
// gateway CPU per roster ×0.90, p50 at one connection ×0.977. tests/plan-execution.test.ts runs
// both over the same plans and answers.
import type * as Internals from '@apollo/federation-internals';
import type { executeQueryPlan as ApolloExecuteQueryPlan, GraphQLDataSource } from '@apollo/gateway';
import type { DocumentNode, FragmentDefinitionNode, GraphQLError, GraphQLSchema, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { gatewayRequire, graphql } from './apollo-modules';

const fi = gatewayRequire('@apollo/federation-internals') as typeof Internals;
const { deepMerge } = gatewayRequire('./utilities/deepMerge.js') as { deepMerge(target: unknown, source: unknown): unknown };
const { isObjectOfType } = gatewayRequire('./dataRewrites.js') as {
  isObjectOfType(schema: GraphQLSchema, obj: Record<string, unknown>, typeCondition: string): boolean;
};
/** Read at each call, so that result-shaping.ts's choice applies. */
const shaping = gatewayRequire('./resultShaping.js') as {
  computeResponse(args: {
    operation: Internals.Operation;
    variables?: Record<string, unknown>;
    input: Record<string, unknown>;
    introspectionHandling(selection: unknown): unknown;
  }): { data: unknown; errors: GraphQLError[] };
};

// @apollo/query-planner's plan types, as @apollo/gateway's signature names them (not a dependency of ours).
type QueryPlan = Parameters<typeof ApolloExecuteQueryPlan>[0];
type PlanNode = Exclude<NonNullable<QueryPlan['node']>, { kind: 'Subscription' }>;
type FetchNode = Extract<PlanNode, { kind: 'Fetch' }>;
type QueryPlanSelectionNode = NonNullable<FetchNode['requires']>[number];
type ExecuteQueryPlan = (
  queryPlan: QueryPlan,
  serviceMap: Record<string, GraphQLDataSource>,
  requestContext: RequestContext,
  operationContext: OperationContext,
  supergraphSchema: GraphQLSchema,
  apiSchema: Internals.Schema,
  telemetryConfig?: unknown,
) => Promise<ExecutionResult>;
interface RequestContext {
  request: { variables?: Record<string, unknown> };
  context: unknown;
  metrics?: { captureTraces?: boolean; nonFtv1ErrorPaths?: Array<{ subgraph: string; path: unknown }> };
}
interface OperationContext {
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
}
interface ExecutionResult {
  data?: unknown;
  errors?: readonly GraphQLError[];
  extensions?: Record<string, unknown>;
}
type Data = Record<string, unknown>;
interface Cursor {
  path: Array<string | number>;
  data: unknown;
  fullResult: Data;
}
interface Run {
  serviceMap: Record<string, GraphQLDataSource>;
  requestContext: RequestContext;
  supergraphSchema: GraphQLSchema;
  errors: GraphQLError[];
}

const execution = gatewayRequire('./executeQueryPlan.js') as { executeQueryPlan: ExecuteQueryPlan; apollo?: ExecuteQueryPlan };
if (typeof execution.executeQueryPlan !== 'function')
  throw new Error('@apollo/gateway no longer has dist/executeQueryPlan.js executeQueryPlan: update gateway/src/plan-execution.ts');
/** Apollo's own (the module may already be patched when this file is evaluated again). */
export const apolloExecuteQueryPlan: ExecuteQueryPlan = (execution.apollo ??= execution.executeQueryPlan);

/** Whether a plan is one this module runs, by plan (plans are cached and immutable). */
const runnable = new WeakMap<QueryPlan, boolean>();
const nodeRunnable = (node: PlanNode): boolean => {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every(nodeRunnable);
    case 'Flatten':
      return nodeRunnable(node.node);
    case 'Fetch':
      return !node.inputRewrites?.length && !node.outputRewrites?.length && !node.contextRewrites?.length;
    default:
      return false;
  }
};

/** Whether an operation asks for __schema or __type (Apollo's executor answers those itself). */
const introspects = new WeakMap<OperationDefinitionNode, boolean>();
function hasIntrospection(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): boolean {
  return set.selections.some((s) => {
    if (s.kind === graphql.Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type';
    if (s.kind === graphql.Kind.INLINE_FRAGMENT) return hasIntrospection(s.selectionSet, fragments, seen);
    const name = s.name.value;
    if (seen.has(name) || !fragments[name]) return false;
    seen.add(name);
    return hasIntrospection(fragments[name].selectionSet, fragments, seen);
  });
}

/** Plans run by each executor in this process (read by tests). */
export const executions = { ours: 0, apollo: 0 };

export const executeQueryPlan: ExecuteQueryPlan = async (
  queryPlan,
  serviceMap,
  requestContext,
  operationContext,
  supergraphSchema,
  apiSchema,
  telemetryConfig,
) => {
  let plain = runnable.get(queryPlan);
  if (plain === undefined) runnable.set(queryPlan, (plain = !queryPlan.node || (queryPlan.node.kind !== 'Subscription' && nodeRunnable(queryPlan.node))));
  let introspection = introspects.get(operationContext.operation);
  if (introspection === undefined)
    introspects.set(operationContext.operation, (introspection = hasIntrospection(operationContext.operation.selectionSet, operationContext.fragments)));
  if (!plain || introspection || requestContext.metrics?.captureTraces) {
    executions.apollo++;
    return apolloExecuteQueryPlan(queryPlan, serviceMap, requestContext, operationContext, supergraphSchema, apiSchema, telemetryConfig);
  }
  let operation: Internals.Operation;
  try {
    // The same Operation every time for the same document (operation-reuse.ts).
    const document: DocumentNode = { kind: graphql.Kind.DOCUMENT, definitions: [operationContext.operation, ...Object.values(operationContext.fragments)] };
    operation = fi.operationFromDocument(apiSchema, document, { validate: false });
  } catch (error) {
    if (error instanceof graphql.GraphQLError) return { errors: [error] };
    throw error;
  }
  executions.ours++;
  const run: Run = { serviceMap, requestContext, supergraphSchema, errors: [] };
  const data: Data = Object.create(null);
  if (queryPlan.node) await executeNode(run, queryPlan.node as PlanNode, { path: [], data, fullResult: data });
  try {
    const { data: shaped, errors: postProcessingErrors } = shaping.computeResponse({
      operation,
      variables: requestContext.request.variables,
      input: data,
      introspectionHandling: () => {
        throw new Error('introspection reached plan-execution.ts'); // such operations go to Apollo's executor (above)
      },
    });
    if (run.errors.length === 0 && postProcessingErrors.length > 0) return { extensions: { valueCompletion: postProcessingErrors }, data: shaped };
    return run.errors.length === 0 ? { data: shaped } : { errors: run.errors, data: shaped };
  } catch (error) {
    if (error instanceof graphql.GraphQLError) return { errors: [error] };
    if (error instanceof Error) return { errors: [new graphql.GraphQLError(error.message, { originalError: error })] };
    return { errors: [new graphql.GraphQLError('Unexpected error during query plan execution')] };
  }
};

async function executeNode(run: Run, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(run, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(run, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(run, node, cursor);
      } catch (error) {
        run.errors.push(error as GraphQLError);
      }
      return;
    default:
      throw new Error(`plan node ${node.kind} reached plan-execution.ts`); // such plans go to Apollo's executor (above)
  }
}

function moveIntoCursor(cursor: Cursor, pathInCursor: Array<string | number>): Cursor | undefined {
  const data = flattenResultsAtPath(cursor.data, pathInCursor, 0);
  return data ? { path: cursor.path.concat(pathInCursor), data, fullResult: cursor.fullResult } : undefined;
}

function flattenResultsAtPath(value: unknown, path: Array<string | number>, at: number): unknown {
  if (at === path.length || value === undefined || value === null) return value;
  const current = path[at]!;
  if (current === '@') return (value as unknown[]).flatMap((element) => flattenResultsAtPath(element, path, at + 1));
  if (typeof current !== 'string') throw new Error(`Unexpected ${typeof current} found in path`);
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`);
  return flattenResultsAtPath(Object.prototype.hasOwnProperty.call(value, current) ? (value as Data)[current] : undefined, path, at + 1);
}

async function executeFetch(run: Run, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = run.serviceMap[fetch.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities = (Array.isArray(cursor.data) ? cursor.data.filter((e) => e !== null && e !== undefined) : [cursor.data]) as Data[];
  if (entities.length < 1) return;
  const variables: Data = Object.create(null);
  const provided = run.requestContext.request.variables;
  for (const name of fetch.variableUsages ?? []) {
    if (provided && Object.prototype.hasOwnProperty.call(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
  }
  if (!fetch.requires) {
    const received = await send(run, service, fetch, cursor, variables);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }
  const represent = representationOf(fetch, run.supergraphSchema);
  const representations: Data[] = [];
  const representationToEntity: number[] = [];
  for (let i = 0; i < entities.length; i++) {
    const representation = represent(entities[i]);
    if (representation && representation.__typename) {
      representations.push(representation);
      representationToEntity.push(i);
    }
  }
  if (representations.length < 1) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  const received = await send(run, service, fetch, cursor, { ...variables, representations });
  if (!received) return;
  const receivedEntities = received._entities;
  if (!Array.isArray(receivedEntities)) throw new Error('Expected "data._entities" in response to be an array');
  if (receivedEntities.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let i = 0; i < receivedEntities.length; i++) {
    const receivedEntity = receivedEntities[i] as Data | null;
    const existingEntity = entities[representationToEntity[i]!]!;
    if (receivedEntity && !receivedEntity.__typename) receivedEntity.__typename = existingEntity.__typename;
    deepMerge(existingEntity, receivedEntity);
  }
}

async function send(run: Run, service: GraphQLDataSource, fetch: FetchNode, cursor: Cursor, variables: Data): Promise<Data | undefined> {
  // As Apollo's executor calls a data source (its request-kind enum is not exported: the value is used).
  const response = await service.process({
    kind: 'incoming operation',
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    incomingRequestContext: run.requestContext,
    context: run.requestContext.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: cursor.path,
  } as unknown as Parameters<GraphQLDataSource['process']>[0]);
  if (response.errors) {
    const errorPath = lazyErrorPath(fetch, cursor);
    run.errors.push(...response.errors.map((error) => downstreamServiceError(error, fetch.serviceName, errorPath)));
    if (!response.extensions?.ftv1 && run.requestContext.metrics) {
      const paths = response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path }));
      (run.requestContext.metrics.nonFtv1ErrorPaths ??= []).push(...paths);
    }
  }
  return response.data as Data | undefined;
}

/** An error's path in the whole response: an `_entities` index becomes the entity's own path. */
function lazyErrorPath(fetch: FetchNode, cursor: Cursor): (path: readonly (string | number)[] | undefined) => Array<string | number> | undefined {
  let hydrated: Array<Array<string | number>> | undefined;
  return (path) => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        hydratedPaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)];
    }
    return path ? [...cursor.path, ...path] : undefined;
  };
}

/** Every concrete path a cursor path (with `@` for each list) reaches in the data. */
function hydratedPaths(parent: Array<string | number>, path: Array<string | number>, data: unknown, result: Array<Array<string | number>>): void {
  if (data === null || data === undefined) return;
  const head = path[0];
  if (head === undefined) {
    result.push(parent.slice());
  } else if (head === '@' || Array.isArray(data)) {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    const rest = head === '@' ? path.slice(1) : path;
    data.forEach((value, i) => {
      parent.push(i);
      hydratedPaths(parent, rest, value, result);
      parent.pop();
    });
  } else if (typeof head === 'string') {
    if (Object.prototype.hasOwnProperty.call(data, head)) {
      parent.push(head);
      hydratedPaths(parent, path.slice(1), (data as Data)[head], result);
      parent.pop();
    }
  } else {
    throw new Error(`unknown path part "${head}"`);
  }
}

/** A subgraph's error, as Apollo's executor rewrites it: its path in the whole response, the subgraph named, a code. */
function downstreamServiceError(
  original: { message?: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> },
  serviceName: string,
  errorPath: ReturnType<typeof lazyErrorPath>,
): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = { originalError: original as Error, path: errorPath(original.path), extensions: { ...original.extensions, serviceName } };
  const codeDef = fi.errorCodeDef(original as GraphQLError);
  if (!codeDef && original.extensions?.code) return new graphql.GraphQLError(message, options);
  return (codeDef ?? fi.ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options) as GraphQLError;
}

type Represent = (entity: unknown) => Data | null;
/** Each fetch node's `requires`, compiled (plans are cached, so their nodes are too). */
const compiledRequires = new WeakMap<FetchNode, Represent>();

/** The fetch's `requires` selection compiled: what Apollo's executeSelectionSet gives, as plain objects. */
function representationOf(fetch: FetchNode, schema: GraphQLSchema): Represent {
  let represent = compiledRequires.get(fetch);
  if (!represent) compiledRequires.set(fetch, (represent = compileSelections(fetch.requires!, schema)));
  return represent;
}

type Step = (source: Data, result: Data) => boolean;

/**
 * A selection set as one function. As executeSelectionSet: null for a null source, and for a
 * source missing a selected field (or holding undefined there); lists mapped; an inline fragment
 * applies when the source is of its type, and merges into the object.
 */
function compileSelections(selections: readonly QueryPlanSelectionNode[], schema: GraphQLSchema): Represent {
  // The usual entity key, `... on Type { key fields }`: the fragment's object is the result.
  const only = selections.length === 1 ? selections[0]! : undefined;
  if (only?.kind === 'InlineFragment' && only.typeCondition) {
    const typeCondition = only.typeCondition;
    const inner = compileSelections(only.selections, schema);
    return (source) => {
      if (source === null) return null;
      if (!source || !isObjectOfType(schema, source as Data, typeCondition)) return {};
      return inner(source) ?? {};
    };
  }
  const steps = selections.map((selection) => stepOf(selection, schema));
  return (source) => {
    if (source === null) return null;
    const result: Data = {};
    for (const step of steps) if (!step(source as Data, result)) return null;
    return result;
  };
}

function stepOf(selection: QueryPlanSelectionNode, schema: GraphQLSchema): Step {
  if (selection.kind === 'InlineFragment') {
    const typeCondition = selection.typeCondition;
    if (!typeCondition) return () => true;
    const inner = compileSelections(selection.selections, schema);
    return (source, result) => {
      if (source && isObjectOfType(schema, source, typeCondition)) deepMerge(result, inner(source));
      return true;
    };
  }
  const name = selection.alias ?? selection.name;
  const sub = selection.selections ? compileSelections(selection.selections, schema) : undefined;
  return (source, result) => {
    const value = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
    if (value === undefined) return false;
    if (Array.isArray(value)) result[name] = sub ? value.map(sub) : value;
    else result[name] = sub ? sub(value) : value;
    return true;
  };
}

/** Makes @apollo/gateway run plans with the executor above (`apollo` keeps its own). */
export function usePlanExecution(kind: 'ours' | 'apollo'): void {
  execution.executeQueryPlan = kind === 'apollo' ? apolloExecuteQueryPlan : executeQueryPlan;
}
