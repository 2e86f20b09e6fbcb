/**
 * The demo libraries in a process of their own (peers/demo-libraries-process.ts), for tests and
 * benchmarks that run several gateway instances against one set of simulated libraries.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LibraryConfig } from '../src/config/schema.ts';
import type { DemoLibrariesRequest, DemoLibraryStats } from './demo-libraries-process.ts';

export interface DemoLibraries {
  /** The demo config's libraries, endpoints pointing at the simulators (no `simulate` blocks). */
  libraries: LibraryConfig[];
  /** The simulated BALIS ILL system's request URL (gateway.ill.balis.url). */
  balisUrl: string;
  pid: number;
  stats(): Promise<DemoLibraryStats>;
  /** BALIS accepts but keeps its answers back until releaseBalis() (a submission held in flight). */
  holdBalis(): Promise<void>;
  releaseBalis(): Promise<void>;
  /** Resolves once BALIS has received this many POSTs in all. */
  balisReceived(count: number): Promise<void>;
  close(): Promise<void>;
}

type Op = DemoLibrariesRequest['op'];

export async function startDemoLibraries(options: { config?: string } = {}): Promise<DemoLibraries> {
  const script = fileURLToPath(new URL('./demo-libraries-process.ts', import.meta.url));
  const child: ChildProcess = fork(script, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...(options.config ? { DEMO_LIBRARIES_CONFIG: options.config } : {}) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ libraries: LibraryConfig[]; balisUrl: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { libraries: LibraryConfig[]; balisUrl: string }));
    child.once('exit', (code) => reject(new Error(`demo libraries exited (${code}) before listening`)));
  });
  let next = 0;
  const pending = new Map<number, (body: unknown) => void>();
  child.on('message', (m: { id?: number }) => {
    if (m.id === undefined) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const ask = <T>(op: Op, extra: object = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = (next += 1);
      pending.set(id, (body) => resolve(body as T));
      child.send({ id, op, ...extra }, (error) => error && reject(error));
    });
  return {
    libraries: ready.libraries,
    balisUrl: ready.balisUrl,
    pid: child.pid as number,
    stats: () => ask<DemoLibraryStats>('stats'),
    holdBalis: () => ask('hold'),
    releaseBalis: () => ask('release'),
    balisReceived: (received) => ask('waitBalis', { received }),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.send({ id: 0, op: 'close' });
      await exited;
    },
  };
}
