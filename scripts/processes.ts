// Child-process plumbing shared by `pnpm start` and `pnpm seed`: run a TypeScript entry point as
// its own Node process, prefix its output, wait for an HTTP probe, read its peak memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import readline from 'node:readline';

// V8 flags of the services when the whole federation shares one machine (`pnpm start`, `pnpm bench`):
// young collections on the main thread alone, 16 MiB semi-spaces. Why: docs/decisions/0010-service-v8-flags.md.
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=16', '--single-threaded-gc'];

export function runTs(label: string, entry: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `${label.padEnd(13)}| `;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(prefix + line + '\n'));
  }
  return child;
}

/** Waits until `url` answers 2xx to `init` (a GET by default), or the process exits, or the time is up. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, init: RequestInit = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Peak resident memory of a live process in MiB (Linux VmHWM), or null where /proc is absent. */
export function peakRssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
