// Validation of identifiers that arrive from outside, with BAD_USER_INPUT errors callers can act on.
import { badInput } from './errors';
import { LEVEL_RANGE, skillByCode } from './reference/skills';

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

/** Control characters, in a field of one line. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Control characters but tab and line breaks, in free text. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Text from outside, trimmed: not blank, at most `max` characters, no control characters. */
export function requireText(value: string, field: string, max: number, multiline = false): string {
  const trimmed = value.trim();
  const length = [...trimmed].length;
  if (length === 0) throw badInput(`${field} must not be blank`, field);
  if (length > max) throw badInput(`${field} must be at most ${max} characters (got ${length})`, field);
  if ((multiline ? CONTROL_IN_TEXT : CONTROL).test(trimmed)) {
    throw badInput(`${field} must not contain control characters${multiline ? '' : ' or line breaks'}`, field);
  }
  return trimmed;
}

/** A calendar day from outside (graphql-scalars' Date, or an ISO string), as YYYY-MM-DD. */
export function requireDay(value: Date | string, field: string): string {
  const iso = typeof value === 'string' ? value : Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (!ISO_DATE.test(iso) || new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso) {
    throw badInput(`${field} must be a date (YYYY-MM-DD)`, field);
  }
  return iso;
}

/** An integer in a range from outside. */
export function requireInt(value: number, field: string, range: { min: number; max: number }): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw badInput(`${field} must be an integer from ${range.min} to ${range.max}`, field);
  }
  return value;
}

/** Today in France, as YYYY-MM-DD: the day every "not in the past" rule means. */
export function todayInFrance(now = new Date()): string {
  return PARIS_DAY.format(now);
}
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Full years of age on `day` of someone born on `birthDate` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * Skills with a level each, from outside (an offer's required skills, a module's skills taught):
 * `count.min` to `count.max` distinct codes of the Skill reference, each level on its framework's
 * scale. Errors name `field[i].skillCode` or `field[i].level`. In skill-code order.
 */
export function requireSkillLevels(
  skills: ReadonlyArray<{ skillCode: string; level: number }>,
  field: string,
  count: { min: number; max: number },
): Array<{ skillCode: string; level: number }> {
  if (skills.length < count.min || skills.length > count.max) throw badInput(`${field} must list ${count.min} to ${count.max} skills`, field);
  const seen = new Set<string>();
  return skills
    .map(({ skillCode, level }, i) => {
      const at = `${field}[${i}]`;
      const skill = skillByCode(skillCode);
      if (!skill) {
        throw badInput(
          `${at}.skillCode: "${skillCode}" is not a code of the Skill reference (e.g. "ECF.B.3", "ECSF.PENETRATION_TESTER", "DIGCOMP.5.1")`,
          `${at}.skillCode`,
        );
      }
      if (seen.has(skill.code)) throw badInput(`${at}.skillCode: "${skillCode}" is listed twice`, `${at}.skillCode`);
      seen.add(skill.code);
      requireInt(level, `${at}.level`, LEVEL_RANGE[skill.framework]);
      return { skillCode: skill.code, level };
    })
    .sort((a, b) => (a.skillCode < b.skillCode ? -1 : a.skillCode > b.skillCode ? 1 : 0));
}
