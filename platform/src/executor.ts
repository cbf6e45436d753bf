// How a subgraph executes an operation. graphql-jit compiles each distinct operation once into a
// function specialised to its selection set, instead of graphql-js walking the document for every
// object of every answer: a roster's universities fetch (50 citizens' credits) costs ×0.73–0.75 of
// graphql-js's CPU (`pnpm bench:ab universities SNN_EXECUTOR=compiled SNN_EXECUTOR=graphql-js`).
// Apollo Server 4+ has no executor option; the documented way to bring one is the `gateway`
// interface, which is all `compilingExecutor` returns (load → executor, no updates).
//
// graphql-jit departs from graphql-js in ways found here, each handled below: it refuses an omitted
// `Boolean! = false` input field instead of defaulting it (operations with input objects, mutations
// and documents with @skip/@include run on graphql-js), it does not call function-valued properties
// (callThunks), its errors carry no locations for refused variables (graphql-js re-runs those) and
// no extensions for plain resolver errors (standardError). What the gateway sends for reads (entity
// fetches by representations, pages by id) is what gets compiled; tests/executor.test.ts checks
// that both answer alike.
import { createRequire } from 'node:module';
import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import { loadConfig } from './config';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, OperationDefinitionNode, TypeNode } from 'graphql';

// The schema comes from @apollo/subgraph, built on graphql's CommonJS build: graphql-jit and the
// graphql-js fallback must use that same build, so load their CommonJS entries (graphql has no
// exports map: Apollo Server's `import 'graphql'` gets the CommonJS build too).
const require = createRequire(import.meta.url);
const { compileQuery, isCompiledQuery } = require('graphql-jit') as typeof import('graphql-jit');
const {
  execute,
  getOperationAST,
  GraphQLError: CommonJsGraphQLError,
  isInputObjectType,
  isObjectType,
  Kind,
  visit,
  BREAK,
} = require('graphql') as typeof import('graphql');

/** `compiled`: graphql-jit where it is exact, graphql-js elsewhere. `graphql-js`: Apollo Server's own execution only. */
export type ExecutorKind = 'compiled' | 'graphql-js';

/** SNN_EXECUTOR=graphql-js turns the compiler off: the escape hatch if it ever answers wrongly. */
export function executorKindFromEnv(): ExecutorKind {
  return loadConfig().subgraphExecutor;
}

/**
 * Fields whose value may be a thunk, called only when the field is asked for: a connection's
 * totalCount costs a COUNT query, so resolvers hand it over as `() => count`. graphql-js's default
 * resolver calls a function-valued property; graphql-jit reads it as a plain value, so these
 * fields get a resolver of their own.
 */
const LAZY_FIELDS = new Set(['totalCount']);

function callThunks(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve || !LAZY_FIELDS.has(field.name)) continue;
      field.resolve = (source: Record<string, unknown>) => {
        const value = source[field.name];
        return typeof value === 'function' ? (value as () => unknown)() : value;
      };
    }
  }
}

const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));

/** A query that graphql-jit runs exactly as graphql-js: no input object (as a variable or a literal), no @skip/@include. */
function compilable(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query') return false;
  if (operation.variableDefinitions?.some((v) => isInputObjectType(schema.getType(namedTypeOf(v.type))))) return false;
  let exact = true;
  visit(document, {
    ObjectValue() {
      exact = false;
      return BREAK;
    },
    Directive(node) {
      if (node.name.value !== 'skip' && node.name.value !== 'include') return undefined;
      exact = false;
      return BREAK;
    },
  });
  return exact;
}

/**
 * graphql-jit's error for a resolver's plain Error (a driver's, say) has `extensions` fixed to
 * undefined, which Apollo Server's formatting cannot read (it then answers a bare "Internal server
 * error" and never calls our formatError, so a database outage would not say SERVICE_UNAVAILABLE).
 * Such errors are rebuilt as graphql-js builds them: path, locations, the original error.
 */
function standardError(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  const rebuilt = new CommonJsGraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
  (rebuilt as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}

type Run = (context: unknown, variables: Record<string, unknown>) => Promise<ExecutionResult> | ExecutionResult;
type GatewayOption = NonNullable<Extract<ApolloServerOptions<BaseContext>, { gateway?: unknown }>['gateway']>;

/**
 * Apollo Server's `gateway` slot, filled with a fixed schema and a compiling executor.
 * Apollo Server still parses, validates and caches documents (its documentStore): how each
 * operation runs is decided once and kept on those cached documents, dropped with them.
 */
export function compilingExecutor(schema: GraphQLSchema): GatewayOption {
  callThunks(schema);
  const runs = new WeakMap<DocumentNode, Map<string, Run>>();
  const runOf = (document: DocumentNode, operationName: string | undefined): Run => {
    let byName = runs.get(document);
    if (!byName) runs.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let run = byName.get(key);
    if (!run) byName.set(key, (run = prepare(document, operationName)));
    return run;
  };
  const prepare = (document: DocumentNode, operationName: string | undefined): Run => {
    const plain: Run = (contextValue, variableValues) => execute({ schema, document, contextValue, variableValues, operationName });
    const operation = getOperationAST(document, operationName);
    if (!operation || !compilable(schema, document, operation)) return plain;
    const compiled = compileQuery(schema, document, operationName);
    if (!isCompiledQuery(compiled)) return plain;
    return async (context, variables) => {
      const result = await compiled.query(undefined, context, variables);
      // No data at all: the variables were refused before execution. graphql-js says why in the
      // shape Apollo Server codes as BAD_USER_INPUT (graphql-jit's errors carry no locations).
      if (result.data === undefined && result.errors) return plain(context, variables);
      return result.errors ? { ...result, errors: result.errors.map(standardError) } : result;
    };
  };
  return {
    async load() {
      return {
        schema,
        executor: async (requestContext) =>
          runOf(requestContext.document, requestContext.operationName ?? undefined)(requestContext.context, requestContext.request.variables ?? {}),
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
