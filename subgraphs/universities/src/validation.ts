// Identifier formats of this subgraph, checked on input with BAD_USER_INPUT errors callers can act on.
// Platform has requireUuid; UAI codes and module codes are specific to the universities.
import { badInput, isUai } from '@snn/platform';

const MODULE_CODE = /^(\d{7}[A-Z])-[A-Z0-9]{1,16}$/;
const ISO_639_1 = /^[a-z]{2}$/;

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
