// What a resolver's caller asked for, when that saves reading a row.
import type { GraphQLResolveInfo } from 'graphql';

/**
 * Whether the field's selection asks only for `fields` (and __typename) of the object it returns:
 * plain fields, no fragments, no directives. Then the object's key is its whole answer — a
 * reference `{ id }` handed to the gateway, as the roster's `enrollments { citizen { id } }` is —
 * and the row behind it need not be read.
 */
export function selectsOnly(info: GraphQLResolveInfo, fields: readonly string[]): boolean {
  return info.fieldNodes.every(
    (node) =>
      node.selectionSet?.selections.every(
        (selection) =>
          selection.kind === 'Field' && !selection.directives?.length && (selection.name.value === '__typename' || fields.includes(selection.name.value)),
      ) ?? false,
  );
}

/**
 * Whether the field's selection asks for `field` of the object it returns, directly or in an inline
 * fragment: a resolver may then read it in the same statement. A field asked for only through a
 * named fragment reads as not asked, which costs a statement, never an answer.
 */
export function selectsField(info: GraphQLResolveInfo, field: string): boolean {
  const within = (selections: GraphQLResolveInfo['fieldNodes'][number]['selectionSet']): boolean =>
    selections?.selections.some((s) => (s.kind === 'Field' && s.name.value === field) || (s.kind === 'InlineFragment' && within(s.selectionSet))) ?? false;
  return info.fieldNodes.some((node) => within(node.selectionSet));
}
