/**
 * Subject headings as OPACs display them ("China -- History"): the heading proper, then its
 * subdivisions. MARC 21 (6XX) and UNIMARC (60X) differ only in which tags and subfields.
 */
import { isDataField, subfieldValues, type MarcRecord } from '../marc.ts';
import { clean, joinPresent, unique } from './text.ts';

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
      headings.push(...subfieldValues(field, 'a').map(clean).filter((v): v is string => v !== undefined));
      continue;
    }
    const main = layout.fields[field.tag];
    if (!main) continue;
    const heading = joinPresent(field.subfields.filter((s) => main.includes(s.code)).map((s) => clean(s.value)), ' ');
    const subdivisions = field.subfields.filter((s) => layout.subdivisions.has(s.code)).map((s) => clean(s.value));
    const text = joinPresent([heading, ...subdivisions], ' -- ');
    if (text) headings.push(text);
  }
  return unique(headings);
}
