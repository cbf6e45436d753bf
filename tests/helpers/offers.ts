// Internship offers the tests post: the test universe's companies, and a valid offer for one of them.
import { addDays, luhnComplete, todayInFrance } from '@snn/platform';
import { Universe, type OrganisationFacts } from '@snn/platform/demo';
import { MIN_MONTHLY_GRATIFICATION_CENTS } from '@snn/economy/data/gratification';
import { TEST_UNIVERSE } from './subgraphs';

const universe = new Universe(TEST_UNIVERSE.seed, TEST_UNIVERSE.citizens);
export const COMPANIES = Array.from({ length: universe.organisationCount }, (_, i) => universe.organisation(i)).filter((o) => o.kind === 'COMPANY');

let counter = 0;
/** A PostInternshipOfferInput the economy subgraph accepts, its partner reference new at each call. */
export function offerOf(org: OrganisationFacts, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const today = todayInFrance();
  return {
    organisationId: org.siren,
    hostSiret: luhnComplete(`${org.siren}0042`),
    partnerReference: `FED-${++counter}`,
    // Its own title: the same host, title, start and place as an open offer would be a duplicate.
    title: `Développeur·se Python – outils internes (FED-${counter})`,
    description: 'Développer et tester les outils internes de l’équipe.',
    track: 'PROGRAMMING',
    requiredSkills: [
      { skillCode: 'ECF.B.1', level: 2 },
      { skillCode: 'DIGCOMP.5.1', level: 4 },
    ],
    location: '35',
    remotePolicy: 'ON_SITE',
    startDate: addDays(today, 90),
    durationMonths: 4,
    seats: 1,
    monthlyStipendCents: MIN_MONTHLY_GRATIFICATION_CENTS,
    expiresOn: addDays(today, 45),
    howToApply: 'Par le portail de l’entreprise.',
    tutorRole: 'Lead développeur·se',
    clearance: 'NONE',
    ...overrides,
  };
}
