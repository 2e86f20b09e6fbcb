/**
 * Runs the production build as a real process: `node dist/main.js --config FILE --port 0`, with
 * the config written to a temp file and the ILL store in a temp directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-data.ts';

export interface BuiltGateway {
  url: string;
  child: ChildProcess;
  dataDir: string;
  /** stdout + stderr so far (pino JSON lines and the start-up line). */
  output(): string;
  /** The health port's base URL, once its start-up line is out (gateway.health configured). */
  healthUrl(): string | undefined;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** A library nobody answers (port 9, discard): enough for tests that never search. */
const UNREACHABLE_LIBRARY = { id: 'nowhere', name: { zh: '无', en: 'Nowhere' }, category: '其他类', adapter: 'sru', settings: { url: 'http://127.0.0.1:9/nowhere' } };

export interface BuiltOptions {
  libraries: 'none' | unknown[];
  gateway?: Record<string, unknown>;
  env?: Record<string, string>;
}

export async function startBuilt(dist: string, options: BuiltOptions): Promise<BuiltGateway> {
  const dir = tempDir('built-gateway-');
  const dataDir = join(dir, 'data');
  const config = join(dir, 'gateway.json');
  const gateway = { port: 0, ...options.gateway, ill: { dataDir, ...(options.gateway?.ill as object | undefined) } };
  writeFileSync(config, JSON.stringify({ gateway, libraries: options.libraries === 'none' ? [UNREACHABLE_LIBRARY] : options.libraries }));
  const child = spawn(process.execPath, [join(dist, 'main.js'), '--config', config], { env: { ...process.env, LOG_LEVEL: 'info', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Gateway on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code }) => reject(new Error(`gateway exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    child,
    dataDir,
    output: () => output,
    healthUrl: () => /Health on (http:\/\/\S+)\/healthz/.exec(output)?.[1],
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
