import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LibraryConfig } from '../../src/config/schema.ts';
import type { MarcRecord } from '../../src/records/marc.ts';
import { toBibRecord } from '../../src/records/normalize.ts';
import { testLibrary } from '../helpers/libraries.ts';

const CASES = join(import.meta.dirname, '../../fixtures/records/mapping');

function shanghaiLibrary(extra: Record<string, unknown> = {}): LibraryConfig {
  return testLibrary('shl', { ill: { lenderCode: '123114', collectionTypes: ['参考外借资料'], branches: ['上海图书馆'] }, ...extra });
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

const cases = readdirSync(CASES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('MARC → BibRecord fixture cases (fixtures/records/mapping)', () => {
  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = join(CASES, name);
      const marc = readJson<MarcRecord>(join(dir, 'input.json'));
      const expected = readJson<Record<string, unknown>>(join(dir, 'expected.json'));
      const context = existsSync(join(dir, 'context.json')) ? readJson<{ holdingsFields?: unknown; format?: 'marc21' | 'unimarc' | 'cnmarc' }>(join(dir, 'context.json')) : {};
      const library = shanghaiLibrary(context.holdingsFields ? { holdingsFields: context.holdingsFields } : {});
      const record = toBibRecord(marc, { library, format: context.format ?? 'auto' });
      expect(record).toMatchObject(expected);
      expect(record.id).toBe(`shl:${record.localId}`);
      expect(record.marc).toBe(marc);
    });
  }
});
