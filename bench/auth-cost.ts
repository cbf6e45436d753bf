// `pnpm bench:auth`: what authorization costs per request, measured side by side in one run.
// The same five subgraphs' databases (embedded, seeded once) are served twice in this process:
// A with tokens verified, scopes enforced at the gateway and in the subgraphs, tenant rules and the
// audit log; B with none of it (NO_AUTH_FOR_BENCHMARK). A ministry roster query is sent to both in
// alternating rounds with fixed concurrency and varied cohorts; the table gives A ÷ B.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import armedForces from '@snn/armed-forces';
import economy from '@snn/economy';
import education from '@snn/education';
import { startGateway, type RunningGateway } from '@snn/gateway';
import solidarity from '@snn/solidarity';
import universities from '@snn/universities';
import {
  devAuthConfig,
  devIssuer,
  NO_AUTH_FOR_BENCHMARK,
  openDatabase,
  prepareDatabase,
  presetClaims,
  ROOT_DIR,
  startSubgraph,
  type AuthSetting,
  type Database,
  type SubgraphDefinition,
} from '@snn/platform';
import { loadResult } from './stats';

const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '2' },
  },
});
const DEFINITIONS = [education, armedForces, economy, universities, solidarity] as unknown as SubgraphDefinition<never>[];

const ROSTER = (withPii: boolean) => `query Roster($id: ID!) { cohort(id: $id) { name enrollments(first: 50) { nodes { status citizen {
  id ${withPii ? 'birthDate department { name }' : ''}
  placements { status offer { title organisation { name } } }
  credits { ectsCredits grade module { title university { name } } }
} } } } }`;

async function bootFederation(databases: Database[], auth: AuthSetting): Promise<RunningGateway> {
  const urls: Record<string, string> = {};
  for (const [i, def] of DEFINITIONS.entries()) urls[def.name] = (await startSubgraph(def, { database: databases[i], port: 0, seed: false, auth })).url;
  return startGateway({ port: 0, subgraphUrls: urls, auth });
}

interface Round {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

async function load(url: string, token: string, query: string, cohorts: string[], seconds: number, connections: number): Promise<Round> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const id = cohorts[next++ % cohorts.length];
        const t0 = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: token },
          body: JSON.stringify({ query, variables: { id } }),
        });
        const body = (await res.json()) as { errors?: unknown[] };
        latencies.push(performance.now() - t0);
        if (!res.ok || body.errors) errors++;
      }
    }),
  );
  return { requests: latencies.length, errors, seconds: (performance.now() - started) / 1000, latencies };
}

function summary(rounds: Round[]) {
  const { rps, p50, p95, p99, requests, errors } = loadResult(
    rounds.flatMap((r) => r.latencies),
    rounds.reduce((s, r) => s + r.errors, 0),
    rounds.reduce((s, r) => s + r.seconds, 0),
  );
  return { rps, p50, p95, p99, requests, errors };
}

const citizens = Number(values.citizens);
console.log(`seeding ${citizens} citizens into five embedded databases…`);
const databases: Database[] = [];
for (const def of DEFINITIONS) {
  const database = await openDatabase({ kind: 'pglite' });
  await prepareDatabase(def, { database, seed: { citizens, seed: 20260901 } });
  databases.push(database);
}
const issuer = await devIssuer(mkdtempSync(path.join(os.tmpdir(), 'snn-bench-issuer-')));
const withAuth = await bootFederation(databases, devAuthConfig(issuer.jwksPath));
const withoutAuth = await bootFederation(databases, NO_AUTH_FOR_BENCHMARK);
const token = `Bearer ${await issuer.sign(presetClaims('education'), { ttl: '1h' })}`;

const list = await fetch(withAuth.url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: token },
  body: JSON.stringify({ query: '{ cohorts(first: 200, filter: { startsOnOrBefore: "2025-12-31" }) { nodes { id } } }' }),
});
const cohorts = ((await list.json()) as { data: { cohorts: { nodes: Array<{ id: string }> } } }).data.cohorts.nodes.map((n) => n.id);

const seconds = Number(values.seconds);
const connections = Number(values.connections);
const results: Record<string, ReturnType<typeof summary>> = {};
for (const withPii of [false, true]) {
  const query = ROSTER(withPii);
  for (const gw of [withAuth, withoutAuth]) await load(gw.url, token, query, cohorts, 2, connections); // warm-up
  const a: Round[] = [];
  const b: Round[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    a.push(await load(withAuth.url, token, query, cohorts, seconds, connections));
    b.push(await load(withoutAuth.url, token, query, cohorts, seconds, connections));
  }
  const label = withPii ? 'roster with personal fields (audited)' : 'roster without personal fields';
  results[`${label} / with authorization`] = summary(a);
  results[`${label} / without`] = summary(b);
}

console.log(`\n${connections} connections, ${Number(values.rounds)} alternating rounds of ${seconds} s, ${citizens} citizens, in one process\n`);
console.log('scenario'.padEnd(62), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7));
for (const [name, r] of Object.entries(results)) {
  console.log(
    name.padEnd(62),
    r.rps.toFixed(0).padStart(8),
    r.p50.toFixed(1).padStart(8),
    r.p95.toFixed(1).padStart(8),
    r.p99.toFixed(1).padStart(8),
    String(r.errors).padStart(7),
  );
}
const ratios = Object.fromEntries(
  ['roster without personal fields', 'roster with personal fields (audited)'].map((label) => {
    const a = results[`${label} / with authorization`]!;
    const b = results[`${label} / without`]!;
    return [label, { p50: a.p50 / b.p50, throughput: a.rps / b.rps }];
  }),
);
console.log('\nwith ÷ without authorization:');
for (const [label, r] of Object.entries(ratios)) console.log(`  ${label}: p50 × ${r.p50.toFixed(2)}, throughput × ${r.throughput.toFixed(2)}`);
const file = path.join(ROOT_DIR, 'bench', 'results', `auth-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ citizens, seconds, connections, rounds: Number(values.rounds), results, ratios }, null, 2));
console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
process.exit(0);
