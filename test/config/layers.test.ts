/** Config layering: built-in defaults, then the kind's `defaults`, then the library; and what --check-config --print shows. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { ConfigError, parseConfig } from '../../src/config/load.ts';
import { layer } from '../../src/config/layers.ts';

const library = (id: string, adapter: string, settings: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id, adapter, settings, name: { zh: id, en: id }, category: '其他类', ill: { lenderCode: '1' }, ...extra,
});

describe('config layers', () => {
  it('merges objects key by key; arrays and values replace', () => {
    expect(layer({ a: { x: 1, y: 2 }, list: [1, 2], v: 1 }, { a: { y: 3 }, list: [9], v: 2 })).toEqual({ a: { x: 1, y: 3 }, list: [9], v: 2 });
    expect(layer({ a: 1 }, undefined)).toEqual({ a: 1 });
  });

  it('puts a kind\'s defaults under each library of that kind, the library\'s own settings winning', () => {
    const config = parseConfig(
      {
        defaults: { sru: { timeoutMs: 4000, settings: { timeouts: { connectMs: 1500, requestMs: 6000 }, recordSchema: 'marcxml' }, interceptors: { cache: { ttlSeconds: 30 } } } },
        libraries: [
          library('a', 'sru', { url: 'http://a.example/sru' }),
          library('b', 'sru', { url: 'http://b.example/sru', timeouts: { requestMs: 9000 } }, { timeoutMs: 2000 }),
          library('z', 'z3950', { host: 'z.example', port: 210, databases: ['Z'] }),
        ],
      },
      'test.json',
      adapterRegistry,
    );
    const [a, b, z] = config.libraries;
    expect(a).toMatchObject({ timeoutMs: 4000, interceptors: { cache: { ttlSeconds: 30, max: 200 } }, settings: { timeouts: { connectMs: 1500, requestMs: 6000 }, recordSchema: 'marcxml' } });
    expect(b).toMatchObject({ timeoutMs: 2000, settings: { timeouts: { connectMs: 1500, requestMs: 9000 } } });
    // Another kind keeps the built-in defaults.
    expect(z?.timeoutMs).toBeUndefined();
    expect(z?.interceptors).toBeUndefined();
  });

  it('names the file, the unknown kind, and the library whose effective setting is wrong', () => {
    const attempt = (raw: unknown) => {
      try {
        parseConfig(raw, 'bad.json', adapterRegistry);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      throw new Error('accepted');
    };
    expect(attempt({ defaults: { gopher: { timeoutMs: 1 } }, libraries: [library('a', 'sru', { url: 'http://a.example/sru' })] })).toEqual(['defaults.gopher: unknown adapter "gopher" (known: sru, z3950, jp-catalogue, balis, ipac)']);
    expect(attempt({ defaults: { sru: { settings: { version: '3.0' } } }, libraries: [library('a', 'sru', { url: 'http://a.example/sru' })] })[0]).toMatch(/^libraries\[0\] \(id "a"\)\.settings\.version/);
    expect(attempt({ defaults: { sru: { id: 'x' } }, libraries: [library('a', 'sru', { url: 'http://a.example/sru' })] })[0]).toMatch(/^defaults\.sru/);
  });

  it('--check-config --print shows every library\'s effective settings (the demo config, kind defaults applied)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', '--check-config', '--print'], { cwd: new URL('../..', import.meta.url).pathname });
    const json = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { libraries: { id: string; adapter: string; settings: { timeouts?: Record<string, number> } }[] };
    const sru = json.libraries.filter((l) => l.adapter === 'sru');
    expect(sru.length).toBeGreaterThan(10);
    expect(sru.every((l) => l.settings.timeouts?.connectMs === 2000 && l.settings.timeouts?.requestMs === 5000)).toBe(true);
    expect(json.libraries.find((l) => l.adapter === 'z3950')?.settings.timeouts).toMatchObject({ initMs: 3000, presentMs: 5000 });
  }, 30_000);
});
