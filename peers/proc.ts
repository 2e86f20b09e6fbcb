/**
 * Process helpers shared by the loopback test peers (Zebra, yaz-ztest).
 * Linux-only where it matters: liveness is read from /proc because daemonised
 * servers are re-parented to PID 1, which in containers may not reap them, so
 * a killed server can stay a zombie for a second or more and `kill -0` would
 * still report it alive.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  cwd?: string;
  /** Written to stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
  /** Keep stdout as raw bytes (ISO 2709 output). */
  binary?: boolean;
}

/** Runs a command to completion; a non-zero exit is reported, not thrown. */
export function runTool(command: string, args: string[], options: ToolOptions = {}): Promise<ToolResult & { stdoutBytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, signal, stdoutBytes, stdout: options.binary ? '' : stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    // A tool that exits before reading its input makes stdin emit EPIPE; the exit code tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** A loopback port that was free a moment ago (callers retry on a bind conflict). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

const HAVE_PROC = existsSync('/proc/self/stat');

/** The one-letter state from /proc/PID/stat, or undefined when the pid does not exist. */
function processState(pid: number): string | undefined {
  if (!HAVE_PROC) {
    try {
      process.kill(pid, 0);
      return 'R';
    } catch {
      return undefined;
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** True while the process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  const state = processState(pid);
  return state !== undefined && state !== 'Z' && state !== 'X';
}

function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Polls (bounded) until the process is gone or a zombie. */
async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await delay(10);
  }
  return true;
}

function signal(target: number, sig: NodeJS.Signals): void {
  try {
    process.kill(target, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Stops a server we started: SIGTERM, then SIGKILL if it is still running
 * after `graceMs`.
 * With `group`, the whole process group is signalled (a forking server's
 * session children share the daemon's group). The pid is only signalled if
 * /proc says it still runs the expected program, so a recycled pid is safe.
 */
export async function terminate(pid: number, expectedName: string, options: { group?: boolean; graceMs?: number } = {}): Promise<void> {
  const name = processName(pid);
  if (HAVE_PROC && name !== undefined && name !== expectedName) return;
  const target = options.group ? -pid : pid;
  if (isRunning(pid)) {
    signal(target, 'SIGTERM');
    if (await waitForExit(pid, options.graceMs ?? 3_000)) {
      if (options.group) signal(target, 'SIGKILL');
      return;
    }
  }
  signal(target, 'SIGKILL');
  if (!(await waitForExit(pid, 3_000))) throw new Error(`${expectedName} (pid ${pid}) did not exit`);
}

/** Pids still registered at exit are killed synchronously, so a crashed test run leaves no daemon behind. */
const live = new Map<number, { group: boolean; expectedName: string }>();
let exitHookInstalled = false;

export function trackDaemon(pid: number, expectedName: string, group = false): void {
  live.set(pid, { group, expectedName });
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [daemon, info] of live) {
      if (processName(daemon) !== info.expectedName) continue;
      signal(info.group ? -daemon : daemon, 'SIGKILL');
    }
  });
}

export function untrackDaemon(pid: number): void {
  live.delete(pid);
}
