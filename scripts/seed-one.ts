// One subgraph's share of `pnpm seed`: migrate its database, wipe it and seed the universe.
import path from 'node:path';
import { loggerFor, prepareDatabase, ROOT_DIR, type SubgraphDefinition } from '@snn/platform';
import { peakRssMiB } from './processes';

const [name, citizens, seed] = process.argv.slice(2) as [string, string, string];
const { default: def } = (await import(path.join(ROOT_DIR, 'subgraphs', name, 'src', 'server.ts'))) as { default: SubgraphDefinition<never> };
const started = Date.now();
const database = await prepareDatabase(def, { seed: { citizens: Number(citizens), seed: Number(seed) }, forceSeed: true });
await database.close();
loggerFor(name).info({ seconds: (Date.now() - started) / 1000, peakRssMiB: peakRssMiB(process.pid) }, 'seed finished');
