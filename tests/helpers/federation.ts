// Boots the whole federation for a test file: five subgraphs on port 0, each on its own clone of
// the seeded template database, and the gateway in front of them.
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { startGateway, type RunningGateway } from '@snn/gateway';
import { openDatabase, startSubgraph, type RunningSubgraph, type SubgraphName } from '@snn/platform';
import { createTestDatabase, postGraphQL, testAuthConfig, testDatabaseKind, type GraphQLResponse, type TestDatabase } from '@snn/platform/testing';
import { DEFINITIONS } from './subgraphs';

export interface Federation {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** POST a query to the gateway (or to `url`) and return the parsed body. */
  /** POST a query to the gateway (or to `url`) with a token holding every scope, unless `authorization` is given. */
  query<T = any>(query: string, variables?: Record<string, unknown>, url?: string, authorization?: string): Promise<GraphQLResponse<T>>;
  /** SQL statements run by each subgraph since the last call. */
  statementsSince(): () => Record<SubgraphName, number>;
  stop(): Promise<void>;
}

/**
 * A counter's value on a service's /metrics: the line whose series matches `series` (a regular
 * expression); 0 while there is none (a labelled counter appears at its first increment).
 */
export async function metricValue(graphqlUrl: string, series: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  return Number(new RegExp(`^${series} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

/** The NATS server of the machine; a federation booted with events uses a namespace of its own on it. */
export const NATS_URL = 'nats://127.0.0.1:4222';

export async function bootFederation(options: { events?: { url?: string; namespace: string } } = {}): Promise<Federation> {
  const templates = inject('templates');
  const auth = await testAuthConfig();
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const testDbs: TestDatabase[] = [];
  for (const def of DEFINITIONS) {
    const template = templates[def.name] as string;
    let database;
    if (testDatabaseKind() === 'pglite') {
      database = await openDatabase({ kind: 'pglite', loadDataDir: new Blob([readFileSync(template)]) });
    } else {
      const testDb = await createTestDatabase(def.name, template);
      testDbs.push(testDb);
      database = await openDatabase(testDb.options);
    }
    subgraphs[def.name] = await startSubgraph(def, {
      database,
      port: 0,
      seed: false,
      auth,
      events: options.events ? { url: options.events.url ?? NATS_URL, namespace: options.events.namespace } : false,
    });
  }
  const gateway = await startGateway({
    port: 0,
    auth,
    subgraphUrls: Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.url])),
  });

  const query = async <T>(q: string, variables: Record<string, unknown> = {}, url = gateway.url, authorization?: string) =>
    (await postGraphQL<T>(url, q, variables, authorization)).body;

  return {
    gateway,
    subgraphs,
    query,
    statementsSince: () => {
      const before = Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.database.stats.statements]));
      return () =>
        Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.database.stats.statements - (before[s.name] as number)])) as Record<
          SubgraphName,
          number
        >;
    },
    stop: async () => {
      await gateway.stop();
      for (const s of Object.values(subgraphs)) {
        await s.stop();
        await s.database.close();
      }
      for (const t of testDbs) await t.drop();
    },
  };
}
