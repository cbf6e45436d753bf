// The checked-in supergraph with each subgraph's URL replaced by where `pnpm bench` runs it
// (<NAME>_URL), so the baseline gateways call the same processes as ours.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR, SUBGRAPHS, subgraphUrlOf } from '@snn/platform';

export function supergraphForBench(): string {
  let sdl = readFileSync(path.join(ROOT_DIR, 'schema', 'supergraph.graphql'), 'utf8');
  for (const name of SUBGRAPHS) {
    sdl = sdl.replace(new RegExp(`(name: "${name}", url: ")[^"]+(")`), `$1${subgraphUrlOf(name)}$2`);
  }
  return sdl;
}
