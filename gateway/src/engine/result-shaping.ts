// The gateway's last step, compiled. After the query plan has run, @apollo/gateway's computeResponse
// walks the merged subgraph answers against the operation to keep only the requested fields, in
// order, and to null out invalid values. It interprets the operation afresh for every object: for
// each selection of each of the roster's 50 citizens it looks up @skip/@include, response names,
// field types and leaf validity in the schema, and allocates a result record per value; it was the
// first item of the gateway's profile (~18 % of its CPU). This is the same algorithm with everything
// that depends only on the operation worked out once per selection set and parent type, at its first
// use in the request; per object only the data-dependent steps remain. Each field's step and each
// selection set's sequence of steps is a small generated function of its own (fieldStep,
// stepsInOrder), so that V8 optimises each one for the shapes it sees. Shaping one roster answer
// of 50 citizens, in a loop in one process: Apollo's 920 µs, ours 53 µs. Same output, same errors,
// same null bubbling: tests/result-shaping.test.ts runs both over the same answers.
import type * as Internals from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';
import { gatewayRequire } from './apollo-modules';

const fi = gatewayRequire('@apollo/federation-internals') as typeof Internals;
const assert: typeof Internals.assert = fi.assert;
/** assert(false, message): per-value checks test first, so that no message closure is made per value. */
function fail(message: () => string): never {
  assert(false, message);
}
// federation-internals re-exports through getters: read once, not per object.
const TYPENAME = fi.typenameFieldName;
type Schema = Internals.Schema;
type CompositeType = Internals.CompositeType;
type SelectionSet = Internals.SelectionSet;
type FieldSelection = Internals.FieldSelection;

export interface ComputeResponseArgs {
  operation: Internals.Operation;
  variables?: Record<string, unknown>;
  input: Record<string, unknown> | null | undefined;
  introspectionHandling: (selection: FieldSelection) => unknown;
}
export interface ComputedResponse {
  data: Record<string, unknown> | null | undefined;
  errors: GraphQLError[];
}

/** Per-request state: flags a value handler leaves for its caller (no record allocated per value). */
interface Run {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  path: Array<string | number>;
  introspectionHandling: (selection: FieldSelection) => unknown;
  /** The value just handled makes its parent object invalid (a null in a non-null position). */
  invalid: boolean;
  /** An error was recorded for the value just handled. */
  hasErrors: boolean;
}

const BUBBLE = 1;
const OK = 0;
type Apply = (input: Record<string, unknown>, output: Record<string, unknown>, run: Run) => typeof OK | typeof BUBBLE;
type Handle = (outputValue: unknown, inputValue: unknown, run: Run) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;

// Output objects are plain ({}), not Object.create(null) as Apollo's: V8 keeps null-prototype
// objects in dictionary mode, and JSON.stringify of the roster's answer took 1.6x as long over them
// (135 against 85 µs). A response name that Object.prototype also has (an alias `constructor`,
// `toString`, `__proto__`) is read and written as an own property; every other name is plain.
const inherited = (name: string) => name in Object.prototype;
const getOwn = (output: Record<string, unknown>, name: string) => (hasOwn.call(output, name) ? output[name] : undefined);
function setOwn(output: Record<string, unknown>, name: string, value: unknown): void {
  if (inherited(name)) Object.defineProperty(output, name, { value, writable: true, enumerable: true, configurable: true });
  else output[name] = value;
}
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

export function computeResponse({ operation, variables, input, introspectionHandling }: ComputeResponseArgs): ComputedResponse {
  if (!input) return { data: input, errors: [] };
  const schema = operation.schema();
  const run: Run = {
    schema,
    variables: { __proto__: null, ...operation.collectDefaultedVariableValues(), ...variables } as Record<string, unknown>,
    errors: [],
    path: [],
    introspectionHandling,
    invalid: false,
    hasErrors: false,
  };
  const compiler = compilerOf(operation);
  const data = {} as Record<string, unknown>;
  const rootType = schema.schemaDefinition.rootType(operation.rootKind)!;
  const res = compiler.selectionSet(operation.selectionSet, rootType)(input, data, run);
  return { data: res === BUBBLE ? null : data, errors: run.errors };
}

/**
 * The compiled shaping of an operation, kept as long as the operation is: one request's, or every
 * request's of the same query text where the gateway reuses its Operation (operation-reuse.ts).
 */
const compilers = new WeakMap<Internals.Operation, Compiler>();
function compilerOf(operation: Internals.Operation): Compiler {
  let compiler = compilers.get(operation);
  if (!compiler) compilers.set(operation, (compiler = new Compiler(operation.schema())));
  return compiler;
}

/** The operation's selection sets, compiled once each per parent type; nothing in it depends on a request. */
class Compiler {
  private readonly compiled = new Map<SelectionSet, Map<CompositeType, Apply>>();
  constructor(private readonly schema: Schema) {}

  selectionSet(selectionSet: SelectionSet, parentType: CompositeType): Apply {
    let byType = this.compiled.get(selectionSet);
    if (!byType) this.compiled.set(selectionSet, (byType = new Map()));
    let apply = byType.get(parentType);
    // Compiled on first use. Compiling never recurses into a sub-selection: object and fragment
    // steps look theirs up when they first run, so a recursive selection finds itself compiled.
    if (!apply) byType.set(parentType, (apply = this.compileSelectionSet(selectionSet, parentType)));
    return apply;
  }

  private compileSelectionSet(selectionSet: SelectionSet, parentType: CompositeType): Apply {
    return stepsInOrder(selectionSet.selections().map((selection) => this.step(selection, parentType)));
  }

  private step(selection: Internals.Selection, parentType: CompositeType): Apply {
    const skipped = this.skipCondition(selection.element);
    const apply = selection.kind === 'FieldSelection' ? this.field(selection, parentType) : this.fragment(selection, parentType);
    if (!skipped) return apply;
    return (input, output, run) => (skipped(run.variables) ? OK : apply(input, output, run));
  }

  /** @skip(if:) / @include(if:), or null when the selection has neither. */
  private skipCondition(element: Internals.Field | Internals.FragmentElement): ((variables: Record<string, unknown>) => boolean) | null {
    const skip = element.appliedDirectivesOf(this.schema.skipDirective())[0];
    const include = element.appliedDirectivesOf(this.schema.includeDirective())[0];
    if (!skip && !include) return null;
    return (variables) => (!!skip && ifValue(skip, variables)) || (!!include && !ifValue(include, variables));
  }

  private field(selection: FieldSelection, parentType: CompositeType): Apply {
    const field = selection.element;
    const responseName = field.responseName();
    if (field.definition.isSchemaIntrospectionField()) {
      return (_input, output, run) => {
        if (getOwn(output, responseName) === undefined) setOwn(output, responseName, run.introspectionHandling(selection));
        return OK;
      };
    }
    if (field.name === TYPENAME) return this.typename(responseName, parentType);
    return fieldStep(responseName, this.value(field.definition.type!, selection.selectionSet, parentType));
  }

  private typename(responseName: string, parentType: CompositeType): Apply {
    const own = inherited(responseName);
    return (input, output, run) => {
      if ((own ? getOwn(output, responseName) : output[responseName]) !== undefined) return OK;
      let inputValue = hasOwn.call(input, responseName) ? (input[responseName] ?? null) : null;
      if (inputValue === null && responseName !== TYPENAME) inputValue = input[TYPENAME] ?? null;
      const type = inputValue !== null && typeof inputValue === 'string' ? (run.schema.type(inputValue) ?? parentType) : parentType;
      if (!fi.isObjectType(type)) return BUBBLE;
      if (own) setOwn(output, responseName, type.name);
      else output[responseName] = type.name;
      return OK;
    };
  }

  private fragment(selection: Internals.FragmentSelection, parentType: CompositeType): Apply {
    const condition = selection.element.typeCondition;
    let compiled: Apply | undefined;
    const inner = () => (compiled ??= this.selectionSet(selection.selectionSet, condition ?? parentType));
    if (!condition) return (input, output, run) => inner()(input, output, run);
    // Whether the condition applies depends only on the object's __typename: decided once per name.
    const appliesTo = new Map<string, boolean>();
    const appliesWithoutTypename = fi.isSubtype(condition, parentType);
    return (input, output, run) => {
      const typename = input[TYPENAME];
      if (typename && typeof typename !== 'string') fail(() => `Got unexpected value for __typename: ${typename}`);
      let applies: boolean | undefined;
      if (typename) {
        applies = appliesTo.get(typename as string);
        if (applies === undefined) {
          const type = this.schema.type(typename as string);
          appliesTo.set(typename as string, (applies = !!type && fi.isSubtype(condition, type)));
        }
      } else applies = appliesWithoutTypename;
      return applies ? inner()(input, output, run) : OK;
    };
  }

  /** updateOutputValue for one field's type, unwrapped once. */
  private value(type: Internals.Type, selectionSet: SelectionSet | undefined, parentType: CompositeType): Handle {
    const settled = (outputValue: unknown) => outputValue === null || (outputValue !== undefined && !selectionSet);
    if (fi.isNonNullType(type)) {
      const inner = this.value(type.ofType, selectionSet, parentType);
      const ofType = type.ofType;
      return (outputValue, inputValue, run) => {
        if (settled(outputValue)) return done(run, outputValue, false, false);
        const updated = inner(outputValue, inputValue, run);
        if (updated !== null) return done(run, updated, false, false);
        if (!run.hasErrors) {
          run.errors.push(
            fi.ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describeLast(run.path, ofType, parentType)}.`, { path: Array.from(run.path) }),
          );
        }
        return done(run, null, true, true);
      };
    }
    if (fi.isListType(type)) {
      const inner = this.value(type.ofType, selectionSet, parentType);
      return (outputValue, inputValue, run) => {
        if (settled(outputValue)) return done(run, outputValue, false, false);
        if (inputValue === null) return done(run, null, false, false);
        if (!Array.isArray(inputValue)) fail(() => `Invalid non-list value ${inputValue} returned by subgraph for list type ${type}`);
        if (outputValue !== undefined && !Array.isArray(outputValue))
          fail(() => `Invalid non-list value ${outputValue} returned by subgraph for list type ${type}`);
        const previous = outputValue as unknown[] | undefined;
        if (previous && inputValue.length !== previous.length)
          fail(() => `[${inputValue}].length (${inputValue.length}) !== [${previous}].length (${previous!.length})`);
        const updated = new Array<unknown>(inputValue.length);
        let nullify = false;
        let hasErrors = false;
        for (let i = 0; i < inputValue.length; i++) {
          run.path.push(i);
          updated[i] = inner(previous ? previous[i] : undefined, inputValue[i], run);
          run.path.pop();
          nullify ||= run.invalid;
          hasErrors ||= run.hasErrors;
        }
        return done(run, nullify ? null : updated, false, hasErrors);
      };
    }
    if (fi.isCompositeType(type)) return this.object(type, selectionSet, parentType);
    const valid = leafValidator(this.schema, type as Internals.ScalarType | Internals.EnumType);
    return (outputValue, inputValue, run) => {
      if (settled(outputValue)) return done(run, outputValue, false, false);
      if (inputValue === null) return done(run, null, false, false);
      if (outputValue !== undefined) fail(() => `Excepted output to be undefined but got ${type} for type ${type}`);
      if (valid(inputValue)) return done(run, inputValue, false, false);
      run.errors.push(fi.ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describeLast(run.path, type, parentType)}.`, { path: Array.from(run.path) }));
      return done(run, null, false, true);
    };
  }

  private object(type: CompositeType, selectionSet: SelectionSet | undefined, parentType: CompositeType): Handle {
    const byTypename = new Map<string, CompositeType | null>();
    // Objects of one field are nearly always of one type: remember the last one's name and compiled set.
    let lastTypename: string | undefined;
    let lastType: CompositeType | undefined;
    let lastApply: Apply | undefined;
    return (outputValue, inputValue, run) => {
      if (outputValue === null || (outputValue !== undefined && !selectionSet)) return done(run, outputValue, false, false);
      if (inputValue === null) return done(run, null, false, false);
      if (!selectionSet) fail(() => `Invalid empty selection set for composite type ${type}`);
      if (typeof inputValue !== 'object') fail(() => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
      if (outputValue !== undefined && typeof outputValue !== 'object')
        fail(() => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
      const input = inputValue as Record<string, unknown>;
      const typename = input[TYPENAME];
      if (typename !== undefined && typeof typename !== 'string') fail(() => `Invalid non-string value ${typename} for __typename at ${run.path}`);
      let objectType = type;
      if (typename && typename === lastTypename) objectType = lastType!;
      else if (typename) {
        let found = byTypename.get(typename);
        if (found === undefined) {
          const named = this.schema.type(typename);
          byTypename.set(typename, (found = named && fi.isCompositeType(named) ? named : null));
        }
        if (found === null) {
          run.errors.push(
            fi.ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describeLast(run.path, type, parentType)}.`, {
              path: Array.from(run.path),
            }),
          );
          return done(run, null, false, true);
        }
        objectType = found;
      }
      const output = (outputValue ?? {}) as Record<string, unknown>;
      if (objectType !== lastType) lastApply = this.selectionSet(selectionSet, (lastType = objectType));
      lastTypename = typename;
      const bubbled = lastApply!(input, output, run) === BUBBLE;
      return done(run, bubbled ? null : output, false, bubbled);
    };
  }
}

/**
 * The step of one field, as a function of its own with the response name written into it: a
 * closure shared by every field sees every object shape at `input[responseName]` and every
 * handler at `handle(...)`, and V8 gives up optimising both (megamorphic); each field's own
 * function keeps them monomorphic and inlinable (shaping one roster answer: 120 → 57 µs). The
 * name is a GraphQL name, [_A-Za-z][_0-9A-Za-z]*, written as a JSON string literal all the same.
 */
function fieldStep(responseName: string, handle: Handle): Apply {
  const name = JSON.stringify(responseName);
  // A name Object.prototype also has is read and written as an own property (see getOwn).
  const own = inherited(responseName);
  const read = own ? `getOwn(output, ${name})` : `output[${name}]`;
  const write = (value: string) => (own ? `setOwn(output, ${name}, ${value})` : `output[${name}] = ${value}`);
  const make = new Function(
    'hasOwn',
    'getOwn',
    'setOwn',
    'handle',
    `return function field(input, output, run) {
    const inputValue = hasOwn.call(input, ${name}) ? (input[${name}] ?? null) : null;
    run.path.push(${name});
    ${write(`handle(${read}, inputValue, run)`)};
    run.path.pop();
    return run.invalid ? ${BUBBLE} : ${OK};
  }`,
  ) as (has: typeof hasOwn, get: typeof getOwn, set: typeof setOwn, h: Handle) => Apply;
  return make(hasOwn, getOwn, setOwn, handle);
}

/** A selection set's steps, one call site each (a loop over them would be one megamorphic site). */
function stepsInOrder(steps: Apply[]): Apply {
  const calls = steps.map((_, i) => `if (s${i}(input, output, run) === ${BUBBLE}) return ${BUBBLE};`).join('\n    ');
  const make = new Function(
    ...steps.map((_, i) => `s${i}`),
    `return function selectionSet(input, output, run) {
    ${calls}
    return ${OK};
  }`,
  ) as (...s: Apply[]) => Apply;
  return make(...steps);
}

function done(run: Run, updated: unknown, invalid: boolean, hasErrors: boolean): unknown {
  run.invalid = invalid;
  run.hasErrors = hasErrors;
  return updated;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a directive of any parent element
function ifValue(directive: Internals.Directive<any, { if: boolean | Internals.Variable }>, variables: Record<string, unknown>): boolean {
  const condition = directive.arguments().if;
  if (condition instanceof fi.Variable) {
    const value = variables[condition.name];
    if (typeof value !== 'boolean') fail(() => `Unexpected value ${value} for variable ${condition} of ${directive}`);
    return value;
  }
  return condition;
}

function describeLast(path: Array<string | number>, currentType: Internals.Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  assert(element !== undefined, 'Should not have been called on an empty path');
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${currentType} at index ${element}`;
}

/** federation-internals' isValidLeafValue, decided per type once instead of per value. */
function leafValidator(schema: Schema, type: Internals.ScalarType | Internals.EnumType): (value: unknown) => boolean {
  if (fi.isCustomScalarType(type)) return () => true;
  const integer = (value: number) => Number.isSafeInteger(value) || INTEGER.test(String(value));
  const finite = (value: unknown): value is number => typeof value === 'number' && isFinite(value);
  if (fi.isEnumType(type)) {
    const names = new Set(type.values.map((v) => v.name));
    return (value) => typeof value === 'string' && names.has(value);
  }
  if (type === schema.booleanType()) return (value) => typeof value === 'boolean';
  if (type === schema.intType()) return (value) => finite(value) && integer(value);
  if (type === schema.idType()) return (value) => typeof value === 'string' || (finite(value) && integer(value));
  if (type === schema.floatType()) return (value) => finite(value);
  return (value) => typeof value === 'string'; // String
}

type Shaper = (args: ComputeResponseArgs) => ComputedResponse;
const apolloShaping = gatewayRequire('./resultShaping.js') as { computeResponse: Shaper };
if (typeof apolloShaping.computeResponse !== 'function')
  throw new Error('@apollo/gateway no longer has dist/resultShaping.js computeResponse: update gateway/src/result-shaping.ts');
/** Apollo's own, kept for comparison (the module may already be ours when this file is re-evaluated). */
export const apolloComputeResponse: Shaper = ((apolloShaping as { apollo?: Shaper }).apollo ??= apolloShaping.computeResponse);

/**
 * Makes @apollo/gateway shape responses with the compiled computeResponse above, in this process.
 * executeQueryPlan calls it through its CommonJS module's exports, so replacing the export is
 * enough; the package has no exports map, so the module is reachable. `apollo` keeps Apollo's own.
 */
export function useCompiledResultShaping(kind: 'compiled' | 'apollo'): void {
  apolloShaping.computeResponse = kind === 'apollo' ? apolloComputeResponse : computeResponse;
}
