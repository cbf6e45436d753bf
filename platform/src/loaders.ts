// Helpers for per-request DataLoaders: order batch results by key, keep one loader per distinct
// set of field arguments (a paginated edge asked with two page sizes is two batches), and dispatch
// a request's batches in waves so that its statement count does not depend on I/O timing.
import BaseDataLoader from 'dataloader';

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

/**
 * A batch function that sends only well-formed keys to `load`: keys from `_entities` may be
 * anything, and one malformed id in a uuid column would fail the whole batch. The others get `empty`.
 */
export function onlyValidKeys<K, V>(valid: (key: K) => boolean, empty: V, load: (keys: K[]) => Promise<V[]>) {
  return async (keys: readonly K[]): Promise<V[]> => {
    const good = keys.filter(valid);
    const values = good.length > 0 ? await load(good) : [];
    const byGood = new Map(good.map((k, i) => [k, values[i] as V]));
    return keys.map((k) => (byGood.has(k) ? (byGood.get(k) as V) : empty));
  };
}

/**
 * A per-request family of loaders, one per set of field arguments `A` (a page, a filter): the
 * arguments are serialised here to key the family and handed back typed to `make`. Its loaders
 * join the request's waves.
 */
export class LoaderFamily<A extends object, K, V, C = K> {
  private readonly loaders = new Map<string, DataLoader<K, V, C>>();
  private readonly waves = BatchWaves.active();
  constructor(private readonly make: (args: A) => DataLoader<K, V, C>) {}
  for(args: A): DataLoader<K, V, C> {
    // The argument objects are built by our resolvers, so equal arguments serialise equally.
    const key = JSON.stringify(args);
    let loader = this.loaders.get(key);
    if (!loader) this.loaders.set(key, (loader = this.waves ? this.waves.scope(() => this.make(args)) : this.make(args)));
    return loader;
  }
}

/**
 * A request's batches go out in waves: a batch is dispatched only once none of the request's
 * batches is in flight. Without this, two loads of one loader made at different depths (a
 * territory's `region` and a coverage row's `territory`) share a batch only when their parents'
 * rows arrive in the same tick — true on PGlite, a matter of luck on PostgreSQL, where a request's
 * queries run in parallel. With it, the statements a request runs are fixed by its shape alone.
 */
export class BatchWaves {
  // Set only while a request's loaders are being built, synchronously: an AsyncLocalStorage would
  // do the same but turns on promise hooks for the whole process (~5 % of a subgraph's CPU).
  private static building: BatchWaves | undefined;
  private inFlight = 0;
  private pending: Array<() => void> = [];
  private scheduled = false;

  static active(): BatchWaves | undefined {
    return BatchWaves.building;
  }
  /** Runs `build` (synchronous): the DataLoaders and LoaderFamilies it creates join these waves. */
  scope<T>(build: () => T): T {
    const outer = BatchWaves.building;
    BatchWaves.building = this;
    try {
      return build();
    } finally {
      BatchWaves.building = outer;
    }
  }
  readonly schedule = (dispatch: () => void): void => {
    this.pending.push(dispatch);
    this.flushWhenIdle();
  };
  track<K, V>(batch: BaseDataLoader.BatchLoadFn<K, V>): BaseDataLoader.BatchLoadFn<K, V> {
    return async (keys) => {
      this.inFlight++;
      try {
        return await batch(keys);
      } finally {
        this.inFlight--;
        this.flushWhenIdle();
      }
    };
  }
  private flushWhenIdle(): void {
    if (this.scheduled || this.inFlight > 0 || this.pending.length === 0) return;
    this.scheduled = true;
    // setImmediate, not a microtask: resolvers woken by the last batch make their loads first.
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight > 0) return;
      const ready = this.pending;
      this.pending = [];
      for (const dispatch of ready) dispatch();
    });
  }
}

/**
 * DataLoader that joins the waves it is built in (BatchWaves.scope; plain DataLoader outside one)
 * and remembers the values it holds, primed or answered by a batch, so that `get` can hand a
 * known value back as itself. A resolver that returns a promise costs the executor a promise, a
 * microtask and its bookkeeping per object; a roster's 74 credits each ask for their module and
 * its university, all primed from one joined statement.
 */
export class DataLoader<K, V, C = K> extends BaseDataLoader<K, V, C> {
  private readonly known: Map<C, V>;
  private readonly cacheKeyOf: (key: K) => C;

  constructor(batch: BaseDataLoader.BatchLoadFn<K, V>, options?: BaseDataLoader.Options<K, V, C>) {
    const known = new Map<C, V>();
    const cacheKeyOf = options?.cacheKeyFn ?? ((key: K) => key as unknown as C);
    const remembering: BaseDataLoader.BatchLoadFn<K, V> = async (keys) => {
      const values = await batch(keys);
      for (let i = 0; i < keys.length; i++) {
        const value = values[i];
        if (!(value instanceof Error) && value !== undefined) rememberOnce(known, cacheKeyOf(keys[i]!), value);
      }
      return values;
    };
    const waves = BatchWaves.active();
    super(waves ? waves.track(remembering) : remembering, waves ? { batchScheduleFn: waves.schedule, ...options } : options);
    this.known = known;
    this.cacheKeyOf = cacheKeyOf;
  }

  /** The value itself when this loader already holds it, else `load(key)`: what a resolver returns. */
  get(key: K): V | Promise<V> {
    const cacheKey = this.cacheKeyOf(key);
    return this.known.has(cacheKey) ? (this.known.get(cacheKey) as V) : this.load(key);
  }

  /**
   * As DataLoader's, and a key `get` already answers keeps its value. Unlike DataLoader's cache, a
   * key whose load is still in flight takes the primed value here (both come from the same rows).
   */
  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (!(value instanceof Error) && !isPromiseLike(value)) rememberOnce(this.known, this.cacheKeyOf(key), value);
    return super.prime(key, value);
  }

  override clear(key: K): this {
    this.known.delete(this.cacheKeyOf(key));
    return super.clear(key);
  }

  override clearAll(): this {
    this.known.clear();
    return super.clearAll();
  }
}

/** The first value a key got stays (DataLoader's own cache keeps the first promise). */
function rememberOnce<C, V>(known: Map<C, V>, key: C, value: V): void {
  if (!known.has(key)) known.set(key, value);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
