// The one place that reads the environment. Every variable of every service is declared below with
// its default and meaning, validated by zod; a wrong value stops start-up with one message naming
// the variable and what it accepts. Bench and scripts set variables for their children; they read
// only their own (BENCH_*).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const SUBGRAPHS = ['education', 'armed-forces', 'economy', 'universities', 'solidarity'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];
export type ServiceName = SubgraphName | 'gateway';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 4000,
  education: 4001,
  'armed-forces': 4002,
  economy: 4003,
  universities: 4004,
  solidarity: 4005,
};

export const DEMO_DEFAULT_CITIZENS = 5000;
export const DEMO_DEFAULT_SEED = 20260901;

/** `armed-forces` → `ARMED_FORCES`: the prefix of that service's variables. */
export function envPrefix(name: ServiceName): string {
  return name.toUpperCase().replace(/-/g, '_');
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const accepts = max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  return z.string().regex(/^\d+$/, accepts).transform(Number).pipe(z.number().int().min(min, accepts).max(max, accepts));
};
const oneOf = <T extends string>(...values: [T, ...T[]]) => z.enum(values, `one of ${values.join(', ')}`);
const url = z.url('a URL');
const bool = z.enum(['true', 'false'], 'true or false').transform((v) => v === 'true');

/** What one operation may hold before it is refused, checked before planning (platform/src/limits.ts). */
export interface OperationLimits {
  /** Nesting of selections, fragments spread in place. */
  depth: number;
  aliases: number;
  directives: number;
  /** Lexical tokens of the document. */
  tokens: number;
  /** Fields it may resolve: each field 1, times the page size (`first`) or list size above it. */
  cost: number;
}
const LIMIT_NAMES = ['depth', 'aliases', 'directives', 'tokens', 'cost'] as const;
const regionList = z
  .string()
  .regex(/^R\d{2}(,R\d{2})*$/, 'a comma-separated list of INSEE region codes such as R53,R84')
  .transform((v) => v.split(','));

const limitsByKind = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
      z.strictObject(
        Object.fromEntries(LIMIT_NAMES.map((n) => [n, z.number().int().min(1).optional()])) as Record<(typeof LIMIT_NAMES)[number], z.ZodOptional<z.ZodNumber>>,
      ),
      'a JSON object of client kinds, each with some of depth, aliases, directives, tokens, cost (positive integers)',
    ),
  );

/** Gateway parts that are ours (`ours`) or @apollo/gateway's and Apollo Server's as shipped (`apollo`). */
export interface GatewayEngine {
  /** Merge one caller's concurrent entity fetches to a subgraph (docs/decisions/0002). */
  entityBatching: boolean;
  /** Shape results with the compiled computeResponse (0003). */
  resultShaping: 'compiled' | 'apollo';
  /** One federation Operation per query text (0004). */
  operationReuse: boolean;
  /** Serve operations seen before around Apollo Server's pipeline (0005). */
  preparedOperations: boolean;
  /** Run query plans with our executor (0006). */
  planExecution: 'ours' | 'apollo';
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Each entry: the variable, what it accepts, its default when unset or empty. Per-service variables
// (ports, database and subgraph URLs) are added for every service below.
const shape = {
  HOST: z.string().min(1).default('127.0.0.1'),
  SNN_DATA_DIR: z.string().min(1).optional(),
  SNN_SEED_DEMO: bool.default(true),
  SNN_CITIZENS: int(1).default(DEMO_DEFAULT_CITIZENS),
  SNN_SEED: int(0).default(DEMO_DEFAULT_SEED),
  LOG_LEVEL: oneOf(...LOG_LEVELS).optional(),
  SNN_JWKS_URL: url.optional(),
  SNN_JWKS_FILE: z.string().min(1).optional(),
  SNN_TOKEN_ISSUER: z.string().min(1).default('https://auth.snn.local/dev'),
  SNN_TOKEN_AUDIENCE: z.string().min(1).default('snn-federation'),
  SNN_SUBGRAPH_CONNECTIONS: int(1, 1024).default(16),
  SNN_SUBGRAPH_TIMEOUT_MS: int(1).default(30_000),
  SNN_GATEWAY_WORKERS: int(1, 256).default(1),
  SNN_GATEWAY_ENGINE: oneOf('ours', 'apollo').default('ours'),
  // Finer overrides of SNN_GATEWAY_ENGINE, one part each, for A/B runs (bench/README.md).
  SNN_ENTITY_BATCHING: oneOf('on', 'off').optional(),
  SNN_RESULT_SHAPING: oneOf('compiled', 'apollo').optional(),
  SNN_OPERATION_REUSE: oneOf('on', 'off').optional(),
  SNN_PREPARED_OPERATIONS: oneOf('on', 'off').optional(),
  SNN_PLAN_EXECUTION: oneOf('ours', 'apollo').optional(),
  SNN_EXECUTOR: oneOf('compiled', 'graphql-js').default('compiled'),
  SNN_LIMIT_DEPTH: int(1).default(15),
  SNN_LIMIT_ALIASES: int(1).default(30),
  SNN_LIMIT_DIRECTIVES: int(1).default(30),
  SNN_LIMIT_TOKENS: int(1).default(5000),
  SNN_LIMIT_COST: int(1).default(500_000),
  // Limits of one client kind (the token's client_kind claim) over the defaults above.
  SNN_LIMITS_BY_KIND: limitsByKind.optional(),
  // 4 MiB: a batch of 10,000 credit awards (publishCredits) is 1–1.5 MB of JSON.
  SNN_MAX_BODY_BYTES: int(1024).default(4 * 1024 * 1024),
  // Introspection for every caller (a development setting); else only with the schema:introspect scope.
  SNN_INTROSPECTION: bool.default(false),
  // The regions where the programme runs its pilot: the only ones a PILOT cohort may open in.
  SNN_PILOT_REGIONS: regionList.default(['R53']),
  // The event bus (NATS JetStream) every owner publishes its outbox to and consumes from.
  SNN_NATS_URL: z
    .string()
    .regex(/^nats:\/\/[^\s]+$/, 'a nats:// URL')
    .default('nats://127.0.0.1:4222'),
  SNN_EVENTS: bool.optional(),
  SNN_EVENTS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'lower-case letters, digits and dashes')
    .default('snn'),
  TEST_DATABASE_URL: url.optional(),
  VITEST: z.string().optional(),
};
const services = Object.fromEntries(
  (['gateway', ...SUBGRAPHS] as ServiceName[]).flatMap((name) => [
    [`${envPrefix(name)}_PORT`, int(0, 65535).default(DEFAULT_PORTS[name])],
    ...(name === 'gateway'
      ? []
      : [
          [`${envPrefix(name)}_DATABASE_URL`, url.optional()],
          [`${envPrefix(name)}_URL`, url.optional()],
        ]),
  ]),
) as Record<string, z.ZodType>;
const schema = z.object({ ...shape, ...services });
type Raw = z.infer<z.ZodObject<typeof shape>> & Record<string, unknown>;

/** A subgraph's database: its own PostgreSQL URL, or its own embedded PGlite directory. */
export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

export interface Config {
  host: string;
  dataDir: string;
  ports: Record<ServiceName, number>;
  databases: Record<SubgraphName, DatabaseTarget>;
  subgraphUrls: Record<SubgraphName, string>;
  /** The demo universe seeded on first start, or false (SNN_SEED_DEMO=false: production). */
  seed: { citizens: number; seed: number } | false;
  logLevel: (typeof LOG_LEVELS)[number];
  auth: { issuer: string; audience: string; jwks: { kind: 'url'; url: string } | { kind: 'file'; path: string } };
  gateway: { connections: number; timeoutMs: number; workers: number; engine: GatewayEngine };
  subgraphExecutor: 'compiled' | 'graphql-js';
  limits: LimitSettings;
  /** INSEE region codes (`R53`) where PILOT cohorts may open. */
  pilotRegions: string[];
  /** The event bus, or false: off by default under vitest (tests boot their own, in a namespace of theirs). */
  events: { url: string; namespace: string } | false;
  testDatabaseUrl?: string;
}

export interface LimitSettings {
  default: OperationLimits;
  byKind: Record<string, Partial<OperationLimits>>;
  introspection: boolean;
  maxBodyBytes: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; throws one ConfigError listing every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable is an unset one (`FOO= pnpm start`).
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== '' && key in schema.shape));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `${key} must be ${issue.message} (got "${env[key]}")`;
    });
    throw new ConfigError(`Configuration: ${lines.join('; ')}`);
  }
  const raw = parsed.data as Raw;
  const dataDir = path.resolve(raw.SNN_DATA_DIR ?? path.join(ROOT_DIR, '.data'));
  const ports = Object.fromEntries((['gateway', ...SUBGRAPHS] as ServiceName[]).map((n) => [n, raw[`${envPrefix(n)}_PORT`] as number])) as Record<
    ServiceName,
    number
  >;
  const apollo = raw.SNN_GATEWAY_ENGINE === 'apollo';
  const onOff = (value: 'on' | 'off' | undefined) => (value ? value === 'on' : !apollo);
  return {
    host: raw.HOST,
    dataDir,
    ports,
    databases: Object.fromEntries(
      SUBGRAPHS.map((n) => {
        const url = raw[`${envPrefix(n)}_DATABASE_URL`] as string | undefined;
        return [n, url ? { kind: 'postgres', url } : { kind: 'pglite', dir: path.join(dataDir, n) }];
      }),
    ) as Record<SubgraphName, DatabaseTarget>,
    subgraphUrls: Object.fromEntries(
      SUBGRAPHS.map((n) => [n, (raw[`${envPrefix(n)}_URL`] as string | undefined) ?? `http://localhost:${ports[n]}/graphql`]),
    ) as Record<SubgraphName, string>,
    seed: raw.SNN_SEED_DEMO ? { citizens: raw.SNN_CITIZENS, seed: raw.SNN_SEED } : false,
    logLevel: raw.LOG_LEVEL ?? (raw.VITEST ? 'silent' : 'info'),
    auth: {
      issuer: raw.SNN_TOKEN_ISSUER,
      audience: raw.SNN_TOKEN_AUDIENCE,
      jwks: raw.SNN_JWKS_URL
        ? { kind: 'url', url: raw.SNN_JWKS_URL }
        : { kind: 'file', path: raw.SNN_JWKS_FILE ?? path.join(dataDir, 'dev-issuer', 'jwks.json') },
    },
    gateway: {
      connections: raw.SNN_SUBGRAPH_CONNECTIONS,
      timeoutMs: raw.SNN_SUBGRAPH_TIMEOUT_MS,
      workers: raw.SNN_GATEWAY_WORKERS,
      engine: {
        entityBatching: onOff(raw.SNN_ENTITY_BATCHING),
        resultShaping: raw.SNN_RESULT_SHAPING ?? (apollo ? 'apollo' : 'compiled'),
        operationReuse: onOff(raw.SNN_OPERATION_REUSE),
        preparedOperations: onOff(raw.SNN_PREPARED_OPERATIONS),
        planExecution: raw.SNN_PLAN_EXECUTION ?? (apollo ? 'apollo' : 'ours'),
      },
    },
    subgraphExecutor: raw.SNN_EXECUTOR,
    limits: {
      default: {
        depth: raw.SNN_LIMIT_DEPTH,
        aliases: raw.SNN_LIMIT_ALIASES,
        directives: raw.SNN_LIMIT_DIRECTIVES,
        tokens: raw.SNN_LIMIT_TOKENS,
        cost: raw.SNN_LIMIT_COST,
      },
      byKind: raw.SNN_LIMITS_BY_KIND ?? {},
      introspection: raw.SNN_INTROSPECTION,
      maxBodyBytes: raw.SNN_MAX_BODY_BYTES,
    },
    pilotRegions: raw.SNN_PILOT_REGIONS,
    events: (raw.SNN_EVENTS ?? !raw.VITEST) ? { url: raw.SNN_NATS_URL, namespace: raw.SNN_EVENTS_NAMESPACE } : false,
    testDatabaseUrl: raw.TEST_DATABASE_URL,
  };
}

/** Every variable loadConfig reads (for the README check and `--help`-style listings). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

// Shorthands for the settings most code needs; each reads the environment as it is now (the bench
// sets variables before starting services).
export const portOf = (name: ServiceName): number => loadConfig().ports[name];
export const hostOf = (): string => loadConfig().host;
export const dataDir = (): string => loadConfig().dataDir;
export const databaseTargetOf = (name: SubgraphName): DatabaseTarget => loadConfig().databases[name];
export const subgraphUrlOf = (name: SubgraphName): string => loadConfig().subgraphUrls[name];

/** For a process's entry point: the configuration, or one line naming what is wrong and exit 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
