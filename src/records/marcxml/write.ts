/**
 * MARCXML (MARC 21 slim) writer. Every value is escaped, control characters that XML 1.0
 * forbids are dropped, so the output is always well-formed (marcjs leaves control fields raw).
 */
import { isControlField, type MarcRecord } from '../marc.ts';

const MARCXML_NS = 'http://www.loc.gov/MARC21/slim';

// XML 1.0 allows #x9 #xA #xD and #x20 upwards; MARC data may carry other C0 bytes.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

// Most values need no change: one test instead of five replace passes (the SRU front end escapes every subfield).
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"]/;

export function escapeXml(value: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  return value
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** One `<record>`; `namespace` false when the caller declares it on an outer element. */
export function marcRecordToXml(record: MarcRecord, options: { namespace?: boolean } = {}): string {
  const parts: string[] = [options.namespace === false ? '<record>' : `<record xmlns="${MARCXML_NS}">`];
  parts.push(`<leader>${escapeXml(record.leader)}</leader>`);
  for (const field of record.fields) {
    if (isControlField(field)) {
      parts.push(`<controlfield tag="${escapeXml(field.tag)}">${escapeXml(field.value)}</controlfield>`);
      continue;
    }
    parts.push(`<datafield tag="${escapeXml(field.tag)}" ind1="${escapeXml(field.ind1 || ' ')}" ind2="${escapeXml(field.ind2 || ' ')}">`);
    for (const sub of field.subfields) parts.push(`<subfield code="${escapeXml(sub.code)}">${escapeXml(sub.value)}</subfield>`);
    parts.push('</datafield>');
  }
  parts.push('</record>');
  return parts.join('');
}

export function marcCollectionToXml(records: readonly MarcRecord[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="${MARCXML_NS}">\n${records.map((r) => marcRecordToXml(r, { namespace: false })).join('\n')}\n</collection>\n`;
}
