/** The core never imports a specific adapter: only start-up code (src/main.ts, src/demo/) reaches into adapters/. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the adapter boundary', () => {
  it('no src/ file but the start-up ones imports from adapters/', () => {
    const offenders = sources(join(ROOT, 'src'))
      .map((file) => relative(ROOT, file))
      .filter((file) => file !== 'src/main.ts' && !file.startsWith('src/demo/'))
      .filter((file) => /from\s+'(\.\.\/)+adapters\//.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('adapters\' client folders hold no simulator: simulators live under adapters/<kind>/sim/', () => {
    const misplaced = sources(join(ROOT, 'adapters'))
      .map((file) => relative(join(ROOT, 'adapters'), file))
      .filter((file) => !file.split('/').includes('sim') && /(^|\/)(sim-|simulator|launch-simulator)/.test(file) && file !== 'simulators.ts');
    expect(misplaced).toEqual([]);
  });
});
