// `pnpm bench:timing [--requests 400] [--rounds 3]`: where a roster's time goes at one connection,
// through our gateway and sent directly to the subgraphs, timed rather than profiled. Starts the
// five subgraphs and ours on the `pnpm bench` databases with bench/timing-preload.mjs, which stamps
// every request served and every subgraph call on one clock; sends rosters one at a time, in rounds
// alternating with the direct replay of bench/direct.ts; then matches each roster with its gateway
// request, its calls and the subgraphs' requests, and prints the median of each segment.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT_DIR, SUBGRAPHS } from '@snn/platform';
import { exited, runTs, SERVICE_NODE_FLAGS, waitForHttp } from '../scripts/processes';
import { combineDirect, levelsBy, post, recordSubgraphFetches, replayDirect, type DirectResult } from './direct';
import { supergraphForBench } from './gateways/supergraph';
import { roster } from './scenarios';
import { assertPortsFree, benchEnv, benchIssuer, DEFAULT_BENCH_POSTGRES, seededBenchCitizens, startSubgraphs, subgraphPort, subgraphUrl } from './services';
import { median } from './stats';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '400' }, rounds: { type: 'string', default: '3' } } });
const requests = Number(values.requests);
const rounds = Number(values.rounds);
const GATEWAY_PORT = 4100;

interface Serve {
  kind: 'serve';
  received: number;
  read: number;
  answered: number;
}
interface Call {
  kind: 'call';
  origin: string;
  created: number;
  sent: number;
  read: number;
}
type Stamp = Serve | Call;

// The databases `pnpm bench` seeds; this tool does not seed.
for (const name of SUBGRAPHS) {
  if ((await seededBenchCitizens(DEFAULT_BENCH_POSTGRES, name)) === null)
    throw new Error(`no seeded bench database for ${name}: run \`pnpm bench\` once first`);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'snn-timing-'));
const issuer = await benchIssuer();
const env = { ...benchEnv(DEFAULT_BENCH_POSTGRES, issuer), LOG_LEVEL: 'error', GATEWAY_PORT: String(GATEWAY_PORT), SNN_TIMING_DIR: dir };
Object.assign(process.env, env);
await assertPortsFree([GATEWAY_PORT, ...SUBGRAPHS.map(subgraphPort)]);
const flags = [...SERVICE_NODE_FLAGS, '--import', path.join(ROOT_DIR, 'bench', 'timing-preload.mjs')];
const processes = new Map<string, ChildProcess>();
const clock = () => Number(process.hrtime.bigint() / 1000n);
const sent: Array<{ sent: number; received: number }> = [];
const directs: DirectResult[] = [];
let recorded: Awaited<ReturnType<typeof recordSubgraphFetches>> = [];
try {
  await startSubgraphs(env, () => flags, processes);
  const gateway = runTs('ours', path.join(ROOT_DIR, 'gateway', 'src', 'index.ts'), [], { ...env, SNN_TIMING_NAME: 'gateway' }, flags);
  processes.set('ours', gateway);
  await waitForHttp(`http://127.0.0.1:${GATEWAY_PORT}/health/ready`, gateway, 60_000);
  const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
  const pool = await roster.pool({
    query: async (query, variables, authorization) =>
      (JSON.parse(await post(gatewayUrl, JSON.stringify({ query, variables }), authorization)) as { data: never }).data,
    token: (claims) => issuer.sign(claims, { ttl: '2h' }),
  });
  recorded = await recordSubgraphFetches(supergraphForBench(), Object.fromEntries(SUBGRAPHS.map((n) => [n, subgraphUrl(n)])), roster.query, pool.slice(0, 100));
  // Round 0 warms both paths up and is not counted.
  for (let round = 0; round <= rounds; round++) {
    for (let i = 0; i < requests; i++) {
      const { variables, authorization } = pool[i % pool.length]!;
      const t0 = clock();
      await post(gatewayUrl, JSON.stringify({ query: roster.query, variables }), authorization);
      const t1 = clock();
      if (round > 0) sent.push({ sent: t0, received: t1 });
    }
    const direct = await replayDirect(recorded, 4);
    if (round > 0) directs.push(direct);
  }
} finally {
  for (const child of processes.values()) child.kill('SIGTERM');
  await Promise.all([...processes.values()].map(exited));
}

// ---- matching: each roster with its gateway request, the calls it made and the subgraphs' requests
const stamps = new Map<string, Stamp[]>();
for (const file of readdirSync(dir)) {
  stamps.set(
    path.basename(file, '.jsonl'),
    readFileSync(path.join(dir, file), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Stamp),
  );
}
rmSync(dir, { recursive: true });
const byPort = new Map(SUBGRAPHS.map((n) => [String(subgraphPort(n)), n]));
const gatewayServes = (stamps.get('gateway') ?? []).filter((s): s is Serve => s.kind === 'serve').sort((a, b) => a.received - b.received);
const calls = (stamps.get('gateway') ?? []).filter((s): s is Call => s.kind === 'call').sort((a, b) => a.created - b.created);
const served = new Map(
  [...byPort].map(([port, name]) => [name, (stamps.get(port) ?? []).filter((s): s is Serve => s.kind === 'serve').sort((a, b) => a.received - b.received)]),
);
const within = <T>(list: T[], at: (t: T) => number, from: number, to: number) => list.filter((t) => at(t) >= from && at(t) <= to);

const segments = new Map<string, number[]>();
const perCall = new Map<string, number[]>();
const add = (name: string, us: number, into = segments) => into.get(name)?.push(us / 1000) ?? into.set(name, [us / 1000]);
for (const r of sent) {
  const serve = within(gatewayServes, (s) => s.received, r.sent, r.received)[0];
  if (!serve) continue;
  const levels = levelsBy(
    within(calls, (c) => c.created, serve.received, serve.answered),
    (c) => c.created,
    (c) => c.read,
  );
  add('caller → gateway (request received)', serve.received - r.sent);
  add('gateway: request read', serve.read - serve.received);
  let previous = serve.read;
  levels.forEach((level, l) => {
    const subgraphServes = level.map((c) => {
      const name = byPort.get(new URL(c.origin).port)!;
      return within(served.get(name)!, (s) => s.received, c.created, c.read)[0]!;
    });
    const read = Math.max(...level.map((c) => c.read));
    add(`gateway: before level ${l + 1} (calls created)`, level[0]!.created - previous);
    add(`level ${l + 1}: first call created → last answer read`, read - level[0]!.created);
    add(`level ${l + 1}:   of which the slowest subgraph serving`, Math.max(...subgraphServes.map((s) => s.answered - s.received)));
    add(`level ${l + 1}:   call sent → subgraph received (slowest)`, Math.max(...level.map((c, i) => subgraphServes[i]!.received - c.sent)));
    add(`level ${l + 1}:   subgraph answered → gateway read (slowest)`, Math.max(...level.map((c, i) => c.read - subgraphServes[i]!.answered)));
    // Each call of the level, by subgraph: when it was sent after the level's first was created,
    // and how long it then waited to be received (a subgraph waiting for a core).
    level.forEach((c, i) => {
      const name = byPort.get(new URL(c.origin).port)!;
      add(`level ${l + 1}: ${name} sent after the level began`, c.sent - level[0]!.created, perCall);
      add(`level ${l + 1}: ${name} sent → received`, subgraphServes[i]!.received - c.sent, perCall);
    });
    previous = read;
  });
  add('gateway: last answer read → response written', serve.answered - previous);
  add('gateway → caller (response received)', r.received - serve.answered);
  add('total', r.received - r.sent);
}
// Each subgraph's own time per request, while serving ours and while serving the direct replay.
const insideRoster = (t: number) => {
  let lo = 0;
  let hi = sent.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sent[mid]!.received < t) lo = mid + 1;
    else if (sent[mid]!.sent > t) hi = mid - 1;
    else return true;
  }
  return false;
};
const serving = [...served]
  .filter(([, list]) => list.length > 0)
  .map(([name, list]) => {
    const ms = (inside: boolean) => list.filter((s) => insideRoster(s.received) === inside).map((s) => (s.answered - s.received) / 1000);
    return { name, ours: ms(true), direct: ms(false) };
  });
const direct = combineDirect(recorded, directs);
console.log(`\nroster at one connection, ${sent.length} requests through ours in ${rounds} rounds alternating with the direct replay; medians, ms`);
for (const [name, ms] of segments) console.log(`  ${name.padEnd(58)} ${median(ms).toFixed(3).padStart(7)}`);
console.log('\neach call through ours, by level and subgraph; medians, ms');
for (const [name, ms] of [...perCall].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${name.padEnd(58)} ${median(ms).toFixed(3).padStart(7)}`);
console.log(`\nsent directly to the subgraphs (${direct.latencies.paths.length} requests)`);
direct.latencies.byLevel.forEach((ms, l) =>
  console.log(`  ${`level ${l + 1}: calls sent → last answer received`.padEnd(58)} ${median(ms).toFixed(3).padStart(7)}`),
);
console.log(`  ${'total (critical path)'.padEnd(58)} ${direct.p50.toFixed(3).padStart(7)}`);
console.log('\neach subgraph serving a request (received → answered), for ours / for the direct replay');
for (const { name, ours, direct: d } of serving) console.log(`  ${name.padEnd(58)} ${median(ours).toFixed(3).padStart(7)} / ${median(d).toFixed(3)}`);
console.log(`\nratio of the medians: ×${(median(segments.get('total') ?? [NaN]) / direct.p50).toFixed(2)}`);
process.exit(0);
