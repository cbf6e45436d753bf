// `pnpm bench:young-retention`: what a few ways of building short-lived objects cost the
// young-generation collector on this Node. Each variant runs in a child process with the services'
// GC flags and `--trace-gc-nvp`, building the same small objects in a loop (each dead at once), and
// prints per scavenge the bytes still alive (survived) and moved to the old generation (promoted),
// and the pause. On Node 20 (V8 11.3) an object spread followed by another property
// (`{ ...source, extra }`) and an object literal with a getter and setter closing over the source
// keep megabytes alive at every scavenge, all promoted and freed only by a full collection, where
// a plain literal, `{ ...source }` alone and Object.assign keep nothing. The last three keep 12
// calls "in flight" in a registry, each with a payload, and delete the oldest each time, after one
// full collection has run: in a Map, every table V8 rebuilds (then in the old generation) keeps the
// payloads it held and the scavenges promote them; gateway/src/in-flight-map.ts with its values
// emptied keeps nothing. See docs/decisions/0008 and 0009.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InFlightMap } from '@snn/gateway/testing';
import { SERVICE_NODE_FLAGS } from '../scripts/processes';
import { median } from './stats';

/** A call in flight: its payload stands for an answer and a body (~1 KiB). */
const payload = (n: number) => ({ n, rows: Array.from({ length: 16 }, (_, i) => ({ i, text: `row ${i}` })) });
const IN_FLIGHT = 12;
const map = new Map<number, ReturnType<typeof payload>>();
const inFlightMap = new InFlightMap<number, { payload: ReturnType<typeof payload> | null }>();
const holders: Array<{ payload: ReturnType<typeof payload> | null }> = [];

const SHAPES = {
  'literal, no spread': (a: { x: number[]; y: number }) => ({ x: a.x, y: a.y, i: 1 }),
  '{ ...source }': (a: { x: number[]; y: number }) => ({ ...a }),
  'Object.assign({}, source, { i })': (a: { x: number[]; y: number }) => Object.assign({}, a, { i: 1 }),
  '{ ...source, i }': (a: { x: number[]; y: number }) => ({ ...a, i: 1 }),
  '{ ...source } then .i =': (a: { x: number[]; y: number }) => {
    const o: Record<string, unknown> = { ...a };
    o.i = 1;
    return o;
  },
  // Apollo Server's makeGatewayGraphQLRequestContext built one over the request context on every request (patches/@apollo__server@5.5.1.patch).
  'literal with get/set over source': (a: { x: number[]; y: number }) => ({
    get y() {
      return a.y;
    },
    set y(v: number) {
      a.y = v;
    },
  }),
} as const;
/** The gateway's registries of calls in flight before 5 December (evening), and as they are now. */
const REGISTRIES = {
  'Map, 12 calls in flight': (a: { x: number[]; y: number }) => {
    map.set(a.y, payload(a.y));
    map.delete(a.y - IN_FLIGHT);
  },
  'InFlightMap, values emptied': (a: { x: number[]; y: number }) => {
    const holder = { payload: payload(a.y) };
    inFlightMap.set(a.y, holder);
    holders.push(holder);
    if (holders.length > IN_FLIGHT) {
      holders.shift()!.payload = null;
      inFlightMap.delete(a.y - IN_FLIGHT);
    }
  },
} as const;
const VARIANTS = { ...SHAPES, ...REGISTRIES };
type Variant = keyof typeof VARIANTS;
const ITERATIONS = 10_000_000;
/** A call in flight allocates ~60 times what a shape does: a twentieth as many. */
const iterationsOf = (variant: Variant) => (variant in REGISTRIES ? ITERATIONS / 20 : ITERATIONS);

const child = process.argv[2] as Variant | undefined;
if (child) {
  const make = VARIANTS[child];
  let sink: unknown;
  for (let n = 0; n < iterationsOf(child); n++) {
    sink = make({ x: [1, 2, 3], y: n });
    // One full collection early on, as a long-running process has had: it moves what is alive then
    // (a Map's table) to the old generation.
    if (n === 100_000) (globalThis as { gc?: () => void }).gc?.();
  }
  if (sink === null) console.log('unreachable');
} else {
  console.log(
    `${ITERATIONS.toLocaleString('en')} objects per shape, ${iterationsOf('Map, 12 calls in flight').toLocaleString('en')} calls per registry, Node ${process.version}, ${SERVICE_NODE_FLAGS.join(' ')}; per scavenge (median):`,
  );
  for (const variant of Object.keys(VARIANTS) as Variant[]) {
    const run = spawnSync(
      process.execPath,
      [...SERVICE_NODE_FLAGS, '--trace-gc-nvp', '--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), variant],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    if (run.status !== 0) throw new Error(`${variant}: ${run.stderr}`);
    const scavenges = run.stdout.split('\n').filter((l) => l.includes(' gc=s '));
    const field = (name: string) => median(scavenges.map((l) => Number(new RegExp(`\\b${name}=([0-9.]+)`).exec(l)?.[1] ?? NaN)));
    console.log(
      `  ${variant.padEnd(34)} ${String(scavenges.length).padStart(5)} scavenges  survived ${(field('new_space_survived') / 1024).toFixed(0).padStart(6)} KiB  promoted ${(field('promoted') / 1024).toFixed(0).padStart(6)} KiB  pause ${field('pause').toFixed(1).padStart(5)} ms`,
    );
  }
}
