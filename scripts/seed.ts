// `pnpm seed --citizens N [--seed S] [--only education,economy]`: (re)seeds every subgraph's own
// database with the same deterministic universe, one process per subgraph, in parallel.
// Targets are the same as `pnpm start`: <NAME>_DATABASE_URL, or the embedded databases in .data/.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, DEMO_DEFAULT_CITIZENS, ensurePostgresDatabase, loadConfigOrExit, ROOT_DIR, SUBGRAPHS, type SubgraphName } from '@snn/platform';
import { exited, runTs } from './processes';

const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: String(DEMO_DEFAULT_CITIZENS) },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    only: { type: 'string' },
  },
});
const citizens = Number(values.citizens);
if (!Number.isInteger(citizens) || citizens < 1) throw new Error('--citizens must be a positive integer');
const names = values.only ? values.only.split(',') : [...SUBGRAPHS];
for (const name of names) if (!(SUBGRAPHS as readonly string[]).includes(name)) throw new Error(`unknown subgraph "${name}"`);

const config = loadConfigOrExit();
const started = Date.now();
for (const name of names) {
  const target = config.databases[name as SubgraphName];
  if (target.kind === 'postgres') await ensurePostgresDatabase(target.url);
}
const codes = await Promise.all(
  names.map((name) => exited(runTs(name, path.join(ROOT_DIR, 'scripts', 'seed-one.ts'), [name, String(citizens), values.seed!]))),
);
console.log(`seeded ${citizens} citizens into ${names.length} databases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(codes.every((c) => c === 0) ? 0 : 1);
