/**
 * Subject headings as OPACs display them ("China -- History"): the heading proper, then its
 * subdivisions. MARC 21 (6XX) and UNIMARC (60X) differ only in which tags and subfields.
 */
import { isDataField, type MarcRecord } from '../marc.ts';
import { appendPresent, clean, unique } from './text.ts';

export interface SubjectLayout {
  /** Tag → subfield codes of the heading proper. */
  fields: Readonly<Record<string, string | readonly string[]>>;
  subdivisions: ReadonlySet<string>;
  /** Uncontrolled index terms ($a each). */
  uncontrolled: string;
}

export function subjectHeadings(marc: MarcRecord, layout: SubjectLayout): string[] {
  const headings: string[] = [];
  for (const field of marc.fields) {
    if (!isDataField(field)) continue;
    if (field.tag === layout.uncontrolled) {
      for (const s of field.subfields) {
        const value = s.code === 'a' ? clean(s.value) : undefined;
        if (value !== undefined) headings.push(value);
      }
      continue;
    }
    const main = layout.fields[field.tag];
    if (!main) continue;
    // The heading proper (its subfields joined by spaces), then each subdivision after " -- ".
    let text: string | undefined;
    for (const s of field.subfields) if (main.includes(s.code)) text = appendPresent(text, clean(s.value), ' ');
    for (const s of field.subfields) if (layout.subdivisions.has(s.code)) text = appendPresent(text, clean(s.value), ' -- ');
    if (text) headings.push(text);
  }
  return unique(headings);
}
