// `pnpm bench:ab <subgraph|gateway> <A> <B>`: one subgraph (or our gateway) started twice on the
// `pnpm bench` databases, once with each set of environment variables (A and B:
// `NAME=value,NAME=value`), and driven in alternating rounds: a subgraph with the roster's entity
// fetch for it (bench/ab/<subgraph>.graphql, 50 citizens of a different cohort per request), the
// gateway with the roster itself (over one set of the five subgraphs). Prints CPU per request of
// each, from /proc, and their ratio: a change measured side by side, whatever the neighbours do.
// Example: pnpm bench:ab universities SNN_EXECUTOR=compiled SNN_EXECUTOR=graphql-js
// `NODE_FLAGS=--a --b` in a set adds Node flags after the services' usual ones (so they win), e.g.
// NODE_FLAGS=--max-semi-space-size=1. With --latency, A and B are then also sent the same
// requests one at a time, alternating request by request: each one's p50 at one connection.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { envPrefix, ROOT_DIR, SUBGRAPHS, type SubgraphName } from '@snn/platform';
import { runTs, SERVICE_NODE_FLAGS, waitForHttp } from '../scripts/processes';
import { treeCpuSeconds } from './procstat';
import { post } from './direct';
import { MINISTRY, roster } from './scenarios';
import { median } from './stats';
import { assertPortsFree, benchDatabaseUrl, benchEnv, benchIssuer, DEFAULT_BENCH_POSTGRES, startSubgraphs, subgraphPort } from './services';

const latency = process.argv.includes('--latency');
const [target, envA = '', envB = ''] = process.argv.slice(2).filter((a) => a !== '--latency') as [SubgraphName | 'gateway', string?, string?];
if (target !== 'gateway' && !SUBGRAPHS.includes(target)) throw new Error(`usage: pnpm bench:ab <${SUBGRAPHS.join('|')}|gateway> A_ENV B_ENV [--latency]`);
const onGateway = target === 'gateway';
const ROUNDS = 6;
const SECONDS = 4;

// Citizens of started cohorts, 50 per cohort, as the roster asks for them (run `pnpm bench` once first).
const sql = postgres(benchDatabaseUrl(DEFAULT_BENCH_POSTGRES, 'education'), { max: 1, onnotice: () => {} });
const cohorts = await sql<{ cohort: string; ids: string[] }[]>`select cohort_id as cohort, json_agg(citizen_id) as ids from (
  select e.cohort_id, e.citizen_id, row_number() over (partition by e.cohort_id order by e.citizen_id) as n
  from enrollments e join cohorts c on c.id = e.cohort_id where c.start_date <= '2026-06-30') x
  where n <= 50 group by cohort_id order by cohort_id limit 200`;
await sql.end();
if (cohorts.length === 0) throw new Error('no seeded bench databases: run `pnpm bench` first');

const issuer = await benchIssuer();
const authorization = `Bearer ${await issuer.sign(MINISTRY, { ttl: '2h' })}`;
const query = onGateway ? roster.query : readFileSync(path.join(ROOT_DIR, 'bench', 'ab', `${target}.graphql`), 'utf8');
const bodies = cohorts.map(({ cohort, ids }) =>
  JSON.stringify({ query, variables: onGateway ? { id: cohort } : { representations: ids.map((id) => ({ __typename: 'Citizen', id })) } }),
);

const envOf = (spec: string) =>
  Object.fromEntries(
    spec
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
const common = benchEnv(DEFAULT_BENCH_POSTGRES, issuer);
const entry = onGateway ? path.join(ROOT_DIR, 'gateway', 'src', 'index.ts') : path.join(ROOT_DIR, 'subgraphs', target, 'src', 'index.ts');
await assertPortsFree([4201, 4202, ...(onGateway ? SUBGRAPHS.map(subgraphPort) : [])]);
const variants = [
  { label: 'A', env: envOf(envA), port: 4201 },
  { label: 'B', env: envOf(envB), port: 4202 },
].map(({ env: { NODE_FLAGS: flags = '', ...env }, ...v }) => ({
  ...v,
  child: runTs(v.label, entry, [], { ...common, [onGateway ? 'GATEWAY_PORT' : `${envPrefix(target as SubgraphName)}_PORT`]: String(v.port), ...env }, [
    ...SERVICE_NODE_FLAGS,
    ...flags.split(' ').filter(Boolean),
  ]),
  cpuSeconds: 0,
  requests: 0,
}));
// For the gateway, one set of the five subgraphs behind both variants.
const backends = new Map<string, ChildProcess>();
try {
  if (onGateway) await startSubgraphs(common, () => SERVICE_NODE_FLAGS, backends);
  for (const v of variants) await waitForHttp(`http://127.0.0.1:${v.port}/health/ready`, v.child, 60_000);
  let next = 0;
  const drive = (port: number, seconds: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}/graphql`,
      connections: 8,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
    });
  // Compared before and after the warm-up: a first request and a warmed one may take different paths.
  const compareAnswers = async () => {
    const answers = await Promise.all(
      variants.map(async (v) =>
        (
          await fetch(`http://127.0.0.1:${v.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: bodies[0] })
        ).text(),
      ),
    );
    if (answers[0] !== answers[1]) console.warn('! A and B answer differently');
    for (const answer of answers) if (answer.includes('"errors"')) throw new Error(`the service answered errors: ${answer.slice(0, 300)}`);
  };
  await compareAnswers();
  for (const v of variants) await drive(v.port, 5); // warm-up: JIT and caches of every process
  await compareAnswers();
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      const before = treeCpuSeconds(v.child.pid!);
      const result = await drive(v.port, SECONDS);
      const used = treeCpuSeconds(v.child.pid!) - before;
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${v.label}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      v.cpuSeconds += used;
      v.requests += result.requests.total;
      console.log(
        `round ${round + 1} ${v.label}: ${(result.requests.total / SECONDS).toFixed(0)} req/s, ${((used * 1000) / result.requests.total).toFixed(3)} ms CPU/request`,
      );
    }
  }
  const [a, b] = variants.map((v) => (v.cpuSeconds * 1000) / v.requests) as [number, number];
  console.log(
    `\n${target}: A ${a.toFixed(3)} ms CPU/request (${envA || 'defaults'}), B ${b.toFixed(3)} ms (${envB || 'defaults'}); A ÷ B = ×${(a / b).toFixed(2)}`,
  );
  if (latency) {
    // Request by request, which of the two goes first alternating: both see the same machine.
    const ms: [number[], number[]] = [[], []];
    const until = performance.now() + ROUNDS * SECONDS * 1000;
    for (let i = 0; performance.now() < until; i++) {
      const order = i % 2 ? [1, 0] : [0, 1];
      for (const k of order) {
        const t0 = performance.now();
        await post(`http://127.0.0.1:${variants[k]!.port}/graphql`, bodies[i % bodies.length]!, authorization);
        ms[k]!.push(performance.now() - t0);
      }
    }
    const [pa, pb] = ms.map((list) => median(list)) as [number, number];
    console.log(
      `${target} at one connection, ${ms[0].length} requests each, alternating: p50 A ${pa.toFixed(3)} ms, B ${pb.toFixed(3)} ms; A ÷ B = ×${(pa / pb).toFixed(3)}`,
    );
  }
} finally {
  for (const child of [...variants.map((v) => v.child), ...backends.values()]) child.kill('SIGTERM');
}
