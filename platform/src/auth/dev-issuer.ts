// The development token issuer: an ES256 key pair generated on first use under .data/dev-issuer/
// (never committed), its public JWKS for the services, and token minting for `pnpm token` and tests.
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { DEFAULT_AUDIENCE, DEV_ISSUER, devIssuerDir } from './config';
import { CALLER_SCOPES, ORG_CALLERS, type CallerPreset } from './callers';

export interface DevIssuer {
  dir: string;
  jwksPath: string;
  sign(claims: TokenClaims, options?: SignOptions): Promise<string>;
}

export interface TokenClaims {
  sub: string;
  scope: string;
  org?: string;
  /** The `client_kind` claim: which operation limits apply (see limits.ts). */
  client_kind?: string;
}
export interface SignOptions {
  /** Lifetime, e.g. "15m", "2h" (jose syntax); default 15 minutes. */
  ttl?: string;
  issuer?: string;
  audience?: string;
}

async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
}

function publicPart({ d: _private, ...rest }: JWK): JWK {
  return rest;
}

/** Opens the issuer in `dir`, creating its key pair and JWKS on first use. */
export async function devIssuer(dir = devIssuerDir()): Promise<DevIssuer> {
  const keyPath = path.join(dir, 'signing-key.jwk.json');
  const jwksPath = path.join(dir, 'jwks.json');
  if (!existsSync(keyPath)) {
    mkdirSync(dir, { recursive: true });
    const jwk = await newSigningKey();
    writeFileSync(keyPath, JSON.stringify(jwk), { mode: 0o600 });
    chmodSync(keyPath, 0o600);
    writeFileSync(jwksPath, JSON.stringify({ keys: [publicPart(jwk)] }, null, 2));
  }
  const jwk = JSON.parse(readFileSync(keyPath, 'utf8')) as JWK;
  const key = await importJWK(jwk, 'ES256');
  return {
    dir,
    jwksPath,
    sign: (claims, options = {}) =>
      new SignJWT({ scope: claims.scope, ...(claims.org ? { org: claims.org } : {}), ...(claims.client_kind ? { client_kind: claims.client_kind } : {}) })
        .setProtectedHeader({ alg: 'ES256', kid: jwk.kid as string, typ: 'at+jwt' })
        .setIssuer(options.issuer ?? DEV_ISSUER)
        .setAudience(options.audience ?? DEFAULT_AUDIENCE)
        .setSubject(claims.sub)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(options.ttl ?? '15m')
        .sign(key),
  };
}

/** The claims of a caller preset; university and company callers must name their organisation. */
export function presetClaims(caller: CallerPreset, org?: string, scope?: string): TokenClaims {
  if (ORG_CALLERS.has(caller) && !org) throw new Error(`a ${caller} token needs --org (its ${caller === 'university' ? 'UAI' : 'SIREN'})`);
  return { sub: `snn-dev:${caller}${org ? `:${org}` : ''}`, scope: scope ?? CALLER_SCOPES[caller], client_kind: caller, ...(org ? { org } : {}) };
}
