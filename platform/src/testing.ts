// Test databases: a fresh in-memory PGlite by default, or a fresh PostgreSQL database on the
// server named by TEST_DATABASE_URL (dropped afterwards), so every test file starts clean.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { ALL_PRESET_SCOPES, type CallerPreset } from './auth/callers';
import { devAuthConfig, type AuthConfig } from './auth/config';
import { devIssuer, presetClaims, type DevIssuer } from './auth/dev-issuer';
import type { BaseContext } from '@apollo/server';
import type { DatabaseOptions } from './db';
import type { SeedRequest } from './seeding';
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition } from './subgraph';
import { loadConfig } from './config';

export interface TestDatabase {
  options: DatabaseOptions;
  drop(): Promise<void>;
}

export function testDatabaseKind(): 'postgres' | 'pglite' {
  return loadConfig().testDatabaseUrl ? 'postgres' : 'pglite';
}

/** A new, empty database; on PostgreSQL, optionally a copy of `template`. */
export async function createTestDatabase(label: string, template?: string): Promise<TestDatabase> {
  const adminUrl = loadConfig().testDatabaseUrl;
  if (!adminUrl) return { options: { kind: 'pglite' }, drop: async () => {} };
  const name = `snn_t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    options: { kind: 'postgres', url: url.toString(), max: 5 },
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

let issuer: Promise<DevIssuer> | undefined;
/** This test process's own token issuer (keys in a temporary directory). */
export function testIssuer(): Promise<DevIssuer> {
  issuer ??= devIssuer(mkdtempSync(path.join(os.tmpdir(), 'snn-issuer-')));
  return issuer;
}

/** Services under test trust the test issuer. */
export async function testAuthConfig(): Promise<AuthConfig> {
  return devAuthConfig((await testIssuer()).jwksPath);
}

/** Every scope of every caller preset: for tests of behaviour other than permissions. */
export const ALL_SCOPES = ALL_PRESET_SCOPES.join(' ');

/** An Authorization header value: a preset caller's token, or one holding every scope. */
export async function bearer(caller?: CallerPreset, org?: string): Promise<string> {
  const claims = caller ? presetClaims(caller, org) : { sub: 'snn-test:all-scopes', scope: ALL_SCOPES };
  return `Bearer ${await (await testIssuer()).sign(claims)}`;
}

/** An Authorization header value for a token holding exactly `scope` (space-separated scopes). */
export async function bearerWithScopes(scope: string, sub = 'snn-test:custom'): Promise<string> {
  return `Bearer ${await (await testIssuer()).sign({ sub, scope })}`;
}

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions: { code: string; [key: string]: unknown } }>;
}

/** POSTs a GraphQL request over real HTTP, with a token holding every scope unless `authorization` is given. */
export function postGraphQL<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  authorization?: string,
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  return postBody<T>(url, { query, variables }, authorization);
}

/** POSTs any JSON body (an operationName, a malformed request…) as postGraphQL does. */
export async function postBody<T = any>(url: string, body: unknown, authorization?: string): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const headers = { 'content-type': 'application/json', authorization: authorization ?? (await bearer()) };
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T> };
}

/** A subgraph started alone for a test file: `stop()` also drops its database. */
export interface TestSubgraph extends RunningSubgraph {
  /** POSTs to it with a token holding every scope; the response body. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
}

/**
 * One subgraph for a test file, over real HTTP on port 0: a fresh database of its own (PGlite, or
 * PostgreSQL when TEST_DATABASE_URL is set) seeded with `seed`, tokens of the test issuer.
 */
export async function startTestSubgraph<TContext extends BaseContext>(def: SubgraphDefinition<TContext>, seed: SeedRequest): Promise<TestSubgraph> {
  const database = await createTestDatabase(def.name);
  try {
    const running = await startSubgraph(def, { databaseOptions: database.options, port: 0, seed, auth: await testAuthConfig() });
    return {
      ...running,
      gql: async (query, variables = {}) => (await postGraphQL(running.url, query, variables)).body,
      stop: async () => {
        await running.stop();
        await database.drop();
      },
    };
  } catch (err) {
    await database.drop();
    throw err;
  }
}
