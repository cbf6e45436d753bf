// Composes the five subgraph SDL files into schema/supergraph.graphql (checked in).
// `pnpm compose` writes it; `pnpm compose --check` fails when the checked-in file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
export const SUPERGRAPH_FILE = path.join(here, 'supergraph.graphql');

const SUBGRAPHS = [
  ['education', 4001],
  ['armed-forces', 4002],
  ['economy', 4003],
  ['universities', 4004],
  ['solidarity', 4005],
] as const;

export function compose(): { supergraphSdl?: string; errors: string[]; hints: string[] } {
  const result = composeServices(
    SUBGRAPHS.map(([name, port]) => ({
      name,
      url: `http://localhost:${port}/graphql`,
      typeDefs: parse(readFileSync(path.join(root, 'subgraphs', name, 'schema.graphql'), 'utf8')),
    })),
  );
  return {
    supergraphSdl: result.errors ? undefined : result.supergraphSdl,
    errors: (result.errors ?? []).map((e) => e.message),
    hints: (result.hints ?? []).map((h) => h.toString()),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { supergraphSdl, errors } = compose();
  if (!supergraphSdl) {
    console.error(`composition failed:\n- ${errors.join('\n- ')}`);
    process.exit(1);
  }
  if (process.argv.includes('--check')) {
    if (readFileSync(SUPERGRAPH_FILE, 'utf8') !== supergraphSdl) {
      console.error('schema/supergraph.graphql is stale: run `pnpm compose`');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql is up to date');
  } else {
    writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
    console.log(`wrote ${path.relative(process.cwd(), SUPERGRAPH_FILE)}`);
  }
}
