/** Starts the production build (`node DIST/main.js --config FILE --port 0`) and waits for its "Gateway on URL" line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export async function startBuiltGateway(dist: string, configFile: string, nodeArgs: readonly string[] = [], options: { health?: boolean } = {}): Promise<{ url: string; healthUrl?: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, join(dist, 'main.js'), '--config', configFile, '--port', '0'], { env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  // With gateway.health configured, the "Health on URL" line follows the "Gateway on URL" one.
  const lines = await new Promise<{ url: string; healthUrl?: string }>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Gateway on (http:\/\/\S+)/.exec(out)?.[1];
      const healthUrl = /Health on (http:\/\/\S+)\/healthz/.exec(out)?.[1];
      if (url && !options.health) resolve({ url });
      if (url && healthUrl) resolve({ url, healthUrl });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}: ${out.slice(-500)}`)));
  });
  return { ...lines, child };
}
