import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sruRecordsToBib } from '../../../adapters/sru/records.ts';
import type { SruResponse } from '../../../adapters/sru/response.ts';
import { sruSettingsSchema } from '../../../adapters/sru/settings.ts';
import { CpuSlices } from '../../../src/adapter-api/cpu-turns.ts';
import { readMarcXml } from '../../../src/records/marcxml/reader.ts';
import { marcRecordToXml } from '../../../src/records/marcxml/write.ts';
import { testLibrary } from '../../helpers/libraries.ts';

const library = testLibrary('shl-sru', { adapter: 'sru', settings: { url: 'http://127.0.0.1:9/sru' } });
const settings = sruSettingsSchema.parse({ url: 'http://127.0.0.1:9/sru' });
const catalogue = readMarcXml(readFileSync(join(import.meta.dirname, '../../../fixtures/catalogue/marc21.xml'), 'utf8'));

/** A page of `n` records from the fixture catalogue, one of them a surrogate diagnostic. */
function page(n: number): SruResponse {
  const records: SruResponse['records'] = Array.from({ length: n }, (_, i) => ({ schema: 'info:srw/schema/1/marcxml-v1.1', position: i + 1, xml: marcRecordToXml(catalogue[i % catalogue.length] ?? catalogue[0]!) }));
  records[3] = { position: 4, diagnostic: { uri: 'info:srw/diagnostic/1/64', code: '64', message: 'Record temporarily unavailable' } };
  return { numberOfRecords: n, records, diagnostics: [] };
}

describe('sruRecordsToBib', () => {
  it('maps a page a slice at a time: the loop\'s other work runs between slices, and the records are the same', async () => {
    const response = page(90);
    const whole = await sruRecordsToBib(response, library, settings);
    let immediates = 0;
    const tick = () => {
      immediates += 1;
      if (immediates < 200) setImmediate(tick);
    };
    setImmediate(tick);
    // A budget of 0 ms: a turn before every record.
    const sliced = await sruRecordsToBib(response, library, settings, new CpuSlices({ budgetMs: 0 }));
    expect(immediates).toBeGreaterThanOrEqual(89);
    expect(JSON.stringify(sliced)).toBe(JSON.stringify(whole));
    expect(whole.records).toHaveLength(89);
    expect(whole.diagnostics).toEqual([{ source: 'srw', code: '64', uri: 'info:srw/diagnostic/1/64', message: 'Record temporarily unavailable', addinfo: 'record 4' }]);
  });

  it('stops mapping once the search was abandoned', async () => {
    const controller = new AbortController();
    const mapping = sruRecordsToBib(page(50), library, settings, new CpuSlices({ signal: controller.signal, budgetMs: 0 }));
    controller.abort(new Error('deadline'));
    await expect(mapping).rejects.toThrow('deadline');
  });
});
