/**
 * Dublin Core in the SRU dc schema (info:srw/schema/1/dc-v1.1): an srw_dc:dc element
 * with simple DC children, from the normalized record (so MARC 21, CNMARC and non-MARC
 * sources all give the same shape). DC has no holdings element: the holding libraries
 * are named in dc:source lines; the holdings schema carries the copies.
 */
import { escapeXml } from '../../records/marcxml/write.ts';
import type { ServedRecord } from '../serve.ts';
import type { RenderContext } from './registry.ts';

const SRW_DC_NS = 'info:srw/schema/1/dc-schema';
const DC_NS = 'http://purl.org/dc/elements/1.1/';

function el(name: string, value: string | undefined): string {
  return value === undefined || value.trim() === '' ? '' : `<dc:${name}>${escapeXml(value.trim())}</dc:${name}>`;
}

export function dcRecordXml(item: ServedRecord, context: RenderContext): string {
  const r = item.record;
  const title = [r.title, r.subtitle, r.partNumber, r.partName].filter((p) => p !== undefined && p !== '').join(' : ');
  const parts = [`<srw_dc:dc xmlns:srw_dc="${SRW_DC_NS}" xmlns:dc="${DC_NS}">`, el('title', title)];
  if (r.vernacularTitle) parts.push(el('title', r.vernacularTitle));
  for (const author of r.authors) parts.push(el('creator', author.name));
  for (const subject of r.subjects) parts.push(el('subject', subject));
  for (const c of r.classifications) parts.push(el('subject', `${c.scheme.toUpperCase()} ${c.value}`));
  for (const note of r.notes) parts.push(el('description', note));
  parts.push(el('publisher', [r.place, r.publisher].filter(Boolean).join(' : ') || undefined));
  parts.push(el('date', r.yearText ?? (r.year !== undefined ? String(r.year) : undefined)));
  parts.push(el('type', r.materialType));
  parts.push(el('format', r.extent));
  for (const isbn of r.isbns) parts.push(el('identifier', `URN:ISBN:${isbn.isbn13 ?? isbn.original}`));
  for (const issn of r.issns) parts.push(el('identifier', `URN:ISSN:${issn}`));
  for (const code of r.languages) parts.push(el('language', code));
  // DC has no holdings element: each holding library is named as a source of the description.
  const libraries = [...new Set(item.holdings.map((h) => h.library).concat(item.members.map((m) => m.library)))];
  for (const id of libraries) {
    const library = context.libraries.get(id);
    parts.push(el('source', library ? `${library.name.zh} (${id})` : id));
  }
  parts.push('</srw_dc:dc>');
  return parts.join('');
}
