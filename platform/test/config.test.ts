import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, ROOT_DIR } from '../src/config';

describe('loadConfig', () => {
  it('gives every setting its default on an empty environment', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.ports).toEqual({ gateway: 4000, education: 4001, 'armed-forces': 4002, economy: 4003, universities: 4004, solidarity: 4005 });
    expect(config.databases.economy).toEqual({ kind: 'pglite', dir: path.join(ROOT_DIR, '.data', 'economy') });
    expect(config.subgraphUrls['armed-forces']).toBe('http://localhost:4002/graphql');
    expect(config.seed).toEqual({ citizens: 5000, seed: 20260901 });
    expect(config.auth.jwks).toEqual({ kind: 'file', path: path.join(ROOT_DIR, '.data', 'dev-issuer', 'jwks.json') });
    expect(config.gateway).toMatchObject({ connections: 16, timeoutMs: 30_000, workers: 1 });
    expect(config.gateway.engine).toEqual({
      entityBatching: true,
      resultShaping: 'compiled',
      operationReuse: true,
      preparedOperations: true,
      planExecution: 'ours',
    });
    expect(config.logLevel).toBe('info');
  });

  it('reads each service its own database, port and URL; an empty variable counts as unset', () => {
    const config = loadConfig({
      ECONOMY_DATABASE_URL: 'postgres://root@127.0.0.1:5432/snn_economy',
      ARMED_FORCES_PORT: '5002',
      EDUCATION_URL: '',
      SNN_SEED_DEMO: 'false',
    });
    expect(config.databases.economy).toEqual({ kind: 'postgres', url: 'postgres://root@127.0.0.1:5432/snn_economy' });
    expect(config.databases.education.kind).toBe('pglite');
    expect(config.subgraphUrls['armed-forces']).toBe('http://localhost:5002/graphql');
    expect(config.subgraphUrls.education).toBe('http://localhost:4001/graphql');
    expect(config.seed).toBe(false);
  });

  it("turns every part of the gateway to Apollo's with one switch, a finer override winning for its part", () => {
    expect(loadConfig({ SNN_GATEWAY_ENGINE: 'apollo' }).gateway.engine).toEqual({
      entityBatching: false,
      resultShaping: 'apollo',
      operationReuse: false,
      preparedOperations: false,
      planExecution: 'apollo',
    });
    expect(loadConfig({ SNN_GATEWAY_ENGINE: 'apollo', SNN_PLAN_EXECUTION: 'ours' }).gateway.engine.planExecution).toBe('ours');
    expect(loadConfig({ SNN_ENTITY_BATCHING: 'off' }).gateway.engine).toMatchObject({ entityBatching: false, planExecution: 'ours' });
  });

  it('stops with one message naming every wrong variable and what it accepts', () => {
    const wrong = () => loadConfig({ SNN_GATEWAY_ENGINE: 'fast', GATEWAY_PORT: '70000', SNN_CITIZENS: '-3', SNN_JWKS_URL: 'not a url', LOG_LEVEL: 'loud' });
    expect(wrong).toThrow(ConfigError);
    expect(wrong).toThrow(/SNN_GATEWAY_ENGINE must be one of ours, apollo \(got "fast"\)/);
    expect(wrong).toThrow(/GATEWAY_PORT must be an integer from 0 to 65535 \(got "70000"\)/);
    expect(wrong).toThrow(/SNN_CITIZENS must be an integer of at least 1 \(got "-3"\)/);
    expect(wrong).toThrow(/SNN_JWKS_URL must be a URL/);
    expect(wrong).toThrow(/LOG_LEVEL must be one of fatal, error/);
  });

  it("reads operation limits, with a client kind's over the defaults, and refuses a malformed one", () => {
    const config = loadConfig({ SNN_LIMIT_DEPTH: '9', SNN_LIMITS_BY_KIND: '{"parliament":{"cost":20000}}' });
    expect(config.limits).toEqual({
      default: { depth: 9, aliases: 30, directives: 30, tokens: 5000, cost: 500_000 },
      byKind: { parliament: { cost: 20000 } },
      introspection: false,
      maxBodyBytes: 4 * 1024 * 1024,
    });
    for (const wrong of ['{"parliament":{"cost":0}}', '{"parliament":{"width":3}}', 'not json', '{"Bad Kind":{}}']) {
      expect(() => loadConfig({ SNN_LIMITS_BY_KIND: wrong }), wrong).toThrow(/SNN_LIMITS_BY_KIND must be/);
    }
  });
});
