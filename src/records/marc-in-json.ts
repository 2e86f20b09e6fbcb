/**
 * MARC-in-JSON (the shape `yaz-marcdump -o json` writes: {"leader", "fields": [{"001": "…"},
 * {"245": {"subfields": [{"a": "…"}], "ind1", "ind2"}}]}, compact) from a MarcRecord.
 * IsoRecord.toMarcInJson() writes the same text straight from a record's bytes
 * (iso2709/json-from-bytes.ts) and falls back to this for the records it cannot.
 * Used by bench:marc's decode-to-JSON pairs; test/records/marc-in-json.test.ts checks it
 * parses to what yaz writes.
 */
import type { MarcRecord } from './marc.ts';

/** Characters JSON must escape (and surrogates, which JSON.stringify checks for pairs). */
// eslint-disable-next-line no-control-regex -- JSON escapes the C0 controls
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quoted(s: string): string {
  // Codes, indicators and tags are a few characters: a look at each costs less than a
  // regular expression's call (profiled: the calls for them were a tenth of writing a record).
  if (s.length <= 3) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
    }
    return `"${s}"`;
  }
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

export function marcInJson(record: MarcRecord): string {
  let out = `{"leader":${quoted(record.leader)},"fields":[`;
  const { fields } = record;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as MarcRecord['fields'][number];
    if (i > 0) out += ',';
    if (!('subfields' in field)) {
      out += `{${quoted(field.tag)}:${quoted(field.value)}}`;
      continue;
    }
    out += `{${quoted(field.tag)}:{"subfields":[`;
    const { subfields } = field;
    for (let k = 0; k < subfields.length; k++) {
      const subfield = subfields[k] as (typeof subfields)[number];
      if (k > 0) out += ',';
      out += `{${quoted(subfield.code)}:${quoted(subfield.value)}}`;
    }
    out += `],"ind1":${quoted(field.ind1)},"ind2":${quoted(field.ind2)}}}`;
  }
  return `${out}]}`;
}
