/**
 * Extracted Z39.50 records → BibRecords through the shared record pipeline:
 * ISO 2709 (src/records/iso2709) or MARCXML (src/records/marcxml) → toBibRecord
 * (src/records/normalize.ts); OPAC records add their holdings (opac-holdings.ts).
 * A record that cannot be read becomes a diagnostic; its neighbours still come through.
 */
import type { LibraryConfig } from '../../src/config/schema.ts';
import type { Diagnostic } from '../../src/diagnostics.ts';
import { charsetFromLabel, decoderFor } from '../../src/records/charsets/decode.ts';
import { isoMarcSource } from '../../src/records/iso2709/marc-source.ts';
import { readIso2709 } from '../../src/records/iso2709/reader.ts';
import { xmlMarcSources } from '../../src/records/marcxml/marc-source.ts';
import { copyRecord } from '../../src/records/lazy-marc.ts';
import { readMarcXml } from '../../src/records/marcxml/reader.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { toBibRecord } from '../../src/records/normalize.ts';
import { opacHoldings } from './opac-holdings.ts';
import type { ExtractedRecord } from './records.ts';
import type { Z3950Settings } from './settings.ts';

export interface BibContext {
  library: LibraryConfig;
  settings: Pick<Z3950Settings, 'charset' | 'recordCharset' | 'format'>;
}

interface Converted {
  records: BibRecord[];
  diagnostics: Diagnostic[];
}

function problem(position: number, code: string, message: string): Diagnostic {
  return { source: 'record', code, message: `record ${position}: ${message}` };
}

function fromIso2709(bytes: Buffer, position: number, ctx: BibContext, out: Converted): BibRecord[] {
  const { library, settings } = ctx;
  const records: BibRecord[] = [];
  const options = { library: library.id, charset: settings.recordCharset ?? settings.charset, format: settings.format };
  // The MARC is kept as these bytes (lazy-marc.ts), copied: they are a view of the whole answer.
  let own: Buffer | undefined;
  // One Z39.50 record is one ISO 2709 record; the reader still validates leader and directory.
  for (const item of readIso2709(bytes, options)) {
    if (item.type === 'error') out.diagnostics.push(problem(position, item.error.code, item.error.message));
    else if (item.type === 'warning') out.diagnostics.push(problem(position, item.warning.code, item.warning.message));
    else {
      const iso = item.record;
      own ??= Buffer.from(bytes);
      const marcSource = isoMarcSource(own, options, records.length);
      records.push(toBibRecord(iso.toMarcRecord(), { library, format: settings.format, charset: iso.charset, charsetMismatch: iso.charsetMismatch, marcSource }));
    }
  }
  return records;
}

function fromXml(xml: string, position: number, ctx: BibContext, out: Converted): BibRecord[] {
  const marcs = readMarcXml(xml);
  if (marcs.length === 0) out.diagnostics.push(problem(position, 'not-marc', 'XML record is not MARCXML'));
  const sources = xmlMarcSources(xml, marcs.length);
  return marcs.map((marc, k) => toBibRecord(marc, { library: ctx.library, format: ctx.settings.format, marcSource: sources[k] }));
}

function convertOne(r: ExtractedRecord, ctx: BibContext, out: Converted): BibRecord[] {
  switch (r.syntax) {
    case 'usmarc':
    case 'unimarc':
      return fromIso2709(r.bytes, r.position, ctx, out);
    case 'xml':
      return fromXml(r.xml, r.position, ctx, out);
    case 'opac': {
      const bib = r.opac.bibliographicRecord;
      if (!bib || bib.encoding.kind !== 'octet-aligned') {
        out.diagnostics.push(problem(r.position, 'opac-without-marc', 'OPAC record without an ISO 2709 bibliographic record'));
        return [];
      }
      const records = fromIso2709(bib.encoding.bytes, r.position, ctx, out);
      // Status texts (借出, 在架) are decoded with the charset decision made for the record's bytes:
      // a target that mislabels its records mislabels its holdings the same way.
      const decided = records[0]?.charsetMismatch ? charsetFromLabel(records[0].charset ?? '') : undefined;
      const opac = decided ? r.redecode((bytes) => decoderFor(decided).decode(bytes, 0, bytes.length)) : r.opac;
      const holdings = opacHoldings(opac.holdings, ctx.library);
      // The OPAC holdings are the target's live circulation data: they replace copies read from MARC fields.
      return records.map((rec) => (holdings.length > 0 ? copyRecord(rec, { holdings }) : rec));
    }
    case 'sutrs':
      out.diagnostics.push(problem(r.position, 'unsupported-syntax', 'SUTRS (plain text) records are not mapped'));
      return [];
  }
}

export function z3950RecordsToBib(records: readonly ExtractedRecord[], ctx: BibContext): Converted {
  const out: Converted = { records: [], diagnostics: [] };
  for (const r of records) {
    try {
      out.records.push(...convertOne(r, ctx, out));
    } catch (error) {
      out.diagnostics.push(problem(r.position, 'unreadable-record', (error as Error).message));
    }
  }
  return out;
}
