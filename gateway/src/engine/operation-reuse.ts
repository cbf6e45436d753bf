// One federation Operation per query text, instead of one per request. To run a plan,
// @apollo/gateway's executeQueryPlan turns the request's document into an Operation with
// operationFromDocument (validate: false) on every request, though Apollo Server hands it the same
// parsed document (its document store) for the same query text: ~2.5 % of our gateway's CPU under
// the roster bench, and a fresh Operation also meant compiling the result shaping afresh
// (result-shaping.ts keeps its compiled form per Operation). Operations are immutable (their
// methods return new ones), and @skip/@include are evaluated with each request's variables at
// shaping time, so one Operation serves every request of the same document and schema.
import type * as Internals from '@apollo/federation-internals';
import type { DefinitionNode, DocumentNode } from 'graphql';
import { gatewayRequire } from './apollo-modules';

// The module executeQueryPlan reaches operationFromDocument through (federation-internals' index
// re-exports it with a getter that reads this module's export at each call).
const operations = gatewayRequire('@apollo/federation-internals/dist/operations.js') as {
  operationFromDocument: typeof Internals.operationFromDocument;
  original?: typeof Internals.operationFromDocument;
};
if (typeof operations.operationFromDocument !== 'function')
  throw new Error('@apollo/federation-internals no longer exports operationFromDocument from dist/operations.js: update gateway/src/operation-reuse.ts');
/** The package's own (the module may already be patched when this file is evaluated again). */
const original = (operations.original ??= operations.operationFromDocument);

interface Entry {
  definitions: readonly DefinitionNode[];
  operation: Internals.Operation;
}
/** By schema, then by the document's first definition (its operation node, the same object while the document is cached). */
const reused = new WeakMap<Internals.Schema, WeakMap<DefinitionNode, Entry[]>>();

function sameDefinitions(a: readonly DefinitionNode[], b: readonly DefinitionNode[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** operationFromDocument, answering a document made of the same definition nodes with the same Operation. */
function reusedOperationFromDocument(schema: Internals.Schema, document: DocumentNode, options?: Parameters<typeof original>[2]): Internals.Operation {
  // Only executeQueryPlan's call (no validation, no operation name); planning validates, and is cached anyway.
  const first = document.definitions[0];
  if (options?.validate !== false || options.operationName !== undefined || !first) return original(schema, document, options);
  let ofSchema = reused.get(schema);
  if (!ofSchema) reused.set(schema, (ofSchema = new WeakMap()));
  let entries = ofSchema.get(first);
  const hit = entries?.find((e) => sameDefinitions(e.definitions, document.definitions));
  if (hit) return hit.operation;
  const operation = original(schema, document, options);
  if (!entries) ofSchema.set(first, (entries = []));
  entries.push({ definitions: [...document.definitions], operation });
  return operation;
}

/** Makes @apollo/gateway reuse Operations in this process (`false` keeps one per request). */
export function useOperationReuse(reuse: boolean): void {
  operations.operationFromDocument = reuse ? reusedOperationFromDocument : original;
}
