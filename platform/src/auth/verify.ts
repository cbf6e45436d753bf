// Access-token verification with jose: pinned asymmetric algorithms, required iss/aud/exp/iat/sub,
// small clock tolerance, JWKS with key rotation. Every failure is UNAUTHENTICATED (HTTP 401) with a
// message that never echoes the token.
import { readFileSync, statSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { AppError } from '../errors';
import { ALL_PRESET_SCOPES } from './callers';
import { NO_AUTH_FOR_BENCHMARK, type AuthConfig, type AuthSetting } from './config';
import type { Viewer } from './viewer';

export const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 30;
const ACCEPTED_TYP = new Set(['at+jwt', 'application/at+jwt', 'jwt']);
/** A client kind names a set of limits: a short lowercase word, nothing a log could be forged with. */
const CLIENT_KIND = /^[a-z][a-z0-9-]{0,31}$/;

export const unauthenticated = (message: string) => new AppError('UNAUTHENTICATED', message);

/** Where verification keys come from; `version` changes whenever the set of keys does. */
interface KeySource {
  getKey: JWTVerifyGetKey;
  version(): number;
}

/**
 * A JWKS file, re-read when it changes (checked at most once a second, and at once when a token
 * names an unknown kid): a key added to the file is picked up, a removed key stops verifying.
 */
function fileKeySet(path: string): KeySource {
  let version = 0;
  let mtimeMs = -1;
  let checkedAt = 0;
  let keySet: JWTVerifyGetKey | undefined;
  const reload = (force: boolean) => {
    const now = Date.now();
    if (!force && now - checkedAt < 1000 && keySet) return;
    checkedAt = now;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw unauthenticated('no signing keys are configured');
    if (stat.mtimeMs !== mtimeMs || !keySet) {
      keySet = createLocalJWKSet(JSON.parse(readFileSync(path, 'utf8')));
      mtimeMs = stat.mtimeMs;
      version++;
    }
  };
  return {
    getKey: async (header, token) => {
      reload(false);
      try {
        return await keySet!(header, token);
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
        reload(true);
        return keySet!(header, token);
      }
    },
    version: () => {
      reload(false);
      return version;
    },
  };
}

/**
 * Verified tokens are remembered, so that a caller's token is checked once per service and not
 * once per request (an ES256 verification was the largest single cost of a small request). An
 * entry lives at most a minute and never past the token's exp, and every entry is dropped as soon
 * as the key set changes: a removed key stops working as promptly as without the cache.
 */
const VERIFIED_TTL_MS = 60_000;

export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer>;

/** The verifier for an auth setting: the benchmark baseline lets everyone in with every scope. */
export function verifierFor(setting: AuthSetting): TokenVerifier {
  if (setting !== NO_AUTH_FOR_BENCHMARK) return createTokenVerifier(setting);
  const everyone: Viewer = { sub: 'benchmark-baseline', scopes: new Set(ALL_PRESET_SCOPES), org: null, jti: null, kind: null };
  return async () => everyone;
}

export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const keys: KeySource =
    config.jwks.kind === 'url'
      ? { getKey: createRemoteJWKSet(new URL(config.jwks.url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }), version: () => 0 }
      : fileKeySet(config.jwks.path);
  const verified = new LRUCache<string, { viewer: Viewer; version: number }>({ max: 10_000, ttl: VERIFIED_TTL_MS });

  return async (authorization) => {
    if (!authorization) throw unauthenticated('an access token is required: send "Authorization: Bearer <token>"');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization.trim());
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <JWT>"');
    const token = match[1] as string;
    const version = keys.version();
    const known = verified.get(token);
    if (known && known.version === version) return known.viewer;
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keys.getKey, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      // jose checks nbf and exp; a token issued in the future is as suspect as one not yet valid.
      if ((payload.iat as number) > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw unauthenticated('the access token is issued in the future');
      if (protectedHeader.typ !== undefined && !ACCEPTED_TYP.has(protectedHeader.typ.toLowerCase())) {
        throw unauthenticated('the token is not an access token');
      }
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      const viewer: Viewer = {
        sub: payload.sub as string,
        scopes: new Set(scope.split(' ').filter(Boolean)),
        org: typeof payload.org === 'string' ? payload.org : null,
        jti: typeof payload.jti === 'string' ? payload.jti : null,
        kind: typeof payload.client_kind === 'string' && CLIENT_KIND.test(payload.client_kind) ? payload.client_kind : null,
      };
      const ttl = Math.min(VERIFIED_TTL_MS, (payload.exp as number) * 1000 - Date.now());
      if (ttl > 0) verified.set(token, { viewer, version }, { ttl });
      return viewer;
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw unauthenticated(describe(err));
    }
  };
}

/** A reason the caller can act on, naming no part of the token. */
function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the access token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `the access token's "${err.claim}" claim is not acceptable`;
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the access token is signed with an algorithm that is not accepted';
  if (err instanceof errors.JWKSNoMatchingKey) return 'the access token is signed with an unknown key';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature is invalid';
  return 'the access token is invalid';
}
