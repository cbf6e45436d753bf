// `pnpm bench:profile <dir|file.cpuprofile> [--top 25]`: where a service's CPU went, from the V8
// profiles `pnpm bench --profile` writes. Self time by package (graphql, drizzle-orm, postgres,
// @apollo/*, node internals, the kernel's share as "(program)"/"(garbage collector)") and by function.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const target = positionals[0];
if (!target) {
  console.error('usage: pnpm bench:profile <dir|file.cpuprofile> [--top 25]');
  process.exit(2);
}
/** `--profile` writes one folder per service; in each, tsx's loader thread has a profile of its own. */
const profilesIn = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const full = path.join(dir, f);
      return statSync(full).isDirectory() ? [mainThreadOf(full)] : f.endsWith('.cpuprofile') ? [full] : [];
    });
/** A service's main thread: the biggest of its folder's profiles. */
const mainThreadOf = (dir: string): string =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
const files = statSync(target).isDirectory() ? profilesIn(target) : [target];

/** Where a frame's code lives: a package, our own code, Node's internals, or V8's pseudo-frames. */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const ours = /\/(platform|gateway|subgraphs\/[^/]+)\/src\//.exec(url);
  return ours ? `ours:${ours[1]}` : url.replace(/^file:\/\//, '');
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(5)} %`;

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((s, v) => s + v, 0);
  const idle = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((s, [, v]) => s + v, 0);
  const busy = total - idle;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const top = Number(values.top);
  console.log(`\n== ${path.relative(target, file) || path.basename(file)}: ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s sampled`);
  console.log('  by package (self time)');
  for (const [pkg, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`   ${pct(us, busy)}  ${pkg}`);
  console.log('  by function (self time)');
  for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`   ${pct(us, busy)}  ${fn}`);
}
