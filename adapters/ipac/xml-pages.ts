/**
 * GetXML pages (reference 04 §3): `summary` for a result list, `fullnonmarc` + `items`
 * for a full display (also what a single-hit search returns), `<prompt>` for a login.
 * Column values are found by their header label, never by position in the row.
 */
import { IpacLayoutError, labelKey, parseFunc, type BriefRow, type FullDisplay, type IpacPage, type ItemTable } from './page.ts';
import { all, descendants, first, textAt, type XmlElement } from './xml-tree.ts';

/** HIP can append HTML to a field after a `$html$` marker (BIU Santé client); the text before it is the value. */
function fieldText(raw: string): string {
  const marker = raw.indexOf('$html$');
  return (marker >= 0 ? raw.slice(0, marker) : raw).replace(/[\s\u00a0]+/g, ' ').trim();
}

function dataTexts(field: XmlElement | undefined): string[] {
  if (!field) return [];
  return all(field, 'data')
    .map((d) => fieldText(textAt(d, 'text') ?? ''))
    .filter((t) => t !== '');
}

function labels(section: XmlElement | undefined): string[] {
  return all(section, 'searchresults/header/col').map((col) => fieldText(textAt(col, 'label') ?? ''));
}

function briefRow(row: XmlElement): BriefRow | undefined {
  const key = textAt(row, 'key');
  const title = dataTexts(first(row, 'TITLE'))[0];
  if (!key || !title) return undefined;
  const out: BriefRow = { key, title };
  const func = textAt(row, 'TITLE/data/link/func');
  const parsed = func ? parseFunc(func) : undefined;
  if (parsed) {
    out.func = parsed.func;
    out.position = parsed.position;
  }
  const author = dataTexts(first(row, 'AUTHOR'))[0];
  const publisher = dataTexts(first(row, 'PUBLISHER'))[0];
  const pubDate = dataTexts(first(row, 'PUBDATE'))[0];
  const isbn = textAt(row, 'isbn');
  const issn = textAt(row, 'issn');
  if (author) out.author = author;
  if (publisher) out.publisher = publisher;
  if (pubDate) out.pubDate = pubDate;
  if (isbn) out.isbn = isbn;
  if (issn) out.issn = issn;
  return out;
}

function itemTable(section: XmlElement | undefined): ItemTable | undefined {
  if (!section) return undefined;
  const header = labels(section);
  if (header.length === 0) return undefined;
  let skippedRows = 0;
  const rows: string[][] = [];
  for (const row of all(section, 'searchresults/results/row')) {
    const cells = all(row, 'cell').map((cell) => dataTexts(cell).join(' '));
    // A row with fewer cells than the header would shift values under the wrong labels.
    if (cells.length < header.length) skippedRows += 1;
    else rows.push(cells.slice(0, header.length));
  }
  return { labels: header, rows, skippedRows };
}

function fullDisplay(root: XmlElement): FullDisplay {
  const section = first(root, 'fullnonmarc');
  const row = first(section, 'searchresults/results/row');
  const key = textAt(row, 'key');
  if (!row || !key) throw new IpacLayoutError('GetXML full display has no fullnonmarc/searchresults/results/row/key');
  const fields = new Map<string, string[]>();
  const header = labels(section);
  all(row, 'cell').forEach((cell, i) => {
    const label = header[i];
    const values = dataTexts(cell);
    if (label && values.length > 0) fields.set(labelKey(label), values);
  });
  const out: FullDisplay = { key, fields };
  const title = dataTexts(first(row, 'TITLE'))[0];
  if (title) out.title = title;
  // Named elements go under '#' keys, which no display label can collide with.
  for (const element of ['AUTHOR', 'PUBLISHER', 'PUBDATE']) {
    const values = dataTexts(first(row, element));
    if (values.length > 0) fields.set(`#${element.toLowerCase()}`, values);
  }
  const items = itemTable(first(root, 'items'));
  if (items) out.items = items;
  else if (first(root, 'items')) out.holdingsUnreadable = 'the items section has no header/col/label';
  return out;
}

export function readXmlPage(root: XmlElement): IpacPage {
  const response = root.children.find((c) => c.name !== '#document');
  const session = textAt(response, 'session');
  const base = session ? { session } : {};
  if (!response || descendants(root, 'prompt').length > 0 || response.name === 'patronpersonalresponse') return { kind: 'login', ...base };
  if (response.name !== 'searchresponse') throw new IpacLayoutError(`GetXML root is <${response.name}>, not <searchresponse>`);
  const hitsText = textAt(response, 'yoursearch/hits');
  const hits = hitsText === undefined ? undefined : Number(hitsText.replace(/[^\d]/g, ''));
  // A single hit jumps straight to the full display: look for it first (reference 04 §3).
  if (first(response, 'fullnonmarc/searchresults/results/row/key')) {
    return { kind: 'full', hits: hits ?? 1, full: fullDisplay(response), ...base };
  }
  const rows = all(response, 'summary/searchresults/results/row');
  if (rows.length > 0) {
    const brief = rows.map(briefRow);
    const readable = brief.filter((r): r is BriefRow => r !== undefined);
    if (readable.length === 0) throw new IpacLayoutError('GetXML result rows have no key or TITLE/data/text');
    return { kind: 'list', hits: hits ?? readable.length, rows: readable, ...base };
  }
  if (hits === 0) return { kind: 'none', ...base };
  if (hits === undefined) return { kind: 'start', ...base };
  throw new IpacLayoutError(`GetXML page says ${hits} hits but has no summary rows and no full display`);
}
