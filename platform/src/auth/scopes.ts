// @scopes(anyOf: [[String!]!]!): who may read a field or a type, declared in each subgraph's SDL
// and composed into the supergraph (@composeDirective), so the gateway and the subgraph that owns
// the data enforce the same declaration. Inner lists AND, outer list OR.
import { createRequire } from 'node:module';
import type { DirectiveNode, GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { AuditTrail } from '../audit';
import { AppError } from '../errors';
import { satisfiedAlternative, type ScopeRequirement, type Viewer } from './viewer';

// The schema comes from @apollo/subgraph, which loads graphql's CommonJS build; graphql's
// instanceof checks refuse objects of the ES-module build, so use the same CommonJS one.
const { defaultFieldResolver, isObjectType, valueFromASTUntyped } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export const SCOPES_DIRECTIVE = 'scopes';

/** The anyOf of a @scopes application among `directives`, or null when there is none. */
export function scopesOf(directives: readonly DirectiveNode[] | undefined): ScopeRequirement | null {
  const node = directives?.find((d) => d.name.value === SCOPES_DIRECTIVE);
  const arg = node?.arguments?.find((a) => a.name.value === 'anyOf');
  return arg ? (valueFromASTUntyped(arg.value) as string[][]) : null;
}

type Directed = { readonly directives?: readonly DirectiveNode[] } | null | undefined;

/** The requirements declared on a type: on its definition and on each of its extensions. */
export function typeRequirements(nodes: readonly Directed[]): ScopeRequirement[] {
  return nodes.map((n) => scopesOf(n?.directives)).filter((r): r is ScopeRequirement => r !== null);
}

/** A field's requirements: its type's and its own, all to be met. */
export function fieldRequirements(typeLevel: ScopeRequirement[], field: Directed): ScopeRequirement[] {
  const own = scopesOf(field?.directives);
  return own ? [...typeLevel, own] : typeLevel;
}

export function forbidden(requirement: ScopeRequirement, where: string, extra: Record<string, unknown> = {}): AppError {
  const needed = requirement.map((all) => all.join(' + ')).join(' or ');
  return new AppError('FORBIDDEN', `${where} requires the scope ${needed}`, extra);
}

/** Throws FORBIDDEN unless the viewer meets every requirement; returns the scopes that granted access. */
export function assertScopes(viewer: Viewer, requirements: ScopeRequirement[], where: string): string[] {
  const used: string[] = [];
  for (const r of requirements) {
    const alternative = satisfiedAlternative(viewer, r);
    if (alternative === null) throw forbidden(r, where);
    used.push(...alternative);
  }
  return used;
}

/** What a scope-checked resolver needs from its context; `audit` is present where personal data lives. */
interface ScopedContext {
  viewer: Viewer;
  audit?: AuditTrail;
}

/** The object a field is read on, for the audit log: its id (or code), never its values. */
function objectIdOf(source: unknown): string | null {
  const s = source as { id?: unknown; code?: unknown } | null;
  const id = s?.id ?? s?.code;
  return typeof id === 'string' ? id : null;
}

/**
 * The personal-data scopes that grant a viewer `requirements` (throws FORBIDDEN if none do),
 * remembered per viewer: the answer depends only on the viewer's scopes, and a list of 125 credits
 * asked it for every field of every item (arrays built and filtered each time). Viewers are the
 * verifier's cached objects, one per token, so a caller's answer is worked out once per field.
 */
function grantsOf(requirements: ScopeRequirement[], where: string): (viewer: Viewer) => readonly string[] {
  const byViewer = new WeakMap<Viewer, readonly string[]>();
  return (viewer) => {
    let pii = byViewer.get(viewer);
    if (pii === undefined) {
      pii = assertScopes(viewer, requirements, where).filter((scope) => scope.endsWith(':pii'));
      byViewer.set(viewer, pii);
    }
    return pii;
  };
}

/**
 * Wraps every resolver of a subgraph schema, and every __resolveReference of an entity type with
 * type-level scopes, so that a field is checked before it runs: a denied field never touches the
 * database, so it cannot reveal whether an object exists.
 */
export function enforceScopes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeLevel = typeRequirements([type.astNode, ...type.extensionASTNodes]);
    for (const field of Object.values(type.getFields())) {
      const requirements = fieldRequirements(typeLevel, field.astNode);
      if (requirements.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const where = `${type.name}.${field.name}`;
      const granted = grantsOf(requirements, where);
      field.resolve = (source, args, context: ScopedContext, info) => {
        const pii = granted(context.viewer);
        if (pii.length > 0) context.audit?.read(where, pii, objectIdOf(source), info.operation.name?.value ?? null);
        return resolve(source, args, context, info);
      };
    }
    const entity = type as GraphQLObjectType & { resolveReference?: (ref: unknown, context: { viewer: Viewer }, info: unknown) => unknown };
    if (typeLevel.length > 0 && entity.resolveReference) {
      const resolveReference = entity.resolveReference;
      const granted = grantsOf(typeLevel, type.name);
      entity.resolveReference = (ref, context, info) => {
        granted(context.viewer);
        return resolveReference(ref, context, info);
      };
    }
  }
  return schema;
}
