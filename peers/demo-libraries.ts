/**
 * The demo libraries in a process of their own (src/demo/libraries.ts, `npm run demo:libraries`),
 * for tests and benchmarks that run several gateway instances against one set of simulated
 * libraries, asking that process what the simulators saw.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LibraryConfig } from '../src/config/schema.ts';
import type { DemoLibrariesRequest, DemoLibraryStats } from '../src/demo/libraries.ts';

export interface DemoLibraries {
  /** The demo config's libraries, endpoints pointing at the simulators (no `simulate` blocks). */
  libraries: LibraryConfig[];
  /** The simulated BALIS ILL system's request URL (gateway.ill.balis.url). */
  balisUrl: string;
  stats(): Promise<DemoLibraryStats>;
  /** BALIS accepts but keeps its answers back until releaseBalis() (a submission held in flight). */
  holdBalis(): Promise<void>;
  releaseBalis(): Promise<void>;
  /** Resolves once BALIS has received this many POSTs in all. */
  balisReceived(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoLibraries(): Promise<DemoLibraries> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-libraries-'));
  const out = join(dir, 'libraries.json');
  const child: ChildProcess = fork(fileURLToPath(new URL('../src/demo/libraries.ts', import.meta.url)), ['--out', out], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`demo libraries exited (${code}) before listening`)));
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const config = JSON.parse(readFileSync(out, 'utf8')) as { gateway: { ill?: { balis?: { url: string } } }; libraries: LibraryConfig[] };
  rmSync(dir, { recursive: true, force: true });
  let next = 0;
  const pending = new Map<number, (body: { error?: string }) => void>();
  child.on('message', (m: { id?: number; error?: string }) => {
    if (m.id === undefined) return;
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const ask = <T>(op: DemoLibrariesRequest['op'], extra: object = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = (next += 1);
      pending.set(id, (body) => (body.error ? reject(new Error(body.error)) : resolve(body as T)));
      child.send({ id, op, ...extra }, (error) => error && reject(error));
    });
  return {
    libraries: config.libraries,
    balisUrl: config.gateway.ill?.balis?.url ?? '',
    stats: () => ask<DemoLibraryStats>('stats'),
    holdBalis: () => ask('hold'),
    releaseBalis: () => ask('release'),
    balisReceived: (received) => ask('waitBalis', { received }),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
