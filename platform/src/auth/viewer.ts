// The caller of a request, as its verified access token says.

export interface Viewer {
  /** The calling system (`sub`). */
  sub: string;
  scopes: ReadonlySet<string>;
  /** The university (UAI) or company (SIREN) the caller acts for, if any. */
  org: string | null;
  /** Token id, for the audit log. */
  jti: string | null;
  /**
   * The kind of client (`client_kind` claim: a caller preset such as `parliament` or `company`):
   * operation limits may differ by kind. Null when the token names none.
   */
  kind: string | null;
}

/** `anyOf` is a list of alternatives; each alternative is a list of scopes that must all be held. */
export type ScopeRequirement = ReadonlyArray<ReadonlyArray<string>>;

/** The alternative of `anyOf` that the viewer satisfies, or null. An empty requirement needs no scope. */
export function satisfiedAlternative(viewer: Viewer, anyOf: ScopeRequirement): ReadonlyArray<string> | null {
  if (anyOf.length === 0) return [];
  return anyOf.find((all) => all.every((s) => viewer.scopes.has(s))) ?? null;
}
