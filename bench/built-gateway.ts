/** Starts the production build (`node DIST/main.js --config FILE --port 0`) and waits for its "Gateway on URL" line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export async function startBuiltGateway(dist: string, configFile: string, nodeArgs: readonly string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, join(dist, 'main.js'), '--config', configFile, '--port', '0'], { env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Gateway on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}: ${out.slice(-500)}`)));
  });
  return { url, child };
}
