// Entity fetches of concurrent requests, merged. Under load many operations of one caller reach
// the same step of the same plan at once (a ministry system paging through rosters): each would
// send the subgraph the same `_entities` query over its own 50 representations. Sent together, the
// subgraph parses, authorizes and executes once and its loaders read all the keys in one
// statement each, which is where most of a subgraph's cost per call goes. Representations are
// concatenated in arrival order and the answer is cut back by offset: `_entities` answers one
// (nullable) item per representation, in order, and errors carry the item's index in their path.

/** A GraphQL answer as a subgraph sends it, already parsed. */
export interface SubgraphAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ path?: ReadonlyArray<string | number> } & Record<string, unknown>>;
  extensions?: Record<string, unknown>;
}

/** One request's share of a merged call. */
export interface Share {
  offset: number;
  count: number;
}

/** Whether a planned fetch is an entity fetch whose representations may be merged with others'. */
export function isEntityFetch(variables: Record<string, unknown> | undefined): variables is { representations: unknown[] } {
  return Array.isArray(variables?.representations);
}

/** The merged answer, cut into each request's answer as if it had been sent alone. */
export function splitAnswer(answer: SubgraphAnswer, shares: Share[]): SubgraphAnswer[] {
  const entities = answer.data?._entities;
  return shares.map(({ offset, count }) => {
    const own: SubgraphAnswer = {};
    if (answer.data === null) own.data = null;
    else if (answer.data !== undefined) own.data = { ...answer.data, _entities: Array.isArray(entities) ? entities.slice(offset, offset + count) : entities };
    if (answer.errors) {
      const errors = answer.errors.flatMap((error) => {
        const index = error.path?.[0] === '_entities' ? error.path[1] : undefined;
        if (typeof index !== 'number') return [error]; // not about one item: every request gets it
        if (index < offset || index >= offset + count) return [];
        return [{ ...error, path: ['_entities', index - offset, ...error.path!.slice(2)] }];
      });
      if (errors.length > 0) own.errors = errors;
    }
    if (answer.extensions) own.extensions = answer.extensions;
    return own;
  });
}
