/** Starts bench/gateway-process.ts with a config (or another bench server speaking its messages) and reads its CPU time over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { deployNodeFlags } from './deploy-flags.ts';

export interface GatewayChild {
  url: string;
  /** The Z39.50 front end's port, when the config has gateway.z3950. */
  z3950Port?: number;
  /** CPU microseconds (user + system) the gateway process has used so far. */
  cpu(): Promise<number>;
  /** CPU ms of its main thread alone so far (Linux; 0 elsewhere): the rest went to V8's compiler and GC threads and libuv. */
  mainThreadCpuMs(): Promise<number>;
  /** The node flags it runs with besides the bench's own (the deploy unit's, for the gateway). */
  nodeFlags: string[];
  close(): Promise<void>;
}

/**
 * The gateway with the deploy unit's node flags (deploy-flags.ts; BENCH_NODE_FLAGS replaces them,
 * '' for none). profileDir: a .cpuprofile there; allocFile: a sampled allocation profile
 * (collected objects included) written there at close.
 */
export function startGatewayChild(config: unknown, options: { profileDir?: string; allocFile?: string } = {}): Promise<GatewayChild> {
  const nodeFlags = deployNodeFlags(process.env.BENCH_NODE_FLAGS);
  const execArgv = [...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []), ...nodeFlags];
  const env: Record<string, string> = { BENCH_GATEWAY_CONFIG: JSON.stringify(config), ...(options.allocFile ? { BENCH_ALLOC_FILE: options.allocFile } : {}) };
  return startChild(new URL('./gateway-process.ts', import.meta.url), [], env, execArgv, nodeFlags);
}

/** bench/z3950-floor-process.ts in front of a Zebra: the cheapest Node Z39.50 front end (bench:z3950-server's floor). */
export function startZ3950FloorChild(zebraHost: string, zebraPort: number): Promise<GatewayChild> {
  return startChild(new URL('./z3950-floor-process.ts', import.meta.url), [zebraHost, String(zebraPort)], {}, [], []);
}

function startChild(script: URL, args: string[], env: Record<string, string>, extraExecArgv: string[], nodeFlags: string[]): Promise<GatewayChild> {
  const child: ChildProcess = fork(fileURLToPath(script), args, { env: { ...process.env, ...env }, execArgv: [...process.execArgv, ...extraExecArgv] });
  const next = <T>(): Promise<T> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${script.pathname} exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as T);
      });
    });
  return next<{ url: string; z3950Port?: number }>().then(({ url, z3950Port }) => ({
    url,
    ...(z3950Port !== undefined ? { z3950Port } : {}),
    nodeFlags,
    cpu: async () => {
      const answer = next<{ cpu: number }>();
      child.send('cpu');
      return (await answer).cpu;
    },
    mainThreadCpuMs: async () => {
      const answer = next<{ mainThreadMs: number }>();
      child.send('cpu');
      return (await answer).mainThreadMs;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('close');
      }),
  }));
}
