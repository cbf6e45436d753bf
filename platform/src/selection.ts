// What a resolver's caller asked for, when that saves reading a row.
import type { GraphQLResolveInfo } from 'graphql';

/**
 * Whether the field's selection asks only for `fields` (and __typename) of the object it returns:
 * plain fields, no fragments, no directives. Then the object's key is its whole answer — a
 * reference `{ id }` handed to the gateway, as the roster's `enrollments { citizen { id } }` is —
 * and the row behind it need not be read.
 */
export function selectsOnly(info: GraphQLResolveInfo, fields: readonly string[]): boolean {
  return info.fieldNodes.every((node) => node.selectionSet?.selections.every((selection) =>
    selection.kind === 'Field' && !selection.directives?.length && (selection.name.value === '__typename' || fields.includes(selection.name.value))) ?? false);
}
