// `pnpm bench:shaping`: the gateway's last step alone, in one process. Shapes a roster answer of
// 50 citizens (made up, of the bench operation's shape: 3 skills, 2 placements, 3 credits each)
// with our compiled computeResponse and with @apollo/gateway's own, in alternating rounds, and
// prints µs per answer of each.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';
import { SUPERGRAPH_PATH } from '@snn/gateway';
import { apolloComputeResponse, computeResponse, type ComputeResponseArgs } from '@snn/gateway/testing';
import { roster } from './scenarios';

const gatewayRequire = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
// federation-internals as @apollo/gateway loads it (a dependency of the gateway's, not of the bench's).
const fi = gatewayRequire('@apollo/federation-internals') as {
  Supergraph: { build(sdl: string): { apiSchema(): unknown } };
  operationFromDocument(schema: unknown, document: DocumentNode, options: { validate: boolean }): ComputeResponseArgs['operation'];
};
const apiSchema = fi.Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema();
const operation = fi.operationFromDocument(apiSchema, parse(roster.query), { validate: false });

const times = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
const citizen = (i: number) => ({
  __typename: 'Citizen',
  id: `c-${i}`,
  reservist: {
    __typename: 'Reservist',
    kind: 'CITIZEN',
    engagement: 'ACTIVE',
    skills: times(3, (k) => ({ level: 1 + k, skill: { __typename: 'Skill', code: `SK${k}`, name: `Compétence ${k}` } })),
  },
  placements: times(2, (k) => ({
    status: 'ACTIVE',
    startDate: '2026-09-01',
    offer: { __typename: 'InternshipOffer', title: `Stage ${i}-${k}`, organisation: { __typename: 'Organisation', name: `Entreprise ${k}` } },
  })),
  credits: times(3, (k) => ({
    ectsCredits: 6,
    grade: 14.5,
    module: { __typename: 'Module', title: `Module ${k}`, university: { __typename: 'University', name: `Université ${k}` } },
  })),
});
const input = {
  cohort: {
    __typename: 'Cohort',
    name: 'Cohorte',
    track: 'CYBERSECURITY',
    enrollments: { nodes: times(50, (i) => ({ status: 'ENROLLED', citizen: citizen(i) })) },
  },
};
const args: ComputeResponseArgs = { operation, variables: { id: 'x' }, input, introspectionHandling: () => null };
if (JSON.stringify(computeResponse(args)) !== JSON.stringify(apolloComputeResponse(args))) throw new Error('the two shapers disagree');

const ROUNDS = 5;
const N = 2000;
const results: Record<string, number[]> = { ours: [], apollo: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, shape] of [
    ['ours', computeResponse],
    ['apollo', apolloComputeResponse],
  ] as const) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) shape(args);
    results[name]!.push(((performance.now() - t0) * 1000) / N);
  }
}
// The first round warms the JIT up and is left out.
const best = (xs: number[]) => Math.min(...xs.slice(1));
console.log(
  `shaping one roster answer (50 citizens), best of ${ROUNDS - 1} rounds of ${N}: ours ${best(results.ours!).toFixed(1)} µs, Apollo's ${best(results.apollo!).toFixed(1)} µs (×${(best(results.ours!) / best(results.apollo!)).toFixed(2)})`,
);
