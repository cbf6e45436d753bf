// Where tokens come from: the issuer and audience every token must name, and the keys that sign
// them (a JWKS URL in production; by default the development issuer's JWKS file under .data/).
import path from 'node:path';
import { dataDir, loadConfig } from '../config';

export interface AuthConfig {
  issuer: string;
  audience: string;
  jwks: { kind: 'url'; url: string } | { kind: 'file'; path: string };
}

export const DEV_ISSUER = 'https://auth.snn.local/dev';
export const DEFAULT_AUDIENCE = 'snn-federation';

export function devIssuerDir(): string {
  return path.join(dataDir(), 'dev-issuer');
}

export function authConfigFromEnv(): AuthConfig {
  return loadConfig().auth;
}

/** The development issuer's defaults, trusting the JWKS file at `jwksPath` (tests use their own). */
export function devAuthConfig(jwksPath: string): AuthConfig {
  return { issuer: DEV_ISSUER, audience: DEFAULT_AUDIENCE, jwks: { kind: 'file', path: jwksPath } };
}

/**
 * Only for `pnpm bench`'s side-by-side measure of what authorization costs: no token is checked and
 * no scope enforced. Not reachable from the environment, so no deployment can switch it on.
 */
export const NO_AUTH_FOR_BENCHMARK = Symbol('no authorization: benchmark baseline only');
export type AuthSetting = AuthConfig | typeof NO_AUTH_FOR_BENCHMARK;
