/**
 * iPac HTML pages, for sites without GetXML. What is relied on is what SHL scrapers
 * relied on (reference 04 §4): titles as <a class="mediumBoldAnchor"> linking to
 * `full=3100001~!<bib>~!<pos>`, the hit count in `.normalBlackFont2 b`, the no-hits
 * sentence, label/value rows of the full display, the holdings table found by its
 * header labels, and the "其它馆址" button whose onclick holds the all-branches URL.
 */
import { byTag, cellsOf, closest, findAll, parseHtml, rowsOf, textLines, textOf, type HtmlElement } from './html-tree.ts';
import { IpacLayoutError, labelKey, parseFunc, type BranchPage, type BriefRow, type FullDisplay, type IpacPage, type ItemTable } from './page.ts';
import { sessionIn } from './url.ts';

export interface HtmlReadOptions {
  noHitsTexts: readonly string[];
  itemLabels: readonly string[];
  fullLabels: readonly string[];
  otherBranchesText: string;
  /** Heading that announces the holdings table (its presence without a table is a layout change). */
  holdingsHeading?: string;
}

const hasClass = (e: HtmlElement, name: string) => (e.attrs.class ?? '').split(/\s+/).includes(name);
const fullLinks = (root: HtmlElement) => findAll(root, (e) => e.tag === 'a' && parseFunc(e.attrs.href ?? '') !== undefined);

function isLoginPage(root: HtmlElement): boolean {
  return findAll(root, (e) => e.tag === 'input' && (e.attrs.type ?? '').toLowerCase() === 'password').length > 0;
}

function hitCount(root: HtmlElement, text: string): number | undefined {
  for (const box of findAll(root, (e) => hasClass(e, 'normalBlackFont2'))) {
    const digits = textOf(findAll(box, byTag('b'))[0] ?? box).replace(/[^\d]/g, '');
    if (digits !== '') return Number(digits);
  }
  const m = /(\d[\d,]*)\s*(?:命中|titles? matched|hits?\b)/i.exec(text);
  return m ? Number((m[1] as string).replace(/,/g, '')) : undefined;
}

/** "Cambridge University Press, 1978-<1991 >" → publisher and date. */
export function splitPublication(line: string): { publisher?: string; pubDate?: string } {
  const m = /^(.*?)[,，]\s*((?:c|\[|©)?\d{4}.*)$/u.exec(line);
  if (m) return { ...(m[1]?.trim() ? { publisher: m[1].trim() } : {}), pubDate: (m[2] as string).trim() };
  if (/^(?:c|\[)?\d{4}/.test(line)) return { pubDate: line };
  return { publisher: line };
}

function briefRows(root: HtmlElement, fallback: boolean): BriefRow[] {
  // Installations that restyled the list still link titles to the full display.
  const anchors = fallback
    ? fullLinks(root).filter((a) => textOf(a).replace(/[*\s]/g, '') !== '')
    : findAll(root, (e) => e.tag === 'a' && hasClass(e, 'mediumBoldAnchor'));
  const rows: BriefRow[] = [];
  const seen = new Set<string>();
  for (const anchor of anchors) {
    const link = parseFunc(anchor.attrs.href ?? '');
    const title = textOf(anchor).replace(/\s*\*$/, '');
    if (!link || !title || seen.has(link.key)) continue;
    seen.add(link.key);
    const row: BriefRow = { key: link.key, title, position: link.position, func: link.func };
    const container = closest(anchor, 'table');
    const lines = container ? rowsOf(container).map((r) => textOf(r)) : [];
    const titleAt = lines.findIndex((l) => l.includes(title));
    let next = titleAt + 1;
    const authorLine = lines[next];
    if (authorLine !== undefined && /^(?:著者|作者|Author)\s*[:：]?/i.test(authorLine)) {
      row.author = authorLine.replace(/^(?:著者|作者|Author)\s*[:：]?\s*/i, '').replace(/\s+,/g, ',');
      next += 1;
    }
    const pubLine = lines[next];
    if (pubLine !== undefined && !/我的邮件清单|my list/i.test(pubLine)) Object.assign(row, splitPublication(pubLine));
    rows.push(row);
  }
  return rows;
}

/** The holdings table: the row whose cells carry at least two known labels is its header. */
export function readItemTable(root: HtmlElement, knownLabels: readonly string[]): ItemTable | undefined {
  const known = new Set(knownLabels.map(labelKey));
  for (const table of findAll(root, byTag('table'))) {
    const rows = rowsOf(table);
    const headerAt = rows.findIndex((r) => cellsOf(r).filter((c) => known.has(labelKey(textOf(c)))).length >= 2);
    if (headerAt < 0) continue;
    const labels = cellsOf(rows[headerAt] as HtmlElement).map((c) => textOf(c).replace(/[:：]\s*$/u, ''));
    const out: ItemTable = { labels, rows: [], skippedRows: 0 };
    for (const row of rows.slice(headerAt + 1)) {
      const cells = cellsOf(row).map((c) => textOf(c));
      if (cells.every((c) => c === '')) continue;
      // Rows that span the table (a note, a "more" link) or lost cells would misplace values.
      if (cells.length !== labels.length) out.skippedRows += 1;
      else out.rows.push(cells);
    }
    return out;
  }
  return undefined;
}

function fieldValues(cell: HtmlElement): string[] {
  const anchors = findAll(cell, byTag('a')).map((a) => textOf(a)).filter((t) => t !== '');
  const values = anchors.length >= 2 ? anchors : textLines(cell);
  // SHL writes linked names as "Twitchett , Denis Crispin." (seed).
  return values.map((v) => v.replace(/\s+,/g, ',').trim()).filter((v) => v !== '');
}

function fullDisplay(root: HtmlElement, pageText: string, options: HtmlReadOptions, keyHint: string | undefined): FullDisplay | undefined {
  const labels = new Set(options.fullLabels.map(labelKey));
  const fields = new Map<string, string[]>();
  for (const row of findAll(root, byTag('tr'))) {
    const cells = cellsOf(row);
    const first = cells[0];
    if (!first) continue;
    if (cells.length >= 2 && labels.has(labelKey(textOf(first)))) {
      const key = labelKey(textOf(first));
      if (!fields.has(key)) fields.set(key, fieldValues(cells[1] as HtmlElement));
      continue;
    }
    // The seed's layout also has "出版地: Cambridge" in a single cell.
    for (const line of cells.length === 1 ? textLines(first) : []) {
      const m = /^([^:：]{1,12})[:：]\s*(.+)$/u.exec(line);
      if (m && labels.has(labelKey(m[1] as string)) && !fields.has(labelKey(m[1] as string))) fields.set(labelKey(m[1] as string), [(m[2] as string).trim()]);
    }
  }
  const button = findAll(root, (e) => e.tag === 'input' && (e.attrs.value ?? '').trim() === options.otherBranchesText)[0];
  const onclick = button?.attrs.onclick ?? '';
  const otherBranches = /(?:location(?:\.href)?\s*=\s*|window\.open\(\s*)['"]([^'"]+)['"]/.exec(onclick)?.[1];
  const key =
    keyHint ??
    /[?&]bib=(\d+)/.exec(findAll(root, (e) => e.tag === 'img' && (e.attrs.name ?? '') === 'QRCode')[0]?.attrs.src ?? '')?.[1] ??
    (otherBranches ? parseFunc(otherBranches)?.key : undefined);
  if (fields.size === 0 || !key) return undefined;
  const out: FullDisplay = { key, fields };
  const title = fields.get(labelKey(options.fullLabels[0] ?? ''))?.[0];
  if (title) out.title = title;
  const items = readItemTable(root, options.itemLabels);
  if (items) out.items = items;
  else if (options.holdingsHeading && pageText.includes(options.holdingsHeading)) out.holdingsUnreadable = `"${options.holdingsHeading}" is on the page but no table with the holdings labels was found`;
  if (otherBranches) out.otherBranches = otherBranches;
  return out;
}

/** Classifies and reads a search answer (or a full display) given as HTML. */
export function readHtmlPage(html: string, options: HtmlReadOptions, keyHint?: string): IpacPage {
  const root = parseHtml(html);
  const text = textLines(root).join('\n');
  const session = sessionIn(html);
  const base = session ? { session } : {};
  if (isLoginPage(root)) return { kind: 'login', ...base };
  if (options.noHitsTexts.some((t) => text.includes(t))) return { kind: 'none', ...base };
  const listed = briefRows(root, false);
  if (listed.length > 0) return { kind: 'list', hits: hitCount(root, text) ?? listed.length, rows: listed, ...base };
  // Before any generic link: a full display links its neighbours (前一记录/后一记录) the same way.
  const full = fullDisplay(root, text, options, keyHint);
  if (full) return { kind: 'full', hits: 1, full, ...base };
  const hits = hitCount(root, text);
  const linked = hits === undefined ? [] : briefRows(root, true);
  if (hits !== undefined && linked.length > 0) return { kind: 'list', hits, rows: linked, ...base };
  if (findAll(root, (e) => (e.tag === 'input' && e.attrs.name === 'term') || (e.tag === 'select' && e.attrs.name === 'index')).length > 0) {
    return { kind: 'start', ...base };
  }
  throw new IpacLayoutError('the page is neither a result list, a full display, a no-hits page nor a search form');
}

/** One page of 其它馆址: the table and the links to its other pages (hrefs ending in `staffonly=`). */
export function readBranchPage(html: string, options: HtmlReadOptions): BranchPage {
  const root = parseHtml(html);
  const items = readItemTable(root, options.itemLabels);
  const pageLinks = findAll(root, (e) => e.tag === 'a' && /staffonly=$/.test(e.attrs.href ?? '')).map((a) => a.attrs.href as string);
  return items ? { items, pageLinks } : { pageLinks };
}
