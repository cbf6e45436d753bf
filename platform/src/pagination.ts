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
  after: string | null;
}
export interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** What a connection resolver returns: its count, when asked for, is computed only then. */
export type ConnectionParent<T> = Connection<T> & { totalCount?: number | (() => number | Promise<number>) };

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function pageOf(args: PageArgs): Page {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  if (args.after == null) return { first, after: null };
  const after = Buffer.from(args.after, 'base64url').toString('utf8');
  if (after === '' || encodeCursor(after) !== args.after) throw badInput('after is not a cursor returned by this API', 'after');
  return { first, after };
}

/** `rows` holds up to first + 1 rows in key order: the extra one only says that a next page exists. */
export function toConnection<T>(rows: T[], page: Page, keyOf: (row: T) => string): Connection<T> {
  const nodes = rows.slice(0, page.first);
  const last = nodes[nodes.length - 1];
  return { nodes, pageInfo: { hasNextPage: rows.length > page.first, endCursor: last ? encodeCursor(keyOf(last)) : null } };
}
