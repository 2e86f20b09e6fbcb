/**
 * iPac's table-built pages as a small tree. HTML is not XML (unclosed <td>/<tr>/<p>/<option>,
 * void <br>/<input>, stray end tags, unquoted attributes, named entities): htmlparser2's
 * tokenizer and its browser-like implied-end rules read them, and this keeps the tree.
 * Limits (HTML_LIMITS): input length and element depth. Past them an HtmlLimitError (a
 * TargetError: the library's status says `error` with the limit named); the depth cap also
 * keeps every walker below (findAll, textLines) shallow, and the parser's own stack small.
 */
import { Parser } from 'htmlparser2';
import { TargetError, gatewayDiagnostic } from '../../src/diagnostics.ts';

export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
  parent?: HtmlElement;
}
export type HtmlNode = HtmlElement | string;

export const HTML_LIMITS = {
  /** Characters of one page (an iPac result page is tens of kB; at 512 Ki one page's parse stays under 100 ms of CPU). */
  MAX_HTML_LENGTH: 512 * 1024,
  /** Open elements at once (iPac nests tables three or four deep). */
  MAX_HTML_DEPTH: 256,
} as const;

export class HtmlLimitError extends TargetError {
  constructor(readonly limit: keyof typeof HTML_LIMITS, detail: string) {
    super(gatewayDiagnostic('html-limit', `The OPAC page exceeds a reader limit: ${detail} (${limit})`));
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', middot: '·', laquo: '«', raquo: '»', hellip: '…', mdash: '—', ndash: '–', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', times: '×', yen: '¥' };

/** Entities in text the page carries outside markup (script strings, URLs in attributes already decoded). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

export function parseHtml(html: string): HtmlElement {
  if (html.length > HTML_LIMITS.MAX_HTML_LENGTH) {
    throw new HtmlLimitError('MAX_HTML_LENGTH', `${html.length} characters, more than ${HTML_LIMITS.MAX_HTML_LENGTH}`);
  }
  const root: HtmlElement = { tag: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const top = () => stack[stack.length - 1] as HtmlElement;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const parent = top();
        const element: HtmlElement = { tag: name, attrs: { ...attribs }, children: [], parent };
        parent.children.push(element);
        stack.push(element);
        if (stack.length > HTML_LIMITS.MAX_HTML_DEPTH) {
          throw new HtmlLimitError('MAX_HTML_DEPTH', `elements nested more than ${HTML_LIMITS.MAX_HTML_DEPTH} deep`);
        }
      },
      // htmlparser2 reports every element it ends (implied or not) innermost first, voids included.
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
      ontext(text) {
        const children = top().children;
        const last = children.length - 1;
        if (typeof children[last] === 'string') children[last] += text;
        else children.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return root;
}

function isElement(node: HtmlNode): node is HtmlElement {
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
