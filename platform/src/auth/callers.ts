// The caller presets of the design: who calls the federation and with which scopes.

export const CALLER_SCOPES = {
  education: 'citizen:read citizen:pii cohort:read cohort:write credit:read placement:read indicator:read',
  'armed-forces': 'reserve:read reserve:pii reserve:write reserve:mobilise citizen:read cohort:read indicator:read',
  solidarity: 'ubs:read ubs:write indicator:read indicator:write',
  economy: 'offer:read placement:read placement:write indicator:read',
  university: 'module:write credit:publish credit:read cohort:read',
  company: 'offer:write offer:read placement:read',
  parliament: 'indicator:read',
} as const;

export type CallerPreset = keyof typeof CALLER_SCOPES;
export const CALLERS = Object.keys(CALLER_SCOPES) as CallerPreset[];
/** Callers that act for one organisation and must name it (`org`: a UAI or a SIREN). */
export const ORG_CALLERS: ReadonlySet<CallerPreset> = new Set(['university', 'company']);
/** Every scope any preset holds. */
export const ALL_PRESET_SCOPES: readonly string[] = [...new Set(Object.values(CALLER_SCOPES).flatMap((s) => s.split(' ')))];
