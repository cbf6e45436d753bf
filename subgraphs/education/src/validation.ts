// Input checks of the education subgraph: a caller's filters become the data layer's, with
// BAD_USER_INPUT errors naming the field (platform checks territories, UUIDs and dates).
import { departmentCodesOf, isoDate, regionCodeOf, requireTerritory } from '@snn/platform';
import type { CitizenFilter, CitizenRow } from './data/citizens';
import type { CohortFilter, CohortRow } from './data/cohorts';

export interface CohortFilterInput {
  territory?: string | null;
  track?: CohortRow['track'] | null;
  phase?: CohortRow['phase'] | null;
  startsOnOrAfter?: Date | string | null;
  startsOnOrBefore?: Date | string | null;
}
export interface CitizenFilterInput {
  territory?: string | null;
  educationLevel?: CitizenRow['educationLevel'] | null;
  graduate?: boolean | null;
}

/** Cohorts are regional: a département filter means the cohorts of its region. */
export function regionCodesOf(territory: string | null | undefined): string[] | undefined {
  if (territory == null) return undefined;
  return [regionCodeOf(requireTerritory(territory))];
}

export function cohortFilterOf(f: CohortFilterInput): CohortFilter {
  return {
    regionCodes: regionCodesOf(f.territory),
    track: f.track ?? undefined,
    phase: f.phase ?? undefined,
    startsOnOrAfter: isoDate(f.startsOnOrAfter),
    startsOnOrBefore: isoDate(f.startsOnOrBefore),
  };
}

export function citizenFilterOf(f: CitizenFilterInput): CitizenFilter {
  return {
    departmentCodes: f.territory != null ? departmentCodesOf(requireTerritory(f.territory)) : undefined,
    educationLevel: f.educationLevel ?? undefined,
    graduate: f.graduate ?? undefined,
  };
}
