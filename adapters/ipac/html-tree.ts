/**
 * A tolerant HTML reader, enough for iPac's table-built pages: HTML is not XML
 * (unclosed <td>/<tr>/<p>/<option>, void <br>/<input>, stray end tags, unquoted
 * attributes, named entities), so this builds a small tree the way browsers would
 * for those cases and never throws. Not a general HTML5 parser.
 */

export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
  parent?: HtmlElement;
}
export type HtmlNode = HtmlElement | string;

const VOID = new Set(['br', 'img', 'input', 'meta', 'link', 'hr', 'area', 'base', 'col', 'param', 'wbr', 'embed', 'source']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
/** An opening tag closes these open elements first (up to the nearest boundary). */
const CLOSES: Record<string, { closes: string[]; boundary: string[] }> = {
  tr: { closes: ['td', 'th', 'tr'], boundary: ['table', 'tbody', 'thead', 'tfoot'] },
  td: { closes: ['td', 'th'], boundary: ['tr', 'table'] },
  th: { closes: ['td', 'th'], boundary: ['tr', 'table'] },
  tbody: { closes: ['td', 'th', 'tr', 'tbody', 'thead'], boundary: ['table'] },
  option: { closes: ['option'], boundary: ['select'] },
  li: { closes: ['li'], boundary: ['ul', 'ol'] },
  p: { closes: ['p'], boundary: ['td', 'th', 'div', 'body', 'table'] },
};

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', middot: '·', laquo: '«', raquo: '»', hellip: '…', mdash: '—', ndash: '–', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', times: '×', yen: '¥' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

const ATTR = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function parseAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(ATTR)) {
    const name = (m[1] ?? '').toLowerCase();
    if (name && !(name in attrs)) attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const top = () => stack[stack.length - 1] as HtmlElement;
  const closeUpTo = (index: number) => {
    stack.length = Math.max(1, index);
  };
  const tagRe = /<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<\/\s*([a-zA-Z][\w:-]*)[^>]*>|<([a-zA-Z][\w:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g;
  let at = 0;
  for (let m = tagRe.exec(html); m; m = tagRe.exec(html)) {
    if (m.index > at) top().children.push(decodeEntities(html.slice(at, m.index)));
    at = tagRe.lastIndex;
    const [, endName, startName, rawAttrs] = m;
    if (endName) {
      const name = endName.toLowerCase();
      // A stray end tag (no matching open element) is ignored, as browsers do.
      for (let i = stack.length - 1; i > 0; i -= 1) {
        if (stack[i]?.tag === name) {
          closeUpTo(i);
          break;
        }
        if (name !== 'table' && stack[i]?.tag === 'table') break;
      }
      continue;
    }
    if (!startName) continue; // comment, doctype, processing instruction
    const name = startName.toLowerCase();
    const rule = CLOSES[name];
    if (rule) {
      // The outermost closable element below the boundary: a new <tr> ends the open <td> and its <tr>.
      let cut = -1;
      for (let i = stack.length - 1; i > 0; i -= 1) {
        const open = stack[i]?.tag ?? '';
        if (rule.boundary.includes(open)) break;
        if (rule.closes.includes(open)) cut = i;
      }
      if (cut > 0) closeUpTo(cut);
    }
    const element: HtmlElement = { tag: name, attrs: parseAttrs(rawAttrs ?? ''), children: [], parent: top() };
    top().children.push(element);
    if (VOID.has(name) || /\/\s*$/.test(rawAttrs ?? '')) continue;
    if (RAW_TEXT.has(name)) {
      const end = new RegExp(`</\\s*${name}\\s*>`, 'i');
      const rest = html.slice(at);
      const found = end.exec(rest);
      const body = found ? rest.slice(0, found.index) : rest;
      if (body) element.children.push(name === 'title' || name === 'textarea' ? decodeEntities(body) : body);
      at += found ? found.index + found[0].length : rest.length;
      tagRe.lastIndex = at;
      continue;
    }
    stack.push(element);
  }
  if (at < html.length) top().children.push(decodeEntities(html.slice(at)));
  return root;
}

export function isElement(node: HtmlNode): node is HtmlElement {
  return typeof node !== 'string';
}

/** Every element below `node` (document order) that passes the test. */
export function findAll(node: HtmlElement, test: (e: HtmlElement) => boolean): HtmlElement[] {
  const out: HtmlElement[] = [];
  const walk = (e: HtmlElement) => {
    for (const child of e.children) {
      if (!isElement(child)) continue;
      if (test(child)) out.push(child);
      walk(child);
    }
  };
  walk(node);
  return out;
}

export const byTag = (tag: string) => (e: HtmlElement) => e.tag === tag;

const BLOCK = new Set(['br', 'p', 'div', 'tr', 'li', 'table', 'h1', 'h2', 'h3', 'h4', 'td', 'th', 'option']);

/** Text split into lines at <br> and block boundaries; spaces (incl. &nbsp;, U+3000) collapsed. */
export function textLines(node: HtmlNode): string[] {
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    const line = current.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
    if (line) lines.push(line);
    current = '';
  };
  const walk = (n: HtmlNode) => {
    if (!isElement(n)) {
      current += n;
      return;
    }
    if (n.tag === 'script' || n.tag === 'style') return;
    if (BLOCK.has(n.tag)) flush();
    n.children.forEach(walk);
    if (BLOCK.has(n.tag)) flush();
  };
  walk(node);
  flush();
  return lines;
}

export function textOf(node: HtmlNode): string {
  return textLines(node).join(' ');
}

export function closest(node: HtmlElement, tag: string): HtmlElement | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.tag === tag) return p;
  return undefined;
}

/** Cells of a row, not of rows nested inside it. */
export function cellsOf(row: HtmlElement): HtmlElement[] {
  return row.children.filter((c): c is HtmlElement => isElement(c) && (c.tag === 'td' || c.tag === 'th'));
}

/** Rows of a table, not of nested tables (looking through tbody/thead). */
export function rowsOf(table: HtmlElement): HtmlElement[] {
  const out: HtmlElement[] = [];
  for (const child of table.children) {
    if (!isElement(child)) continue;
    if (child.tag === 'tr') out.push(child);
    else if (child.tag === 'tbody' || child.tag === 'thead' || child.tag === 'tfoot') out.push(...rowsOf(child));
  }
  return out;
}
