// Validation of identifiers that arrive from outside, with BAD_USER_INPUT errors callers can act on.
import { badInput } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For entity keys: a malformed key resolves to null instead of failing the whole batch in SQL. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

export function requireUuid(id: string, field = 'id'): string {
  if (!UUID.test(id)) throw badInput(`${field} must be a UUID`, field);
  return id.toLowerCase();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** graphql-scalars' Date parses to a JS Date at UTC midnight; the data layer speaks ISO strings. */
export function isoDate(value: Date | string | null | undefined): string | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') {
    if (!ISO_DATE.test(value)) throw badInput(`"${value}" is not an ISO date (YYYY-MM-DD)`);
    return value;
  }
  return value.toISOString().slice(0, 10);
}
