// Object-level rules for callers that act for one organisation (a university's UAI, a company's
// SIREN in the token's `org`): they see only rows their organisation owns. Callers without `org`
// (ministries) are bounded by their scopes alone.
import { AppError } from '../errors';
import type { Viewer } from './viewer';

/** The owner a list must be narrowed to, or undefined for a caller without `org`. Asking for another owner is FORBIDDEN. */
export function ownerFilter(viewer: Viewer, requested: string | undefined, what: string): string | undefined {
  if (viewer.org === null) return requested;
  if (requested !== undefined && requested !== viewer.org) throw new AppError('FORBIDDEN', `a caller acting for ${viewer.org} reads only its own ${what}`);
  return viewer.org;
}

/** Rows the viewer may see: all of them, or those its organisation owns. */
export function ownRows<T>(viewer: Viewer, rows: readonly T[], ownerOf: (row: T) => string): T[] {
  return viewer.org === null ? [...rows] : rows.filter((r) => ownerOf(r) === viewer.org);
}

/** One row, or null when it belongs to another organisation: a foreign row looks like a missing one. */
export function ownRow<T>(viewer: Viewer, row: T | null, ownerOf: (row: T) => string): T | null {
  return row !== null && (viewer.org === null || ownerOf(row) === viewer.org) ? row : null;
}
