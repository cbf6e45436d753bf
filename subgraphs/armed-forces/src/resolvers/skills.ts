import { skillByCode } from '@snn/platform';

/**
 * A skill as this subgraph answers it: its code, and the name it @provides from the shared
 * reference (the same one education's catalogue is seeded from). An unknown code has no name and
 * the non-null field errors, as education would for a skill it does not hold.
 */
export const skillOf = (code: string) => ({ code, name: skillByCode(code)?.name });
