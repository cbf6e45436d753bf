// The per-request DataLoader's `get`: what resolvers return, a value the loader already holds
// handed back as itself (no promise), anything else loaded and batched as `load` does.
import { describe, expect, it } from 'vitest';
import { DataLoader } from '../src/loaders';

function counting() {
  const batches: string[][] = [];
  const loader = new DataLoader<string, string | null>(async (keys) => {
    batches.push([...keys]);
    return keys.map((k) => (k.startsWith('bad') ? new Error(`no ${k}`) : k === 'none' ? null : `row ${k}`)) as Array<string | null>;
  });
  return { loader, batches };
}

describe('DataLoader.get', () => {
  it('answers a primed key with the value itself, without a batch', () => {
    const { loader, batches } = counting();
    loader.prime('a', 'primed a');
    expect(loader.get('a')).toBe('primed a');
    expect(batches).toEqual([]);
  });

  it('loads unknown keys in one batch, then answers them directly (null included)', async () => {
    const { loader, batches } = counting();
    const first = [loader.get('a'), loader.get('b'), loader.get('none')];
    expect(first.every((v) => v instanceof Promise)).toBe(true);
    expect(await Promise.all(first)).toEqual(['row a', 'row b', null]);
    expect([loader.get('a'), loader.get('none')]).toEqual(['row a', null]);
    expect(batches).toEqual([['a', 'b', 'none']]);
  });

  it('keeps the first value of a key, as DataLoader does, and never remembers an error', async () => {
    const { loader, batches } = counting();
    loader.prime('a', 'first');
    loader.prime('a', 'second');
    expect(loader.get('a')).toBe('first');
    expect(await loader.load('a')).toBe('first');
    await expect(loader.get('bad1')).rejects.toThrow('no bad1');
    const again = loader.get('bad1');
    expect(again).toBeInstanceOf(Promise);
    await expect(again).rejects.toThrow('no bad1');
    loader.clear('a');
    expect(await loader.get('a')).toBe('row a');
    expect(batches).toEqual([['bad1'], ['a']]);
  });
});
