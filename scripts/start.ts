// `pnpm start`: the five subgraphs and the gateway, each its own process, on the embedded
// databases under .data/ (or on PostgreSQL where <NAME>_DATABASE_URL is set). Seeds demo data on
// first start, prints the gateway URL, and stops everything on Ctrl-C.
import path from 'node:path';
import { CALLERS, devIssuer, ensurePostgresDatabase, loadConfigOrExit, ROOT_DIR, SUBGRAPHS } from '@snn/platform';
import { exited, peakRssMiB, runTs, SERVICE_NODE_FLAGS, waitForHttp } from './processes';

// A wrong variable stops here with one message, before any service starts.
const config = loadConfigOrExit();
const portOf = (name: keyof typeof config.ports) => config.ports[name];

const started = Date.now();
const children = new Map<string, ReturnType<typeof runTs>>();
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  const timeout = setTimeout(() => children.forEach((c) => c.kill('SIGKILL')), 10_000);
  await Promise.all([...children.values()].map(exited));
  clearTimeout(timeout);
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

function watch(name: string, child: ReturnType<typeof runTs>) {
  children.set(name, child);
  child.once('exit', (code) => {
    if (stopping) return;
    console.error(`${name} exited with code ${code}: stopping the federation`);
    void stopAll(1);
  });
}

try {
  // The development issuer's keys (generated once under .data/dev-issuer/): `pnpm token` signs with
  // them and every service trusts its JWKS, unless SNN_JWKS_URL names a production issuer.
  if (config.auth.jwks.kind === 'file' && config.auth.jwks.path === path.join(config.dataDir, 'dev-issuer', 'jwks.json')) await devIssuer();
  for (const name of SUBGRAPHS) {
    const target = config.databases[name];
    if (target.kind === 'postgres') await ensurePostgresDatabase(target.url);
  }
  await Promise.all(
    SUBGRAPHS.map(async (name) => {
      const child = runTs(name, path.join(ROOT_DIR, 'subgraphs', name, 'src', 'index.ts'), [], {}, SERVICE_NODE_FLAGS);
      watch(name, child);
      await waitForHttp(`http://127.0.0.1:${portOf(name)}/health/ready`, child, 600_000);
    }),
  );
  const gateway = runTs('gateway', path.join(ROOT_DIR, 'gateway', 'src', 'index.ts'), [], {}, SERVICE_NODE_FLAGS);
  watch('gateway', gateway);
  await waitForHttp(`http://127.0.0.1:${portOf('gateway')}/health/ready`, gateway, 60_000);

  const peak = [...children.values()].reduce((sum, c) => sum + (peakRssMiB(c.pid) ?? 0), 0);
  console.log(`
SNN Federation is ready in ${((Date.now() - started) / 1000).toFixed(1)} s (peak memory of its processes: ${peak} MiB)

  gateway       http://localhost:${portOf('gateway')}/graphql
${SUBGRAPHS.map((n) => `  ${n.padEnd(13)} http://localhost:${portOf(n)}/graphql`).join('\n')}

Every request needs a token: pnpm run token education   (callers: ${CALLERS.join(', ')})
  curl -H "authorization: Bearer $(pnpm -s run token education)" -H 'content-type: application/json' \\
       -d '{"query":"{ cohorts(first: 3) { nodes { name } } }"}' http://localhost:${portOf('gateway')}/graphql

Ctrl-C stops everything.
`);
} catch (err) {
  console.error((err as Error).message);
  await stopAll(1);
}
