// @snn/platform/demo: the deterministic demo universe every subgraph seeds its share of.
export { Universe, REFERENCE_DATE, HOST_NAF_CODES, departmentByPopulation, randomTrack } from './universe';
export type { CitizenFacts, CohortFacts, CreditFacts, OrganisationFacts, UniversityFacts, ModuleFacts, EducationLevel, EnrollmentStatus } from './universe';
export { Rng, WeightedTable, demoUuid, addDays, addMonths } from './random';
