/**
 * The production build: deterministic (two builds byte-identical), its entry's module graph free
 * of the demo and every simulator, and the UI served from hashed files with long cache headers
 * by `node dist/main.js` (no tsx, no esbuild at start).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshBuild, ROOT } from '../helpers/built-dist.ts';
import { tempDir } from '../helpers/temp-data.ts';
import { startBuilt, type BuiltGateway } from './built-gateway.ts';

/** Module paths production must never load. */
const DEMO_ONLY = [/^src\/demo\//, /^src\/simulation\//, /^adapters\/simulators\.[jt]s$/, /^adapters\/[^/]+\/(sim[-/]|sim\.|simulator|launch-simulator)/, /^src\/ill\/balis-simulator\./, /^src\/ui\/bundle\./, /esbuild|tsx/];

function isDemoOnly(path: string): boolean {
  return DEMO_ONLY.some((re) => re.test(path));
}

function listFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (name === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(dir);
  return files;
}

describe('npm run build', () => {
  let first: string;
  let second: string;
  beforeAll(async () => {
    first = await freshBuild();
    second = await freshBuild();
  }, 240_000);
  afterAll(() => {
    for (const dir of [first, second]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is deterministic: two builds give byte-identical files', () => {
    const a = listFiles(first);
    const b = listFiles(second);
    expect(a.size).toBeGreaterThan(100);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, digest] of a) expect(b.get(path), path).toBe(digest);
  });

  it('emits the server as JavaScript and the UI under content-hashed names', () => {
    const files = [...listFiles(first).keys()];
    expect(files).toContain('main.js');
    expect(files).toContain(join('src', 'main.js'));
    expect(files.some((f) => f.endsWith('.ts'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(first, 'ui', 'manifest.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(manifest).sort()).toEqual(['app.css', 'librarian.js', 'requests.js', 'search.js']);
    for (const [logical, file] of Object.entries(manifest)) {
      const digest = createHash('sha256').update(readFileSync(join(first, 'ui', file))).digest('hex').slice(0, 16);
      expect(file).toBe(logical.replace(/\.(js|css)$/, `-${digest}.$1`));
    }
  });

  it('contains no demo or simulator module', () => {
    const offenders = [...listFiles(first).keys()].filter(isDemoOnly);
    expect(offenders).toEqual([]);
  });

  it('loads no demo or simulator module when node runs the entry', async () => {
    const log = join(tempDir('module-graph-'), 'loaded.txt');
    writeFileSync(log, '');
    // A resolve hook that records every module the entry's graph loads, then --check-config exits.
    const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) { const r = await next(specifier, context); appendFileSync(process.env.MODULE_LOG, r.url + '\\n'); return r; }`;
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, join(first, 'main.js'), '--check-config', '--config', join(ROOT, 'config', 'public.example.json')], {
        env: { ...process.env, MODULE_LOG: log },
        stdio: 'ignore',
      });
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    const loaded = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
    const ours = loaded.map((u) => decodeURIComponent(new URL(u).pathname)).filter((p) => p.startsWith(first)).map((p) => relative(first, p));
    expect(ours).toContain(join('src', 'server.js'));
    expect(ours.some((p) => p.startsWith('adapters/z3950/'))).toBe(true);
    expect(ours.filter(isDemoOnly)).toEqual([]);
    expect(loaded.filter((u) => /node_modules\/(esbuild|tsx)\//.test(u))).toEqual([]);
  });

  it("keeps the source entry's graph free of them too (esbuild metafile of src/main.ts)", async () => {
    const result = await build({ entryPoints: [join(ROOT, 'src', 'main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, logLevel: 'silent', absWorkingDir: ROOT });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('src/server.ts');
    expect(inputs.filter(isDemoOnly)).toEqual([]);
  });

  describe('node dist/main.js', () => {
    let gw: BuiltGateway;
    beforeAll(async () => {
      gw = await startBuilt(first, { libraries: 'none', gateway: { health: { port: 0 } } });
    }, 60_000);
    afterAll(async () => {
      await gw?.stop();
    });

    it('serves the pages pointing at the hashed files, which are cached for a year', async () => {
      const page = await request(`${gw.url}/`);
      expect(page.headers['cache-control']).toBe('no-cache');
      const html = await page.body.text();
      const script = /src="\/ui\/(search-[0-9a-f]{16}\.js)"/.exec(html)?.[1];
      const css = /href="\/ui\/(app-[0-9a-f]{16}\.css)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect(css).toBeDefined();
      for (const file of [script, css]) {
        const res = await request(`${gw.url}/ui/${file}`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        await res.body.dump();
      }
      const unhashed = await request(`${gw.url}/ui/search.js`);
      expect(unhashed.statusCode).toBe(404);
      await unhashed.body.dump();
    });

    it('answers /healthz on the health port from the compiled thread (no esbuild in dist)', async () => {
      await expect.poll(() => gw.healthUrl(), { timeout: 10_000 }).toBeDefined();
      const healthUrl = gw.healthUrl();
      const res = await request(`${healthUrl}/healthz`);
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toMatchObject({ status: 'ok', libraries: 1 });
      const ready = await request(`${healthUrl}/readyz`);
      expect(ready.statusCode).toBe(200);
      await ready.body.dump();
    });

    it('refuses a config with a simulate block, naming the field', async () => {
      const file = join(tempDir('prod-config-'), 'gateway.json');
      writeFileSync(file, JSON.stringify({ libraries: [{ id: 'pku', name: { zh: '北大', en: 'PKU' }, category: '其他类', adapter: 'sru', settings: { url: 'http://127.0.0.1:1/pku' }, simulate: { latencyMs: 5 } }] }));
      const out = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(first, 'main.js'), '--config', file], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      expect(out.code).toBe(1);
      expect(out.stderr).toContain('libraries[0] (id "pku").simulate');
    });
  });
});
