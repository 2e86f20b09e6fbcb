/**
 * `npm run build`: the production gateway in dist/ —
 *   dist/main.js            the entry (`node dist/main.js --config FILE`)
 *   dist/src, dist/adapters the server as JavaScript: tsc emits exactly src/main.ts's module graph
 *                           (no demo, no simulators), `.ts` specifiers rewritten to `.js`
 *   dist/ui                 the browser bundles and stylesheet under content-hashed names, manifest.json
 * Deterministic: no timestamps or absolute paths in any output, so two builds are byte-identical
 * (test/service/build.test.ts). `--out DIR` builds elsewhere (tests, benchmark).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleClient, STYLESHEET } from '../src/ui/bundle.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const PAGES = ['index.html', 'librarian.html', 'requests.html'];

function hashedName(logical: string, body: string): string {
  const dot = logical.lastIndexOf('.');
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return `${logical.slice(0, dot)}-${digest}${logical.slice(dot)}`;
}

export async function buildDist(outDir: string): Promise<void> {
  const out = resolve(outDir);
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], { cwd: ROOT, stdio: 'inherit' });
  writeFileSync(join(out, 'main.js'), "// The production entry; the server's modules keep the repository's layout under dist/.\nimport './src/main.js';\n");
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);

  const staticDir = join(out, 'src', 'ui', 'static');
  mkdirSync(staticDir, { recursive: true });
  for (const page of PAGES) copyFileSync(join(ROOT, 'src', 'ui', 'static', page), join(staticDir, page));

  const uiDir = join(out, 'ui');
  mkdirSync(uiDir, { recursive: true });
  const files = new Map(await bundleClient());
  files.set('app.css', readFileSync(STYLESHEET, 'utf8'));
  const manifest: Record<string, string> = {};
  for (const logical of [...files.keys()].sort()) {
    const body = files.get(logical) ?? '';
    manifest[logical] = hashedName(logical, body);
    writeFileSync(join(uiDir, manifest[logical]), body);
  }
  writeFileSync(join(uiDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'dist') } } });
  buildDist(values.out).then(
    () => console.log(`built ${values.out}`),
    (error: unknown) => {
      console.error('build failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
