/**
 * The gateway's own holdings-aware schema (info:srw/schema/x/balis-holdings-v1, namespace
 * the same URI): a record summary, every library's copies with the status as written and
 * normalized, and ILL eligibility with the reasons. Documented with an example in the
 * README section "SRU endpoint".
 */
import type { Holding, Reason } from '../../holdings/model.ts';
import type { ClusterRelation } from '../../merge/types.ts';
import { escapeXml } from '../../records/marcxml/write.ts';
import type { BibRecord } from '../../records/model.ts';
import type { ServedRecord } from '../serve.ts';
import type { RenderContext } from './registry.ts';

const HOLDINGS_NS = 'info:srw/schema/x/balis-holdings-v1';

type Attrs = Record<string, string | number | boolean | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function el(name: string, value: string | number | undefined, a: Attrs = {}): string {
  if (value === undefined || value === '') return '';
  return `<h:${name}${attrs(a)}>${escapeXml(String(value))}</h:${name}>`;
}

function summaryXml(r: BibRecord): string {
  const parts = ['<h:summary>', el('title', r.title)];
  parts.push(el('subtitle', r.subtitle), el('partNumber', r.partNumber), el('partName', r.partName), el('vernacularTitle', r.vernacularTitle));
  parts.push(el('responsibility', r.responsibility));
  for (const a of r.authors) parts.push(el('author', a.name, { kind: a.kind, role: a.role, dates: a.dates }));
  parts.push(el('edition', r.edition), el('place', r.place), el('publisher', r.publisher));
  parts.push(el('date', r.yearText ?? r.year, { year: r.year }));
  parts.push(el('extent', r.extent));
  for (const isbn of r.isbns) parts.push(el('isbn', isbn.original, { normalized: isbn.isbn13, valid: isbn.valid, qualifier: isbn.qualifier }));
  for (const issn of r.issns) parts.push(el('issn', issn));
  r.languages.forEach((code, i) => parts.push(el('language', r.languageNames[i] ?? code, { code })));
  parts.push(el('materialType', r.materialType));
  for (const s of r.subjects) parts.push(el('subject', s));
  for (const c of r.classifications) parts.push(el('classification', c.value, { scheme: c.scheme, edition: c.edition }));
  for (const s of r.series) parts.push(el('series', s.title, { volume: s.volume }));
  parts.push('</h:summary>');
  return parts.join('');
}

function reasonXml(reason: Reason): string {
  return `<h:reason${attrs({ code: reason.code, source: reason.source, asOf: reason.asOf })}><h:text xml:lang="zh">${escapeXml(reason.zh)}</h:text><h:text xml:lang="en">${escapeXml(reason.en)}</h:text></h:reason>`;
}

function holdingXml(h: Holding): string {
  const parts = ['<h:holding>'];
  parts.push(el('branch', h.branch), el('location', h.location), el('callNumber', h.callNumber), el('volume', h.volume), el('barcode', h.barcode));
  parts.push(`<h:status normalized="${escapeXml(h.status)}">${escapeXml(h.statusText)}</h:status>`);
  parts.push(el('collectionType', h.collectionType, { loanable: h.loanable }));
  if (h.collectionType === undefined) parts.push(`<h:loanable>${h.loanable}</h:loanable>`);
  parts.push(el('dueDate', h.dueDate), el('note', h.note));
  if (h.ill) {
    parts.push(`<h:ill eligible="${h.ill.eligible}">${h.ill.reasons.map(reasonXml).join('')}</h:ill>`);
  }
  parts.push('</h:holding>');
  return parts.join('');
}

/** <h:relation kind="other-edition" record="c…" via="csbn 10009.565"><h:title/><h:reason code="edition">…</h:reason></h:relation> */
function relationXml(r: ClusterRelation): string {
  const parts = [`<h:relation${attrs({ kind: r.kind, record: r.clusterId, via: r.via })}>`, el('title', r.title)];
  if (r.reason) parts.push(reasonXml(r.reason));
  parts.push('</h:relation>');
  return parts.join('');
}

export function holdingsRecordXml(item: ServedRecord, context: RenderContext): string {
  const eligible = item.holdings.filter((h) => h.ill?.eligible === true).length;
  const parts = [`<h:record xmlns:h="${HOLDINGS_NS}" id="${escapeXml(item.id)}">`, summaryXml(item.record)];
  parts.push('<h:sources>');
  for (const m of item.members) parts.push(`<h:source${attrs({ library: m.library, localId: m.localId, format: m.format })}/>`);
  parts.push('</h:sources>');
  parts.push(`<h:holdings copies="${item.holdings.length}" illEligibleCopies="${eligible}">`);
  const libraryIds = [...new Set(item.holdings.map((h) => h.library))];
  for (const id of libraryIds) {
    const library = context.libraries.get(id);
    // The status the copies were judged with, and where it came from (the result set's snapshot).
    const service = item.services?.[id];
    parts.push(
      `<h:library${attrs({ id, category: library?.category, lenderCode: library?.ill.lenderCode, service: service?.status ?? library?.service.status, serviceSource: service?.source, serviceAsOf: service?.asOf })}>`,
    );
    if (library) parts.push(el('name', library.name.zh, { 'xml:lang': 'zh' }), el('name', library.name.en, { 'xml:lang': 'en' }));
    for (const h of item.holdings.filter((x) => x.library === id)) parts.push(holdingXml(h));
    parts.push('</h:library>');
  }
  parts.push('</h:holdings>');
  parts.push(`<h:illAvailable>${eligible > 0}</h:illAvailable>`);
  if (item.relations.length > 0) parts.push(`<h:relations>${item.relations.map(relationXml).join('')}</h:relations>`);
  parts.push('</h:record>');
  return parts.join('');
}
