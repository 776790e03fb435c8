// CPU seconds a process (or a process and its children) has used, read from Linux's /proc/<pid>/stat:
// how the bench charges the server, the broker and PostgreSQL apart from the load generator.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

let ticks: number | undefined;
/** Clock ticks per second, the unit of /proc's times (100 on nearly every Linux). */
function ticksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

interface Stat {
  ppid: number;
  /** utime + stime, the process's own CPU. */
  own: number;
  /** cutime + cstime, of its children that ended and were waited for. */
  children: number;
}

function stat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // after "pid (comm) ": fields 3… (comm may hold spaces and parentheses); ppid is field 4, utime 14, stime 15, cutime 16, cstime 17
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
  return { ppid: fields[1]!, own: fields[11]! + fields[12]!, children: fields[13]! + fields[14]! };
}

/** CPU seconds of one process so far (its threads included); null when it is gone or not on Linux. */
export function cpuSeconds(pid: number): number | null {
  const s = stat(pid);
  return s === null ? null : s.own / ticksPerSecond();
}

/**
 * CPU seconds of a process and its direct children, live or ended (PostgreSQL: the postmaster and its
 * backends and workers); null when it is gone or not on Linux.
 */
export function treeCpuSeconds(pid: number): number | null {
  const root = stat(pid);
  if (root === null) return null;
  let total = root.own + root.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = stat(Number(entry));
    if (child !== null && child.ppid === pid) total += child.own;
  }
  return total / ticksPerSecond();
}
