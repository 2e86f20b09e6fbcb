/**
 * SRU record payloads → the record model. A record that cannot be read becomes a warning
 * in the library's status; its neighbours still come through. A page of hundreds of records
 * is mapped in slices (cpu-turns.ts), so the gateway's own requests are answered in between.
 */
import { CpuSlices } from '../../src/adapter-api/cpu-turns.ts';
import type { LibraryConfig } from '../../src/config/schema.ts';
import type { Diagnostic } from '../../src/diagnostics.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { xmlMarcSources } from '../../src/records/marcxml/marc-source.ts';
import { readMarcXml } from '../../src/records/marcxml/reader.ts';
import { toBibRecord } from '../../src/records/normalize.ts';
import type { SruResponse } from './response.ts';
import type { SruSettings } from './settings.ts';

export async function sruRecordsToBib(response: SruResponse, library: LibraryConfig, settings: SruSettings, slices = new CpuSlices()): Promise<{ records: BibRecord[]; diagnostics: Diagnostic[] }> {
  const records: BibRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [index, record] of response.records.entries()) {
    if (slices.due()) await slices.next();
    const position = record.position ?? index + 1;
    if (record.diagnostic) {
      const d = record.diagnostic;
      diagnostics.push({ source: 'srw', code: d.code, uri: d.uri, message: d.message ?? `SRU diagnostic ${d.code}`, addinfo: `record ${position}${d.details ? `: ${d.details}` : ''}` });
      continue;
    }
    if (!record.xml) {
      diagnostics.push({ source: 'record', code: 'empty-record', message: `record ${position} has no data` });
      continue;
    }
    try {
      const marcs = readMarcXml(record.xml);
      if (marcs.length === 0) {
        diagnostics.push({ source: 'record', code: 'not-marc', message: `record ${position} is not MARCXML (schema ${record.schema ?? 'unknown'})` });
        continue;
      }
      const sources = xmlMarcSources(record.xml, marcs.length);
      for (const [k, marc] of marcs.entries()) {
        records.push(toBibRecord(marc, { library, format: settings.format, marcSource: sources[k], ...(record.identifier ? { localId: record.identifier } : {}) }));
      }
    } catch (error) {
      diagnostics.push({ source: 'record', code: 'unreadable-record', message: `record ${position}: ${(error as Error).message}` });
    }
  }
  return { records, diagnostics };
}
