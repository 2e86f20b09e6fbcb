/**
 * Notes and contents. MARC 21: 5XX notes, 505 Formatted Contents Note whose items are
 * separated by " -- " (ISBD), basic ($a) or enhanced ($g $t $r). UNIMARC: 3XX notes,
 * 327 Contents Note (one item per $a; older records also use " -- ").
 */
import { isDataField, type DataField, type MarcRecord } from '../marc.ts';
import { appendPresent, clean, unique } from '../mapping/text.ts';

/** Control subfields ($2 source, $5 institution, $6 linkage / interfield link, $7 script, $8 field link) are not note text. */
const CONTROL_CODES = new Set(['2', '5', '6', '7', '8']);

function noteText(field: DataField): string | undefined {
  let text: string | undefined;
  for (const s of field.subfields) if (!CONTROL_CODES.has(s.code)) text = appendPresent(text, s.value.trim(), ' ');
  return text;
}

/**
 * Items of a contents note. Repeated $a (UNIMARC 327, MARC 21 505 with several $a) are
 * items already; otherwise the note is one string split at the ISBD " -- ".
 */
function contentItems(field: DataField): string[] {
  const as = field.subfields.filter((s) => s.code === 'a');
  const texts = as.length > 1 ? as.map((s) => s.value) : [noteText(field) ?? ''];
  return texts.flatMap((t) => t.split(/\s+--\s*/u)).map(clean).filter((v): v is string => v !== undefined);
}

export function mapNotes(marc: MarcRecord, isNoteTag: (tag: string) => boolean, contentsTag: string): { notes: string[]; contents: string[] } {
  const notes: string[] = [];
  const contents: string[] = [];
  for (const field of marc.fields) {
    if (!isDataField(field)) continue;
    if (field.tag === contentsTag) {
      contents.push(...contentItems(field));
    } else if (isNoteTag(field.tag)) {
      const text = noteText(field);
      if (text) notes.push(text);
    }
  }
  return { notes: unique(notes), contents: unique(contents) };
}
