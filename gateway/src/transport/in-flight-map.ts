// A Map for entries that live as long as a call in flight, built so that it does not keep them
// after they are deleted. V8 rebuilds a Map's table every few dozen insertions and deletions, and
// the table it leaves behind still holds the entries it held then. While tables are young that
// costs nothing; but a full collection moves the live table to the old generation, and from then
// on V8 allocates every rebuilt table there too, so each table left behind keeps requests already
// answered (their answers, bodies, promises) alive through every scavenge until the next full
// collection, which promotes them. Under concurrent load that was ~1.3 MB promoted per scavenge in
// the gateway, from its first full collection on (docs/decisions/0009-in-flight-map.md).
// Two remedies: the values put here are emptied by their owner once answered (a left-behind
// table then keeps only a key and an empty shell), and the Map itself is replaced by a young copy
// of its live entries every REBUILD_EVERY insertions, so an old table lasts a few hundred
// insertions at most.
const REBUILD_EVERY = 256;

export class InFlightMap<K, V> {
  private map = new Map<K, V>();
  private insertions = 0;

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (++this.insertions % REBUILD_EVERY === 0) this.map = new Map(this.map);
    this.map.set(key, value);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}
