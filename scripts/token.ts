// `pnpm run token <caller> [--org ID] [--scope "a b"] [--ttl 15m]`: prints an access token signed by the
// development issuer of the running federation (keys under .data/dev-issuer/, made on first use).
import { parseArgs } from 'node:util';
import { CALLERS, devIssuer, presetClaims, type CallerPreset } from '@snn/platform';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { org: { type: 'string' }, scope: { type: 'string' }, ttl: { type: 'string', default: '15m' } },
});
const caller = positionals[0] as CallerPreset | undefined;
if (!caller || !CALLERS.includes(caller)) {
  console.error(`usage: pnpm run token <${CALLERS.join('|')}> [--org UAI|SIREN] [--scope "a b"] [--ttl 15m]`);
  process.exit(2);
}
try {
  const claims = presetClaims(caller, values.org, values.scope);
  process.stdout.write(`${await (await devIssuer()).sign(claims, { ttl: values.ttl })}\n`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
