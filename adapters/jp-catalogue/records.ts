/**
 * An ISO 2709 export of the Japanese catalogue → records of the library. Each record is
 * decoded in the configured charset (else the HTTP label, else its own 100$a); when the
 * bytes contradict that, the readers decode them by what they are and flag the mismatch.
 * Their guess for non-UTF-8 bytes is GB 18030, which most Shift_JIS text also "is", so a
 * record that the readers re-labelled GB 18030 is tried as EUC-JP and Shift_JIS first —
 * this is a Japanese catalogue. A broken record becomes a diagnostic with its byte offset;
 * the records around it are kept.
 */
import type { LibraryConfig } from '../../src/config/schema.ts';
import type { Diagnostic } from '../../src/diagnostics.ts';
import type { MarcWarning } from '../../src/records/errors.ts';
import { parseIso2709Record } from '../../src/records/iso2709/parse.ts';
import { readIso2709 } from '../../src/records/iso2709/reader.ts';
import type { IsoRecord } from '../../src/records/iso2709/record.ts';
import type { BibRecord } from '../../src/records/model.ts';
import { toBibRecord } from '../../src/records/normalize.ts';

export interface ExportReading {
  records: BibRecord[];
  diagnostics: Diagnostic[];
}

/** EUC-JP first: its byte ranges are stricter, while EUC-JP text is often also valid Shift_JIS. */
const JAPANESE_GUESSES = ['euc-jp', 'shift_jis'] as const;

function rereadJapanese(record: IsoRecord, library: string): IsoRecord {
  if (!record.charsetMismatch || record.charset !== 'gb18030') return record;
  for (const charset of JAPANESE_GUESSES) {
    const again = parseIso2709Record(record.bytes, { offset: record.offset, index: record.index, warnings: [] }, { library, charset, format: 'cnmarc' });
    if (!again.charsetMismatch && !again.warnings.some((w) => w.code === 'invalid-bytes')) return again;
  }
  return record;
}

function recordDiagnostic(code: string, message: string, offset: number, page: string): Diagnostic {
  return { source: 'record', code, message, addinfo: `${page}, byte offset ${offset}` };
}

/**
 * `declared` is the charset label in force (settings, else HTTP); undefined when neither
 * says. `page` names the export in diagnostics ("records 21-40"): offsets count from its start.
 */
export function readExport(body: Buffer, library: LibraryConfig, declared: string | undefined, page = 'export'): ExportReading {
  const records: BibRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  const mismatches: { from: string; to: string; offsets: number[] }[] = [];
  const options = { library: library.id, format: 'cnmarc' as const, ...(declared ? { charset: declared } : {}) };

  for (const item of readIso2709(body, options)) {
    if (item.type === 'error') {
      const { error } = item;
      diagnostics.push(recordDiagnostic(error.code, `record ${error.recordIndex + 1} of the export is unreadable: ${error.message}`, error.offset, page));
      continue;
    }
    if (item.type === 'warning') {
      diagnostics.push(recordDiagnostic(item.warning.code, item.warning.message, item.warning.offset, page));
      continue;
    }
    const first = item.record;
    const record = rereadJapanese(first, library.id);
    if (record.charsetMismatch || first.charsetMismatch) {
      const from = declared ? `labelled ${declared}` : 'labelled by their own 100$a';
      const entry = mismatches.find((m) => m.from === from && m.to === record.charset);
      if (entry) entry.offsets.push(record.offset);
      else mismatches.push({ from, to: record.charset, offsets: [record.offset] });
    }
    for (const warning of record.warnings.filter(notCharset)) diagnostics.push(recordDiagnostic(warning.code, warning.message, warning.offset, page));
    records.push(
      toBibRecord(record.toMarcRecord(), {
        library,
        format: 'cnmarc',
        charset: record.charset,
        charsetMismatch: record.charsetMismatch || first.charsetMismatch,
      }),
    );
  }
  // One warning per kind of mismatch, not one per record: a mislabelled export mislabels them all.
  for (const m of mismatches) {
    diagnostics.push({
      source: 'record',
      code: 'charset-mismatch',
      message: `${m.offsets.length} record(s) ${m.from} but their bytes are ${m.to}; decoded as ${m.to}`,
      addinfo: `${page}, byte offsets ${m.offsets.slice(0, 5).join(', ')}${m.offsets.length > 5 ? ', …' : ''}`,
    });
  }
  return { records, diagnostics };
}

function notCharset(warning: MarcWarning): boolean {
  return warning.code !== 'charset-mismatch';
}
