// The statement-count guard of `pnpm bench`: each scenario's operation, as the bench sends it, runs
// a fixed number of SQL statements in each subgraph, whatever the variables (a big cohort or a
// small one) and whatever the page size. Counts, not timings: timings live in `pnpm bench`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubgraphName } from '@snn/platform';
import { testIssuer } from '@snn/platform/testing';
import { countersOf } from '../bench/measure';
import { SCENARIOS, type BenchRequest, type PoolContext, type Scenario } from '../bench/scenarios';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
let ctx: PoolContext;
beforeAll(async () => {
  fed = await bootFederation();
  const issuer = await testIssuer();
  ctx = {
    async query(query, variables, authorization) {
      const res = await fed.query(query, variables, undefined, authorization);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data;
    },
    token: (claims) => issuer.sign(claims),
  };
});
afterAll(async () => {
  await fed?.stop();
});

/**
 * The most statements per subgraph each scenario runs (when every relation it walks has rows; an
 * empty relation skips its loader, so a request may run fewer). A change here is a change in cost.
 */
const EXPECTED: Record<string, Partial<Record<SubgraphName, number>>> = {
  // Skill names come with the reservist (armed forces @provides them): none asked of education;
  // a reservist comes with its skills in one statement.
  // Placements come with their offers and organisations, credits with their modules and universities.
  roster: { education: 2, 'armed-forces': 1, economy: 1, universities: 1 },
  indicators: { solidarity: 3, economy: 2, universities: 2 },
  company: { economy: 3, solidarity: 1 },
  // armed forces: the search, its count, skills, then the audit row of the personal field citizen.
  reserve: { 'armed-forces': 6, education: 3 },
};

async function run(scenario: Scenario, request: BenchRequest, query = scenario.query) {
  const done = fed.statementsSince();
  const res = await fed.query(query, request.variables, undefined, request.authorization);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const statements = Object.fromEntries(Object.entries(done()).filter(([, n]) => n > 0));
  return { statements, size: JSON.stringify(res.data).length };
}

function expectAtMost(statements: Record<string, number>, limit: Partial<Record<SubgraphName, number>>) {
  for (const [subgraph, n] of Object.entries(statements)) {
    expect(n, `${subgraph} ran ${n} statements`).toBeLessThanOrEqual(limit[subgraph as SubgraphName] ?? 0);
  }
}

describe.each(SCENARIOS.filter((s) => !s.write))('bench scenario $name', (scenario) => {
  it('runs a fixed number of statements per subgraph, whatever the request of its pool and the page size', async () => {
    const expected = EXPECTED[scenario.name]!;
    const pool = await scenario.pool(ctx);
    expect(pool.length).toBeGreaterThan(1);
    const runs = [];
    for (const request of pool.slice(0, 8)) runs.push(await run(scenario, request));
    const sizes = runs.map((r) => r.size);
    expect(Math.max(...sizes), 'the sample holds answers of different sizes').toBeGreaterThan(Math.min(...sizes));
    for (const r of runs) expectAtMost(r.statements, expected);
    const largest = sizes.indexOf(Math.max(...sizes));
    expect(runs[largest]!.statements).toEqual(expected);
    // The largest answer with pages of 200 instead of 50/20: more rows, the same statements.
    const big = await run(scenario, pool[largest]!, scenario.query.replace(/first: (20|50)\b/g, 'first: 200'));
    expect(big.statements).toEqual(expected);
  });
});

describe('GET /metrics', () => {
  it("counts a subgraph's SQL statements and answered requests, and never shows a caller or a token", async () => {
    const education = fed.subgraphs.education;
    const metricsUrl = education.url.replace(/\/graphql$/, '/metrics');
    const scrape = async () => {
      const res = await fetch(metricsUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      return res.text();
    };
    const counter = (text: string, re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    const statements = /^snn_sql_statements_total\{service="education"\} (\d+)$/m;
    const answered = /^snn_http_requests_total\{route="graphql",status="200",service="education"\} (\d+)$/m;
    const before = await scrape();
    const authorization = `Bearer ${await ctx.token({ sub: 'metrics-test', scope: 'cohort:read' })}`;
    const res = await fed.query('{ cohorts(first: 3) { nodes { name } } }', {}, education.url, authorization);
    expect(res.errors).toBeUndefined();
    const after = await scrape();
    expect(counter(after, statements) - counter(before, statements)).toBeGreaterThan(0);
    expect(counter(after, answered) - (counter(before, answered) || 0)).toBe(1);
    expect(after).toContain('process_cpu_seconds_total');
    expect(after).not.toContain(authorization.slice(7, 40));
    expect(after).not.toContain('metrics-test');
    // What `pnpm bench` reads of it: the same statement count, and garbage collection by pause length.
    expect(countersOf(after).statements).toBe(counter(after, statements));
  });

  it('shows garbage collection pauses with a 25 ms bound, which `pnpm bench` counts the pauses above', async () => {
    // Garbage enough for young-generation collections, whatever ran before.
    let kept = 0;
    for (let i = 0; i < 200; i++) kept += new Array(50_000).fill(i).length;
    expect(kept).toBe(10_000_000);
    await new Promise((r) => setTimeout(r, 50)); // GC entries reach their observer asynchronously
    const text = await (await fetch(fed.subgraphs.education.url.replace(/\/graphql$/, '/metrics'))).text();
    const sample = (re: RegExp) => [...text.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
    const collections = sample(/^nodejs_gc_duration_seconds_count\{[^}]*\} (\d+)$/gm);
    const within25ms = sample(/^nodejs_gc_duration_seconds_bucket\{le="0\.025",[^}]*\} (\d+)$/gm);
    expect(collections).toBeGreaterThan(0);
    expect(within25ms).toBeGreaterThan(0);
    const counters = countersOf(text);
    expect(counters.longGcPauses).toBe(collections - within25ms);
    expect(counters.gcSeconds).toBeGreaterThan(0);
  });
});
