// Cursor pagination shared by every list: keyset on a unique, ordered key (never OFFSET), so a page
// costs the same at row 10 and row 1,000,000, and cursors stay valid while rows are added.
import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}
export interface Page {
  first: number;
  /** The key the page starts after. */
  after: string | null;
  /** Which list: a cursor names it, so that one list's cursor is refused by another. */
  list: string;
}
export interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** What a connection resolver returns: its count, when asked for, is computed only then. */
export type ConnectionParent<T> = Connection<T> & { totalCount?: number | (() => number | Promise<number>) };

/** A cursor: the list's name and the last key of a page. Opaque to callers, but not secret. */
export function encodeCursor(list: string, key: string): string {
  return Buffer.from(`${list}:${key}`, 'utf8').toString('base64url');
}

/**
 * The page asked of list `list` (its node type, or a name of its own when its key differs). A
 * cursor of another list, cut short or made up is BAD_USER_INPUT; a key of the wrong form that
 * passes this reaches the database, whose refusal is BAD_USER_INPUT too (errors.ts).
 */
export function pageOf(args: PageArgs, list: string): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  if (args.after == null) return { first, after: null, list };
  const decoded = Buffer.from(args.after, 'base64url').toString('utf8');
  const prefix = `${list}:`;
  const after = decoded.slice(prefix.length);
  if (!decoded.startsWith(prefix) || after === '' || encodeCursor(list, after) !== args.after) {
    throw badInput(`after is not a cursor of this ${list} list`, 'after');
  }
  return { first, after, list };
}

/** `rows` holds up to first + 1 rows in key order: the extra one only says that a next page exists. */
export function toConnection<T>(rows: T[], page: Page, keyOf: (row: T) => string): Connection<T> {
  const nodes = rows.slice(0, page.first);
  const last = nodes[nodes.length - 1];
  return { nodes, pageInfo: { hasNextPage: rows.length > page.first, endCursor: last ? encodeCursor(page.list, keyOf(last)) : null } };
}
