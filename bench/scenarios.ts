// The operations `pnpm bench` sends, each one a real caller's, with the pool of variables and
// tokens it cycles through (different cohorts, companies, skills per request: identical requests
// would flatter a gateway that deduplicates them).
import { presetClaims, type TokenClaims } from '@snn/platform';

export interface BenchRequest {
  variables: Record<string, unknown>;
  authorization: string;
}

export interface PoolContext {
  /** Runs a query through our gateway as the given caller; throws on errors. */
  query<T>(query: string, variables: Record<string, unknown>, authorization: string): Promise<T>;
  token(claims: TokenClaims): Promise<string>;
}

export interface Scenario {
  name: string;
  description: string;
  query: string;
  pool(ctx: PoolContext): Promise<BenchRequest[]>;
  /** A write: its answers are not compared across gateways and it is not replayed. */
  write?: boolean;
}

export const MINISTRY: TokenClaims = { sub: 'bench:snn-agency', scope: 'citizen:read cohort:read reserve:read placement:read credit:read' };
const ECONOMY: TokenClaims = { sub: 'bench:economy', scope: 'offer:read placement:read' };
const PARLIAMENT = presetClaims('parliament');
const RESERVE: TokenClaims = { sub: 'bench:comcyber', scope: 'reserve:read reserve:pii citizen:read cohort:read' };
const COMPANY = (org: string) => presetClaims('company', org);
const POOL_SIZE = 200;

async function bearer(ctx: PoolContext, claims: TokenClaims) {
  return `Bearer ${await ctx.token(claims)}`;
}

export const roster: Scenario = {
  name: 'roster',
  description: "ministry roster: a cohort's 50 citizens with reservist skills, placements, credits",
  query: `query Roster($id: ID!) { cohort(id: $id) { name track enrollments(first: 50) { nodes { status citizen { id
  reservist { kind engagement skills { level skill { code name } } }
  placements { status startDate offer { title organisation { name } } }
  credits { ectsCredits grade module { title university { name } } }
} } } } }`,
  async pool(ctx) {
    const authorization = await bearer(ctx, MINISTRY);
    const data = await ctx.query<{ cohorts: { nodes: Array<{ id: string }> } }>(
      `{ cohorts(first: ${POOL_SIZE}, filter: { startsOnOrBefore: "2026-06-30" }) { nodes { id } } }`,
      {},
      authorization,
    );
    return data.cohorts.nodes.map(({ id }) => ({ variables: { id }, authorization }));
  },
};

export const indicators: Scenario = {
  name: 'indicators',
  description: "Parliament: every region's indicators for a period, with offers and universities counts",
  query: `query RegionIndicators($period: String!) { territories(filter: { level: REGION }, first: 20) { nodes { code name population
  indicators(filter: { period: $period }, first: 50) { nodes { indicator { code name } breakdown value status } }
  internshipOffers(first: 1) { totalCount }
  universities(first: 1) { totalCount }
} } }`,
  async pool(ctx) {
    const authorization = await bearer(ctx, PARLIAMENT);
    const data = await ctx.query<{ indicators: { nodes: Array<{ period: string }> } }>(
      '{ indicators(first: 200, filter: { level: REGION }) { nodes { period } } }',
      {},
      authorization,
    );
    const periods = [...new Set(data.indicators.nodes.map((n) => n.period))];
    return periods.map((period) => ({ variables: { period }, authorization }));
  },
};

export const companyOffers: Scenario = {
  name: 'company',
  description: 'a company: its offers with their applications (each request another company)',
  query: `query CompanyOffers($org: ID!) { organisation(id: $org) { name offers(first: 20) { nodes { id title status seats location { name }
  applications(first: 50) { nodes { rank status submittedAt citizen { id } } }
} } } }`,
  async pool(ctx) {
    const economy = await bearer(ctx, ECONOMY);
    const data = await ctx.query<{ internshipOffers: { nodes: Array<{ organisation: { id: string } }> } }>(
      '{ internshipOffers(first: 200) { nodes { organisation { id } } } }',
      {},
      economy,
    );
    const orgs = [...new Set(data.internshipOffers.nodes.map((n) => n.organisation.id))].slice(0, POOL_SIZE);
    return Promise.all(orgs.map(async (org) => ({ variables: { org }, authorization: await bearer(ctx, COMPANY(org)) })));
  },
};

export const reserveSearch: Scenario = {
  name: 'reserve',
  description: 'reserve search: reservists with a skill at level 2+, their skills and cohorts',
  query: `query ReserveSearch($skill: ID!) { reservists(filter: { skill: $skill, minLevel: 2 }, first: 50) { totalCount nodes { id kind engagement
  skills { level skill { code name } }
  citizen { id enrollments { status cohort { name } } }
} } }`,
  async pool(ctx) {
    const authorization = await bearer(ctx, RESERVE);
    const data = await ctx.query<{ skills: Array<{ code: string }> }>('{ skills { code } }', {}, authorization);
    return data.skills.map(({ code }) => ({ variables: { skill: code }, authorization }));
  },
};

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const postOffer: Scenario = {
  name: 'post-offer',
  description: 'a write: a company posts an internship offer (new idempotency key per request)',
  write: true,
  query: `mutation PostOffer($input: PostInternshipOfferInput!, $key: ID!) { postInternshipOffer(input: $input, idempotencyKey: $key) {
  replayed offer { id status title location { name } }
} }`,
  async pool(ctx) {
    const economy = await bearer(ctx, ECONOMY);
    const data = await ctx.query<{
      organisations: { nodes: Array<{ id: string; siret: string; department: { code: string } }> };
      skills: Array<{ code: string; minLevel: number; tracks: string[] }>;
    }>(
      `{ organisations(first: ${POOL_SIZE}, filter: { kind: COMPANY }) { nodes { id siret department { code } } } skills(track: CYBERSECURITY) { code minLevel tracks } }`,
      {},
      economy,
    );
    const skills = data.skills.slice(0, 2).map((s) => ({ skillCode: s.code, level: s.minLevel }));
    return Promise.all(
      data.organisations.nodes.map(async (org) => ({
        authorization: await bearer(ctx, COMPANY(org.id)),
        variables: {
          // __SEQ__ is made unique per request by the load generator: every request is a new offer.
          key: 'bench-__SEQ__',
          input: {
            organisationId: org.id,
            hostSiret: org.siret,
            partnerReference: 'bench-__SEQ__',
            title: 'Analyste SOC junior',
            description: 'Surveillance, qualification et traitement des alertes de sécurité.',
            track: 'CYBERSECURITY',
            requiredSkills: skills,
            location: org.department.code,
            remotePolicy: 'HYBRID',
            startDate: inDays(60),
            durationMonths: 6,
            seats: 2,
            monthlyStipendCents: 80_000,
            expiresOn: inDays(30),
            howToApply: 'Candidature par la plateforme SNN.',
            tutorRole: 'Responsable SOC',
            clearance: 'NONE',
            publish: true,
          },
        },
      })),
    );
  },
};

/** Reads first; the write last, so the offers it adds do not change what the reads measured. */
export const SCENARIOS: Scenario[] = [roster, indicators, companyOffers, reserveSearch, postOffer];
