/** --check-config warns when an adapter caps a library's records below recordsPerLibrary. */
import { describe, expect, it } from 'vitest';
import { adapterRegistry } from '../../adapters/index.ts';
import { parseConfig } from '../../src/config/load.ts';
import { recordCapWarnings } from '../../src/config/record-caps.ts';

const library = (id: string, adapter: string, settings: Record<string, unknown>) => ({
  id, name: { zh: id, en: id }, category: '其他类', adapter, settings,
});

describe('record cap warnings', () => {
  it('names the Z39.50 library whose maxRecords is below recordsPerLibrary, not the SRU one that pages past its server maximum', () => {
    const config = parseConfig({
      gateway: { recordsPerLibrary: 86 },
      libraries: [
        library('zcap', 'z3950', { host: 'opac.example.cn', databases: ['uacn_bib'], maxRecords: 50 }),
        library('zfree', 'z3950', { host: 'opac.example.cn', databases: ['uacn_bib'] }),
        library('zhigh', 'z3950', { host: 'opac.example.cn', databases: ['uacn_bib'], maxRecords: 100 }),
        library('sru', 'sru', { url: 'http://sru.example.cn/db', maxRecords: 10 }),
      ],
    }, 'caps.json', adapterRegistry);
    const warnings = recordCapWarnings(config, adapterRegistry);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/library "zcap": settings\.maxRecords 50 is below gateway\.recordsPerLibrary 86/u);
  });
});
