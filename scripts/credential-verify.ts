// `pnpm run credential:verify <file> [--url http://127.0.0.1:4000/graphql]`: checks a credit
// credential (the compact JWS of Citizen.creditCredential, alone in the file or as the `jwt` of a
// JSON document) through the running federation: signature against the issuing university's
// published keys, issuer, and revocation of its awards. The token is $SNN_TOKEN, else a token of the
// development issuer (any caller may verify). Exits 0 when valid, 1 when not, 2 on a usage error.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { devIssuer, loadConfig, presetClaims } from '@snn/platform';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { url: { type: 'string' } } });
const file = positionals[0];
if (!file) {
  console.error('usage: pnpm run credential:verify <file> [--url http://127.0.0.1:4000/graphql]');
  process.exit(2);
}
const text = readFileSync(file, 'utf8').trim();
let jwt = text;
if (text.startsWith('{')) {
  const doc = JSON.parse(text) as { jwt?: unknown; data?: unknown };
  jwt = typeof doc.jwt === 'string' ? doc.jwt : '';
}
const url = values.url ?? `http://127.0.0.1:${loadConfig().ports.gateway}/graphql`;
const token = process.env.SNN_TOKEN ?? (await (await devIssuer()).sign(presetClaims('parliament'), { ttl: '5m' }));
const res = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({
    query: 'query($jwt: String!) { verifyCreditCredential(jwt: $jwt) { valid status issuer { id name } revokedAwardIds } }',
    variables: { jwt },
  }),
});
const body = (await res.json()) as {
  data?: { verifyCreditCredential: { valid: boolean; status: string; issuer: { id: string; name: string } | null; revokedAwardIds: string[] } };
  errors?: Array<{ message: string }>;
};
const verdict = body.data?.verifyCreditCredential;
if (!verdict) {
  console.error(`the federation did not verify it: ${body.errors?.[0]?.message ?? res.status}`);
  process.exit(2);
}
console.log(`${verdict.status}${verdict.issuer ? `: issued by ${verdict.issuer.name} (${verdict.issuer.id})` : ''}`);
for (const id of verdict.revokedAwardIds) console.log(`  revoked since issuance: award ${id}`);
process.exit(verdict.valid ? 0 : 1);
