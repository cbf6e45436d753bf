// Identifier formats of this subgraph, checked on input with BAD_USER_INPUT errors callers can act on.
// Platform has requireUuid; UAI codes and module codes are specific to the universities.
import { badInput, isUai, requireInt, requireSkillLevels, requireText } from '@snn/platform';
import type { Track } from './data/modules';

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

export const MODULE_LIMITS = { title: 200, ects: { min: 1, max: 30 }, hoursPerEcts: { min: 25, max: 30 }, skills: { min: 1, max: 10 } } as const;

export interface ModuleInputArgs {
  code: string;
  title: string;
  ectsCredits: number;
  hours: number;
  track: Track;
  skillsTaught: ReadonlyArray<{ skillCode: string; level: number }>;
  language: string;
  status?: 'ACTIVE' | 'RETIRED';
}
export type ModuleInput = Required<ModuleInputArgs> & { skillsTaught: Array<{ skillCode: string; level: number }> };

/** A module as a university writes it: each field checked, skills in code order. */
export function parseModuleInput(input: ModuleInputArgs): ModuleInput {
  const code = requireModuleCode(input.code, 'input.code');
  const title = requireText(input.title, 'input.title', MODULE_LIMITS.title);
  const ectsCredits = requireInt(input.ectsCredits, 'input.ectsCredits', MODULE_LIMITS.ects);
  const { min, max } = MODULE_LIMITS.hoursPerEcts;
  if (!Number.isInteger(input.hours) || input.hours < min * ectsCredits || input.hours > max * ectsCredits) {
    throw badInput(
      `input.hours must be ${min}–${max} hours per ECTS credit: ${min * ectsCredits} to ${max * ectsCredits} hours for ${ectsCredits} ECTS (got ${input.hours})`,
      'input.hours',
    );
  }
  const skillsTaught = requireSkillLevels(
    input.skillsTaught.map((s) => ({ skillCode: s.skillCode.trim(), level: s.level })),
    'input.skillsTaught',
    MODULE_LIMITS.skills,
  );
  return {
    code,
    title,
    ectsCredits,
    hours: input.hours,
    track: input.track,
    skillsTaught,
    language: requireLanguage(input.language, 'input.language'),
    status: input.status ?? 'ACTIVE',
  };
}
