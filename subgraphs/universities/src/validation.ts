// Identifier formats of this subgraph, checked on input with BAD_USER_INPUT errors callers can act on.
// Platform has requireUuid; UAI codes and module codes are specific to the universities.
import { badInput } from '@snn/platform';

// UAI (Unité administrative immatriculée): 3-digit département (Corsica 620/720), 4-digit sequence,
// and a check letter: the 7-digit number mod 23 in this alphabet (no I, O, Q).
const UAI = /^(\d{7})([A-Z])$/;
const CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const MODULE_CODE = /^(\d{7}[A-Z])-[A-Z0-9]{1,16}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_639_1 = /^[a-z]{2}$/;

export function isUai(code: string): boolean {
  const m = UAI.exec(code);
  return m !== null && CHECK_LETTERS[Number(m[1]) % 23] === m[2];
}

export function requireUai(code: string, field = 'id'): string {
  const uai = code.trim().toUpperCase();
  if (!isUai(uai)) throw badInput(`${field} "${code}" is not a UAI code: 7 digits and their check letter (e.g. "0755890V")`, field);
  return uai;
}

/** Module codes are the teaching university's UAI, a dash and its own course code. */
export function requireModuleCode(code: string, field = 'code'): string {
  const upper = code.trim().toUpperCase();
  const m = MODULE_CODE.exec(upper);
  if (!m || !isUai(m[1] as string)) {
    throw badInput(`${field} "${code}" is not a module code: the university's UAI, a dash and a course code (e.g. "0755890V-CYB1")`, field);
  }
  return upper;
}

export function requireLanguage(code: string, field = 'language'): string {
  const lower = code.trim().toLowerCase();
  if (!ISO_639_1.test(lower)) throw badInput(`${field} "${code}" is not an ISO 639-1 language code (e.g. "fr", "en")`, field);
  return lower;
}

/** For entity keys: an unknown or malformed key resolves to null rather than failing the batch. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
