/**
 * Service peers for the shared stores: a redis-server and a PostgreSQL cluster, each on a free
 * loopback port in its own temp dir (reference 10). PostgreSQL refuses to run as root, so as
 * root (CI) the cluster belongs to the `postgres` user and is driven through runuser.
 * Used by the tests (test/peers/services.ts gates them) and by bench/scale.ts.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freeLoopbackPort, runTool, terminate, trackDaemon, untrackDaemon } from './proc.ts';

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, binary)));
}

export function redisAvailable(): boolean {
  return onPath('redis-server');
}

/** Debian puts PostgreSQL's server binaries under /usr/lib/postgresql/<major>/bin, not on PATH. */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  if (onPath('initdb') && onPath('pg_ctl')) return '';
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  const found = majors.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  return found;
}

export interface RedisPeer {
  port: number;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `port`: restart on a known port (a Redis that comes back after an outage). */
export async function startRedis(options: { port?: number } = {}): Promise<RedisPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-peer-'));
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = options.port ?? (await freeLoopbackPort());
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', join(dir, 'redis.log')], {
      stdio: 'ignore',
    });
    const pid = proc.pid;
    if (pid === undefined) continue;
    trackDaemon(pid, 'redis-server');
    const url = `redis://127.0.0.1:${port}`;
    if (await waitForRedis(url, () => proc.exitCode === null, 5_000)) {
      let stopping: Promise<void> | undefined;
      return {
        port,
        url,
        pid,
        stop: () =>
          (stopping ??= (async () => {
            await terminate(pid, 'redis-server', { graceMs: 2_000 });
            untrackDaemon(pid);
            rmSync(dir, { recursive: true, force: true });
          })()),
      };
    }
    proc.kill('SIGKILL');
    untrackDaemon(pid);
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('redis-server did not start on a free loopback port');
}

async function waitForRedis(url: string, alive: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return true;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await delay(50);
  }
  return false;
}

export interface PostgresPeer {
  port: number;
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth on loopback). */
  url: string;
  /** A fresh database on the cluster, for one test file's isolation. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresPeer> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error('PostgreSQL binaries not found');
  const tool = (name: string) => (bin ? join(bin, name) : name);
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL will not run as root: as root, the cluster belongs to the postgres user.
  const run = (args: string[], timeoutMs = 30_000) => (asRoot ? runTool('runuser', ['-u', 'postgres', '--', ...args], { timeoutMs }) : runTool(args[0] as string, args.slice(1), { timeoutMs }));
  const dir = mkdtempSync(join(tmpdir(), 'pg-peer-'));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const ids = await runTool('id', ['-u', 'postgres']);
    const gids = await runTool('id', ['-g', 'postgres']);
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  }
  const data = join(dir, 'data');
  const init = await run([tool('initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  if (init.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr}`);
  }
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freeLoopbackPort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60 -c shared_buffers=16MB`;
    const started = await run([tool('pg_ctl'), '-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '20', 'start']);
    if (started.code !== 0) continue;
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let stopping: Promise<void> | undefined;
    return {
      port,
      url,
      async createDatabase(name) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      stop: () =>
        (stopping ??= (async () => {
          await run([tool('pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
          rmSync(dir, { recursive: true, force: true });
        })()),
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('PostgreSQL did not start on a free loopback port');
}
