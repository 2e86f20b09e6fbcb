import { readFileSync } from 'node:fs';

/** utime + stime of a process in ms (Linux /proc; 0 elsewhere), for a peer's CPU beside ours. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}
