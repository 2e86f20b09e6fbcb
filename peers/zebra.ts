/**
 * A real Z39.50 + SRU server on loopback: Index Data Zebra serving the fixture
 * catalogue (fixtures/catalogue) as two databases, `marc21` and `cnmarc`.
 *
 *   const zebra = await startZebra();
 *   zebra.sruUrl('cnmarc')        // http://127.0.0.1:PORT/cnmarc
 *   zebra.z3950Target('marc21')   // tcp:127.0.0.1:PORT/marc21
 *   await zebra.stop();
 *
 * Each start indexes into a fresh temp dir (0.4-0.9 s in all), so peers never share
 * state and parallel test files can each run their own.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort, isRunning, runTool, terminate, trackDaemon, untrackDaemon } from './proc.ts';

export const ZEBRA_CONFIG_DIR = fileURLToPath(new URL('./zebra/', import.meta.url));
export const CATALOGUE_DIR = fileURLToPath(new URL('../fixtures/catalogue/', import.meta.url));

/** Database name → MARCXML collection in the catalogue dir; the DOM filter config is dom-<name>.xml. */
export const ZEBRA_DATABASES = { marc21: 'marc21.xml', cnmarc: 'cnmarc.xml' } as const;
type ZebraDatabase = keyof typeof ZEBRA_DATABASES;

export interface ZebraOptions {
  /** Where marc21.xml and cnmarc.xml are read from (default fixtures/catalogue). */
  catalogueDir?: string;
  /** Attempts at finding a free port when another process grabs it first. */
  portAttempts?: number;
  /** Files (name → content) written over the copied config, e.g. another yazgfs.xml. */
  configFiles?: Record<string, string>;
}

export interface ZebraPeer {
  host: '127.0.0.1';
  port: number;
  pid: number;
  /** Temp dir holding config, register and log; removed by stop(). */
  dir: string;
  /** Records indexed per database. */
  recordCounts: Record<ZebraDatabase, number>;
  startupMs: number;
  sruUrl(db: string): string;
  z3950Target(db: string): string;
  stop(): Promise<void>;
}

const RECORD_TERMINATOR = 0x1d;

function countIso2709Records(bytes: Buffer): number {
  let n = 0;
  for (const byte of bytes) if (byte === RECORD_TERMINATOR) n++;
  return n;
}

async function toIso2709(xmlFile: string, mrcFile: string): Promise<number> {
  const result = await runTool('yaz-marcdump', ['-i', 'marcxml', '-o', 'marc', xmlFile], { binary: true });
  if (result.code !== 0) throw new Error(`yaz-marcdump failed on ${xmlFile}: ${result.stderr}`);
  await writeFile(mrcFile, result.stdoutBytes);
  return countIso2709Records(result.stdoutBytes);
}

async function index(dir: string, db: ZebraDatabase, expected: number): Promise<void> {
  const result = await runTool('zebraidx', ['-c', 'zebra.cfg', '-d', db, '-t', `dom.dom-${db}.xml`, 'update', `${db}.mrc`], { cwd: dir });
  // zebraidx logs "Records: N i/u/d ..." on stderr; a broken XSLT shows up as fewer records, not as an exit code.
  const indexed = Number(/Records:\s+(\d+)/.exec(result.stderr)?.[1] ?? -1);
  if (result.code !== 0 || indexed !== expected) {
    throw new Error(`zebraidx ${db}: exit ${result.code}, indexed ${indexed} of ${expected}\n${result.stderr}`);
  }
}

/**
 * The daemon's pid, once its pid file names a running process. YAZ's daemon releases the parent
 * (so `zebrasrv -D` returns, its listener already bound) just before the child writes the pid
 * file: read at once, the file can still be empty.
 */
export async function daemonPid(file: string, waitMs = 5000): Promise<number | undefined> {
  const until = Date.now() + waitMs;
  for (;;) {
    const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) return pid;
    if (Date.now() > until) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function launch(dir: string, attempts: number): Promise<{ port: number; pid: number }> {
  let lastLog = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = await freeLoopbackPort();
    const log = `zebrasrv-${attempt}.log`;
    // -D returns once the port is bound (the pid file follows, see daemonPid): the server accepts connections then.
    const result = await runTool('zebrasrv', ['-f', 'yazgfs.xml', '-l', log, '-p', 'zebrasrv.pid', '-D', '-T', `tcp:127.0.0.1:${port}`], { cwd: dir });
    if (result.code === 0) {
      const pid = await daemonPid(join(dir, 'zebrasrv.pid'));
      if (pid !== undefined) return { port, pid };
    }
    lastLog = `exit ${result.code}; ${await readFile(join(dir, log), 'utf8').catch(() => result.stderr)}`;
    // Only a lost race for the port is worth another try.
    if (!lastLog.includes('Address already in use')) break;
  }
  throw new Error(`zebrasrv did not start:\n${lastLog}`);
}

export async function startZebra(options: ZebraOptions = {}): Promise<ZebraPeer> {
  const started = performance.now();
  const catalogueDir = options.catalogueDir ?? CATALOGUE_DIR;
  const dir = await mkdtemp(join(tmpdir(), 'zebra-peer-'));
  let pid: number | undefined;
  try {
    await cp(ZEBRA_CONFIG_DIR, dir, { recursive: true });
    for (const [name, content] of Object.entries(options.configFiles ?? {})) await writeFile(join(dir, name), content);
    await Promise.all(['register', 'lock', 'tmp'].map((sub) => mkdir(join(dir, sub))));
    const dbs = Object.keys(ZEBRA_DATABASES) as ZebraDatabase[];
    const counts = await Promise.all(dbs.map((db) => toIso2709(join(catalogueDir, ZEBRA_DATABASES[db]), join(dir, `${db}.mrc`))));
    // One zebraidx at a time: they share the register and its lock.
    const recordCounts = {} as Record<ZebraDatabase, number>;
    for (const [i, db] of dbs.entries()) {
      const expected = counts[i] ?? 0;
      await index(dir, db, expected);
      recordCounts[db] = expected;
    }
    const launched = await launch(dir, options.portAttempts ?? 5);
    pid = launched.pid;
    trackDaemon(pid, 'zebrasrv');
    const { port } = launched;
    const serverPid = pid;
    let stopping: Promise<void> | undefined;
    return {
      host: '127.0.0.1',
      port,
      pid: serverPid,
      dir,
      recordCounts,
      startupMs: performance.now() - started,
      sruUrl: (db) => `http://127.0.0.1:${port}/${encodeURIComponent(db)}`,
      z3950Target: (db) => `tcp:127.0.0.1:${port}/${db}`,
      stop: () => {
        stopping ??= (async () => {
          try {
            // zebrasrv -T can sit on SIGTERM for seconds once a session has been served; it holds nothing worth a clean shutdown.
            await terminate(serverPid, 'zebrasrv', { graceMs: 200 });
          } finally {
            untrackDaemon(serverPid);
            await rm(dir, { recursive: true, force: true });
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (pid !== undefined) {
      await terminate(pid, 'zebrasrv', { graceMs: 200 }).catch(() => undefined);
      untrackDaemon(pid);
    }
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
