import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compose, SUPERGRAPH_FILE } from './compose';

describe('supergraph', () => {
  it('composes the five subgraphs without errors', () => {
    const { errors } = compose();
    expect(errors).toEqual([]);
  });

  it('is checked in and up to date (run `pnpm compose` after changing a schema.graphql)', () => {
    const { supergraphSdl } = compose();
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(supergraphSdl);
  });
});
