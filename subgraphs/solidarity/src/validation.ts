// Format checks of this subgraph's own identifiers (platform's requireTerritory covers known codes).
import { badInput } from '@snn/platform';

const TERRITORY_CODE = /^(R\d{2}|\d{2}|2[AB]|97\d)$/;
const YEAR = /^\d{4}$/;
// SDMX time periods: year, semester, quarter or month.
const SDMX_PERIOD = /^\d{4}(-S[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** A code shaped like a territory code, known or not: a caller then gets NOT_FOUND, not BAD_USER_INPUT. */
export function requireTerritoryCodeFormat(code: string, field = 'code'): string {
  if (!TERRITORY_CODE.test(code)) {
    throw badInput(
      `"${code}" is not an INSEE territory code: use a département code (e.g. "75", "2A", "971") or a region code prefixed with R (e.g. "R11")`,
      field,
    );
  }
  return code;
}

export function optionalYear(value: string | null | undefined, field = 'period'): string | undefined {
  if (value == null) return undefined;
  if (!YEAR.test(value)) throw badInput(`${field} must be a year such as "2025", got "${value}"`, field);
  return value;
}

export function optionalPeriod(value: string | null | undefined, field = 'period'): string | undefined {
  if (value == null) return undefined;
  if (!SDMX_PERIOD.test(value)) throw badInput(`${field} must be an SDMX time period such as "2025", "2026-Q3" or "2026-S1", got "${value}"`, field);
  return value;
}

/** Indicator and breakdown codes: upper-case letters, digits and underscores. */
export function optionalCode(value: string | null | undefined, field: string): string | undefined {
  if (value == null) return undefined;
  if (!CODE.test(value)) throw badInput(`${field} must be an upper-case code such as "POVERTY_RATE" or "AGE_18_25", got "${value}"`, field);
  return value;
}
