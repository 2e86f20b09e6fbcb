import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adapterRegistry } from '../../adapters/index.ts';
import type { AdapterRegistry } from '../../src/adapter-api/contract.ts';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/load.ts';
import { loadDemoConfigFile, parseDemoConfig } from '../../src/demo/simulate-config.ts';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const fakeRegistry: AdapterRegistry = new Map([
  ['fake', { kind: 'fake', settingsSchema: z.object({ url: z.url(), maxRecords: z.number().int().default(10) }).strict(), create: () => ({ search: async () => ({ hits: 0, records: [], diagnostics: [] }), close: async () => {} }) }],
]);

const lib = (overrides: Record<string, unknown> = {}) => ({
  id: 'pku',
  name: { zh: '北京大学图书馆', en: 'Peking University Library' },
  category: '其他类',
  adapter: 'fake',
  settings: { url: 'http://127.0.0.1:9/pku' },
  ...overrides,
});

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, 'config/test.json', fakeRegistry);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config loading', () => {
  it('accepts a minimal library and fills defaults', () => {
    const config = parseConfig({ libraries: [lib()] }, 'config/test.json', fakeRegistry);
    expect(config.gateway).toMatchObject({ port: 8080, deadlineMs: 8000, concurrency: 32 });
    expect(config.libraries[0]).toMatchObject({ id: 'pku', service: { status: 'active' }, ill: { statuses: ['available'] }, settings: { maxRecords: 10 } });
  });

  it('names the file, the library id and the field of an adapter setting', () => {
    const error = (() => {
      try {
        parseConfig({ libraries: [lib({ settings: { url: 'not a url' } })] }, 'config/test.json', fakeRegistry);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.message).toContain('config/test.json');
    expect(error.problems[0]).toMatch(/^libraries\[0\] \(id "pku"\)\.settings\.url: /);
  });

  it('rejects unknown keys, unknown adapters, bad categories and duplicate ids', () => {
    expect(problemsOf({ libraries: [lib({ colour: 'red' })] })[0]).toMatch(/libraries\[0\] \(id "pku"\).*colour/);
    expect(problemsOf({ libraries: [lib({ adapter: 'gopher' })] })[0]).toMatch(/\.adapter: unknown adapter "gopher" \(known: fake\)/);
    expect(problemsOf({ libraries: [lib({ category: '文学类' })] })[0]).toMatch(/\.category: /);
    expect(problemsOf({ libraries: [lib(), lib()] })).toContain('libraries[1] (id "pku").id: duplicate library id');
    expect(problemsOf({ libraries: [lib({ settings: { url: 'http://x/', extra: 1 } })] })[0]).toMatch(/settings.*extra/);
  });

  it('checks configured capabilities (they override discovery) and the discovery block, naming library and field', () => {
    const config = parseConfig({ gateway: { discovery: { intervalSeconds: 600 } }, libraries: [lib({ capabilities: { indexes: ['title', 'isbn'] } })] }, 'config/test.json', fakeRegistry);
    expect(config.libraries[0]?.capabilities).toEqual({ indexes: ['title', 'isbn'] });
    expect(config.gateway.discovery).toEqual({ enabled: true, intervalSeconds: 600, jitter: 0.2, timeoutMs: 15_000 });
    expect(problemsOf({ libraries: [lib({ capabilities: { indexes: ['title', 'callnumber'] } })] })[0]).toMatch(/^libraries\[0\] \(id "pku"\)\.capabilities\.indexes\[1\]: /);
    expect(problemsOf({ libraries: [lib({ capabilities: { indexes: ['isbn', 'isbn'] } })] })[0]).toMatch(/^libraries\[0\] \(id "pku"\)\.capabilities\.indexes: an index is listed twice/);
    expect(problemsOf({ libraries: [lib({ capabilities: { indexes: [] } })] })[0]).toMatch(/capabilities\.indexes: /);
    expect(problemsOf({ gateway: { discovery: { intervalSeconds: 5 } }, libraries: [lib()] })[0]).toMatch(/gateway\.discovery\.intervalSeconds: /);
  });

  it('requires a notice for a suspended library', () => {
    expect(problemsOf({ libraries: [lib({ service: { status: 'suspended' } })] })[0]).toMatch(/libraries\[0\] \(id "pku"\)\.service\.notice/);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ libraries: [lib({ id: 'Bad Id' }), lib({ id: 'ok', settings: {} })] });
    expect(problems.length).toBe(2);
  });

  it('explains unreadable JSON with the file name', () => {
    expect(() => loadConfigFile(root('package.json.missing'), fakeRegistry)).toThrow(/package\.json\.missing.*cannot read JSON/s);
  });

  it('ships a valid demo config with the 31 BALIS members, the Japanese catalogue, the union catalogue and a suspended member', () => {
    const config = loadDemoConfigFile(root('config/demo.json'), adapterRegistry);
    // 31 members from the seed + the Japanese catalogue + the BALIS union catalogue itself.
    expect(config.libraries).toHaveLength(33);
    expect(config.libraries.find((l) => l.id === 'balis-union')?.adapter).toBe('balis');
    expect(config.libraries.find((l) => l.id === 'shl')?.adapter).toBe('ipac');
    const shl = config.libraries.find((l) => l.id === 'shl');
    expect(shl?.ill).toMatchObject({ lenderCode: '123114', collectionTypes: ['参考外借资料'] });
    expect(config.libraries.find((l) => l.id === 'shl-jp')?.name.zh).toBe('上海图书馆日文书目数据库');
    const ruc = config.libraries.find((l) => l.id === 'ruc');
    expect(ruc?.service).toMatchObject({ status: 'suspended', notice: { zh: expect.stringContaining('暂停馆际互借服务') } });
    const categories = new Set(config.libraries.map((l) => l.category));
    expect([...categories].sort()).toEqual(['其他类', '农学类', '医学类', '理工类'].sort());
  });

  it('refuses a simulate block in a production config, naming the field; the demo overlay reads it', () => {
    const raw = { libraries: [lib({ simulate: { latencyMs: 5 } })] };
    expect(problemsOf(raw)[0]).toMatch(/^libraries\[0\] \(id "pku"\)\.simulate: simulated libraries belong to the demo/);
    expect(() => loadConfigFile(root('config/demo.json'), adapterRegistry)).toThrow(/libraries\[0\] \(id "buaa"\)\.simulate/);
    const demo = parseDemoConfig(raw, 'demo.json', fakeRegistry);
    expect(demo.libraries[0]?.simulate).toMatchObject({ latencyMs: 5, share: 0.7, fault: 'none' });
    expect(() => parseDemoConfig({ libraries: [lib({ simulate: { fault: 'melt' } })] }, 'demo.json', fakeRegistry)).toThrow(/libraries\[0\] \(id "pku"\)\.simulate\.fault/);
  });

  it('ships a valid public example config', () => {
    const config = loadConfigFile(root('config/public.example.json'), adapterRegistry);
    expect(config.libraries.map((l) => l.id)).toContain('loc-sru');
  });
});
