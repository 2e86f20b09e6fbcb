import { readFileSync } from 'node:fs';

/** utime + stime of a process in ms (Linux /proc; 0 elsewhere), for a peer's CPU beside ours. */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/** The same for one thread of it (the main thread's id is the pid): the rest of a Node process is V8's compiler and GC helpers and libuv's pool. */
export function threadCpuMs(pid: number, tid = pid): number {
  return statCpuMs(`/proc/${pid}/task/${tid}/stat`);
}

function statCpuMs(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}
