// Helpers for per-request DataLoaders: order batch results by key, and keep one loader per
// distinct set of field arguments (a paginated edge asked with two page sizes is two batches).
import DataLoader from 'dataloader';

/** One row per key, in key order; a missing row is null. */
export function byKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** All rows per key, in key order; a key with no rows gets []. */
export function groupByKey<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** A per-request family of loaders, one per argument key. */
export class LoaderFamily<K, V> {
  private readonly loaders = new Map<string, DataLoader<K, V>>();
  constructor(private readonly make: (args: string) => DataLoader<K, V>) {}
  for(args: string): DataLoader<K, V> {
    let loader = this.loaders.get(args);
    if (!loader) this.loaders.set(args, (loader = this.make(args)));
    return loader;
  }
}

export { DataLoader };
