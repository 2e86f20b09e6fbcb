/**
 * yaz-ztest on loopback: YAZ's test server, used for fault behaviour the real
 * catalogue cannot give on demand (slow searches, diagnostics, dropped
 * sessions). See ../shared/reference/09-test-peers.md.
 *
 * It runs in forking mode (one process per session) as a daemon in its own
 * session, so stop() signals the whole process group.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort, isRunning, runTool, terminate, trackDaemon, untrackDaemon } from '../../peers/proc.ts';

const ZTEST_CONFIG_DIR = fileURLToPath(new URL('./ztest/', import.meta.url));

export interface YazZtestPeer {
  host: '127.0.0.1';
  port: number;
  /** Daemon pid; also the process group id of every session process. */
  pid: number;
  dir: string;
  sruUrl(db: string): string;
  z3950Target(db: string): string;
  stop(): Promise<void>;
}

export async function startYazZtest(options: { portAttempts?: number } = {}): Promise<YazZtestPeer> {
  const dir = await mkdtemp(join(tmpdir(), 'yaz-ztest-peer-'));
  try {
    await cp(ZTEST_CONFIG_DIR, dir, { recursive: true });
    let lastLog = '';
    for (let attempt = 0; attempt < (options.portAttempts ?? 5); attempt++) {
      const port = await freeLoopbackPort();
      const log = `ztest-${attempt}.log`;
      // -D: returns after the bind, daemon in a new session (pgid = pid).
      const result = await runTool('yaz-ztest', ['-f', 'ztest.xml', '-l', log, '-p', 'ztest.pid', '-D', `tcp:127.0.0.1:${port}`], { cwd: dir });
      if (result.code === 0) {
        const pid = Number((await readFile(join(dir, 'ztest.pid'), 'utf8')).trim());
        if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
          trackDaemon(pid, 'yaz-ztest', true);
          let stopping: Promise<void> | undefined;
          return {
            host: '127.0.0.1',
            port,
            pid,
            dir,
            sruUrl: (db) => `http://127.0.0.1:${port}/${encodeURIComponent(db)}`,
            z3950Target: (db) => `tcp:127.0.0.1:${port}/${db}`,
            stop: () => {
              stopping ??= (async () => {
                try {
                  await terminate(pid, 'yaz-ztest', { group: true });
                } finally {
                  untrackDaemon(pid);
                  await rm(dir, { recursive: true, force: true });
                }
              })();
              return stopping;
            },
          };
        }
      }
      lastLog = await readFile(join(dir, log), 'utf8').catch(() => result.stderr);
      if (!lastLog.includes('Address already in use')) break;
    }
    throw new Error(`yaz-ztest did not start:\n${lastLog}`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
