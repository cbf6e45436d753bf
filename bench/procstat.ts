// CPU time of processes, read from Linux's /proc: the same figures for our processes, the
// baseline gateways and PostgreSQL's backends, whatever they run (peak memory: scripts/processes.ts).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * User + system CPU seconds a process has used so far, with those of its children that have
 * exited and been waited for (cutime, cstime); 0 when it is gone. Summed over a live tree, a
 * process that exits mid-window (a PostgreSQL backend, an autovacuum worker) moves from its own
 * count to its parent's instead of vanishing (seen: PostgreSQL at −21 ms per request).
 */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The process and its descendants (a gateway's cluster workers). */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

/** CPU seconds of a process and its descendants. */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + cpuSeconds(p), 0);
}

/** Every PostgreSQL server process (postmaster and backends): their CPU is the databases' cost. */
export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU seconds of all PostgreSQL processes, exited backends included (the postmaster waits for them). */
export function postgresCpuSeconds(): number {
  return postgresPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}
