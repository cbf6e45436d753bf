// Gateway-side authorization: the @scopes declarations composed into the supergraph, checked
// against the caller's token before the query planner runs, so a forbidden operation never fans
// out to the subgraphs. The subgraphs check again (they never trust that a call came through here).
import { createRequire } from 'node:module';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, ObjectTypeDefinitionNode } from 'graphql';
import { fieldRequirements, forbidden, satisfiedAlternative, typeRequirements, type ScopeRequirement, type Viewer } from '@snn/platform';
import type { GatewayContext } from './server';

// Apollo hands us schema objects of graphql's CommonJS build: walk them with the same build.
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

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

export interface Denial { path: string; coordinate: string; requirement: ScopeRequirement }

/** Every field of the operation the viewer may not read, with its path in the response. */
export function deniedFields(schema: GraphQLSchema, document: DocumentNode, index: Map<string, ScopeRequirement[]>, viewer: Viewer): Denial[] {
  const denials: Denial[] = [];
  const typeInfo = new graphql.TypeInfo(schema);
  const path: string[] = [];
  graphql.visit(document, graphql.visitWithTypeInfo(typeInfo, {
    Field: {
      enter(node) {
        path.push(node.alias?.value ?? node.name.value);
        const parent = typeInfo.getParentType();
        if (!parent) return;
        // A field read through an interface is checked on every object type that implements it.
        const owners = graphql.isAbstractType(parent) ? schema.getPossibleTypes(parent).map((t) => t.name) : [parent.name];
        for (const owner of owners) {
          for (const requirement of index.get(`${owner}.${node.name.value}`) ?? []) {
            if (satisfiedAlternative(viewer, requirement) === null) {
              denials.push({ path: path.join('.'), coordinate: `${owner}.${node.name.value}`, requirement });
            }
          }
        }
      },
      leave() {
        path.pop();
      },
    },
  }));
  return denials;
}

/** Rejects an operation that reads any field its caller may not read, before planning and fan-out. */
export function scopesPlugin(supergraphSdl: string): ApolloServerPlugin<GatewayContext> {
  const index = scopeIndex(supergraphSdl);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, contextValue }) {
          const denials = deniedFields(schema, document, index, contextValue.viewer);
          if (denials.length === 0) return;
          const first = denials[0]!;
          throw forbidden(first.requirement, first.coordinate, {
            denied: denials.map((d) => ({ path: d.path, field: d.coordinate })),
            http: { status: 403 },
          });
        },
      };
    },
  };
}
