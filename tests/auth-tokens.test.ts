// Hostile and broken access tokens, sent to the gateway and straight to a subgraph: every one is
// UNAUTHENTICATED (HTTP 401), before any data is touched, with a message that does not echo it.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { DEFAULT_AUDIENCE, DEV_ISSUER, type DevIssuer } from '@snn/platform';
import { bearer, testIssuer } from '@snn/platform/testing';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
let issuer: DevIssuer;
let signingJwk: JWK;

beforeAll(async () => {
  fed = await bootFederation();
  issuer = await testIssuer();
  signingJwk = JSON.parse(readFileSync(`${issuer.dir}/signing-key.jwk.json`, 'utf8'));
});
afterAll(async () => {
  await fed?.stop();
});

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: DEV_ISSUER,
  aud: DEFAULT_AUDIENCE,
  sub: 'snn-test:hostile',
  scope: 'indicator:read citizen:read citizen:pii',
  iat: now(),
  exp: now() + 600,
  ...extra,
});

/** Signs `payload` with the issuer's real key, with full control of the header and claims. */
async function signWithIssuerKey(payload: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const key = await importJWK(signingJwk, 'ES256');
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: signingJwk.kid as string, typ: 'at+jwt', ...header }).sign(key);
}

async function strangerToken(kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' }).sign(privateKey);
}

const HOSTILE: Array<[string, () => Promise<string | undefined>]> = [
  ['no token at all', async () => undefined],
  ['not a bearer token', async () => 'Basic cm9vdDpyb290'],
  ['alg none', async () => `Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims())}.`],
  ['alg none with a signature part', async () => `Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims())}.AAAA`],
  [
    'HS256 signed with the public key as secret',
    async () => {
      const { d: _d, ...publicJwk } = signingJwk;
      const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
      return `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: signingJwk.kid as string }).sign(secret)}`;
    },
  ],
  ['a key the issuer never published (unknown kid)', async () => `Bearer ${await strangerToken('not-a-known-kid')}`],
  ['the issuer’s kid on a stranger’s key', async () => `Bearer ${await strangerToken(signingJwk.kid as string)}`],
  ['an injected kid', async () => `Bearer ${await strangerToken("../../../../etc/passwd' OR 1=1 --")}`],
  ['expired', async () => `Bearer ${await signWithIssuerKey(claims({ iat: now() - 3600, exp: now() - 600 }))}`],
  ['not valid before a future nbf', async () => `Bearer ${await signWithIssuerKey(claims({ nbf: now() + 600 }))}`],
  ['issued in the future', async () => `Bearer ${await signWithIssuerKey(claims({ iat: now() + 600, exp: now() + 1200 }))}`],
  ['wrong issuer', async () => `Bearer ${await signWithIssuerKey(claims({ iss: 'https://evil.example' }))}`],
  ['wrong audience', async () => `Bearer ${await signWithIssuerKey(claims({ aud: 'another-api' }))}`],
  [
    'no exp',
    async () => {
      const { exp: _exp, ...noExp } = claims();
      return `Bearer ${await signWithIssuerKey(noExp)}`;
    },
  ],
  ['an id token, not an access token (typ)', async () => `Bearer ${await signWithIssuerKey(claims(), { typ: 'id_token+jwt' })}`],
  [
    'tampered payload (scope widened after signing)',
    async () => {
      const [h, , s] = (await signWithIssuerKey(claims({ scope: 'indicator:read' }))).split('.');
      return `Bearer ${h}.${b64(claims({ scope: 'citizen:read citizen:pii reserve:pii' }))}.${s}`;
    },
  ],
];

const QUERY = '{ citizens(first: 1) { nodes { id birthDate } } }';

async function send(url: string, authorization: string | undefined, search = '') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  const res = await fetch(url + search, { method: 'POST', headers, body: JSON.stringify({ query: QUERY }) });
  return { status: res.status, body: (await res.json()) as any, challenge: res.headers.get('www-authenticate') };
}

describe.each([
  ['the gateway', () => fed.gateway.url],
  ['a subgraph called directly', () => fed.subgraphs.education.url],
])('%s refuses', (_where, urlOf) => {
  it.each(HOSTILE)('%s', async (_name, make) => {
    const authorization = await make();
    const { status, body, challenge } = await send(urlOf(), authorization);
    expect(status).toBe(401);
    expect(challenge).toBe('Bearer');
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const token = authorization?.split(' ')[1];
    if (token) for (const part of token.split('.').filter((p) => p.length > 8)) expect(JSON.stringify(body)).not.toContain(part);
  });

  it('a valid token in the query string', async () => {
    const token = (await bearer()).slice('Bearer '.length);
    const { status, body } = await send(urlOf(), undefined, `?access_token=${token}`);
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toContain(token.split('.')[2]);
  });

  it('anything but a bare { __typename } probe without a token', async () => {
    const ask = (query: string) => fetch(urlOf(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const probe = await ask('{ __typename }');
    expect(probe.status).toBe(200);
    expect(await probe.json()).toEqual({ data: { __typename: 'Query' } });
    for (const query of [
      '{ __typename territories(first: 1) { totalCount } }',
      '{ __typename ... on Query { skills { code } } }',
      '{ __schema { types { name } } }',
      'mutation { __typename }',
    ]) {
      expect((await ask(query)).status, query).toBe(401);
    }
  });

  it('_service and _entities without a token', async () => {
    for (const query of [
      '{ _service { sdl } }',
      '{ _entities(representations: [{ __typename: "Citizen", id: "00000000-0000-4000-8000-000000000000" }]) { __typename } }',
    ]) {
      const res = await fetch(urlOf(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      expect(res.status).toBe(401);
    }
  });
});

describe('a valid token', () => {
  it('is accepted at the gateway and directly, with a small clock tolerance', async () => {
    const skewed = `Bearer ${await signWithIssuerKey(claims({ iat: now() + 10 }))}`;
    for (const url of [fed.gateway.url, fed.subgraphs.solidarity.url]) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: skewed },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(200);
    }
  });

  it('follows key rotation: a new kid in the JWKS is picked up, a removed one stops working (also for a token verified before)', async () => {
    const jwks = JSON.parse(readFileSync(issuer.jwksPath, 'utf8')) as { keys: JWK[] };
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const next: JWK = { ...(await exportJWK(publicKey)), kid: 'rotated-key', alg: 'ES256', use: 'sig' };
    const rotated = `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid: 'rotated-key', typ: 'at+jwt' }).sign(privateKey)}`;
    const old = `Bearer ${await signWithIssuerKey(claims())}`;
    const status = async (authorization: string) =>
      (
        await fetch(fed.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query: '{ __typename }' }),
        })
      ).status;
    try {
      expect(await status(rotated)).toBe(401);
      writeFileSync(issuer.jwksPath, JSON.stringify({ keys: [...jwks.keys, next] }));
      expect(await status(rotated)).toBe(200);
      expect(await status(old)).toBe(200); // verified once: remembered by the gateway's token cache
      writeFileSync(issuer.jwksPath, JSON.stringify({ keys: [next] }));
      await new Promise((r) => setTimeout(r, 1100)); // the file is checked for changes at most once a second
      expect(await status(old)).toBe(401);
      expect(await status(rotated)).toBe(200);
    } finally {
      writeFileSync(issuer.jwksPath, JSON.stringify(jwks));
      await new Promise((r) => setTimeout(r, 1100));
    }
  });
});
