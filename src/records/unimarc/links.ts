/**
 * UNIMARC 4XX Linking Entry Block. Two techniques exist (UNIMARC Manual, 4-- block intro):
 * embedded fields — "$1" + tag + indicators, then that field's subfields, e.g.
 * 461 $1001CAL012 $12001 $a剑桥中国史 $v第7卷 — and the standard-subfield technique used by
 * some Chinese systems (461 $a剑桥中国史 $v第7卷 $0…). Both are read.
 */
import { formatIssn } from '../../identifiers/issn.ts';
import type { DataField, Subfield } from '../marc.ts';
import { clean, joinPresent } from '../mapping/text.ts';
import type { SetLink } from '../model.ts';

interface Embedded {
  tag: string;
  value?: string;
  subfields: Subfield[];
}

/** Splits a linking field at each $1; subfields before the first $1 belong to the link itself. */
function embeddedFields(field: DataField): { own: Subfield[]; embedded: Embedded[] } {
  const own: Subfield[] = [];
  const embedded: Embedded[] = [];
  for (const sub of field.subfields) {
    if (sub.code === '1') {
      const tag = sub.value.slice(0, 3);
      // Control fields (001-009) carry their data straight after the tag; data fields carry two indicators.
      embedded.push(tag < '010' ? { tag, value: sub.value.slice(3).trim(), subfields: [] } : { tag, subfields: [] });
      continue;
    }
    const current = embedded[embedded.length - 1];
    if (current) current.subfields.push(sub);
    else own.push(sub);
  }
  return { own, embedded };
}

function first(subfields: readonly Subfield[], code: string): string | undefined {
  return subfields.find((s) => s.code === code)?.value;
}

export function readLink(field: DataField, kind: SetLink['kind']): SetLink | undefined {
  const { own, embedded } = embeddedFields(field);
  const title200 = embedded.find((e) => e.tag === '200');
  const titleSource = title200?.subfields ?? own;
  const title = joinPresent([clean(first(titleSource, 'a')), clean(first(titleSource, 'h')), clean(first(titleSource, 'i'))], '. ');
  if (!title) return undefined;
  const link: SetLink = { kind, title };
  // $v volume: in the link itself, inside the embedded 200 or 225.
  const volume = clean(first(own, 'v') ?? embedded.map((e) => first(e.subfields, 'v')).find((v) => v !== undefined));
  if (volume) link.volume = volume;
  const id = embedded.find((e) => e.tag === '001')?.value || first(own, '0')?.trim() || first(own, '3')?.trim();
  if (id) link.id = id;
  const issnText = first(own, 'x') ?? first(embedded.find((e) => e.tag === '011')?.subfields ?? [], 'a');
  const issn = issnText === undefined ? undefined : formatIssn(issnText);
  if (issn) link.issn = issn;
  // The set's ISBN: $y in the link, or $a of an embedded 010. With the volume ($v) it names one volume.
  const isbn = clean(first(own, 'y') ?? first(embedded.find((e) => e.tag === '010')?.subfields ?? [], 'a'));
  if (isbn) link.isbn = isbn;
  return link;
}
