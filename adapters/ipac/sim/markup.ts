/**
 * Markup for the simulator's pages, built as values: every text and attribute is escaped
 * on the way in, so no page is ever assembled from unescaped strings. `open` writes an
 * element without its end tag, the way HIP's own HTML leaves <td> and <tr> unclosed.
 */

export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Child = Markup | string | number | undefined | null | false | readonly Child[];
export type Attrs = Record<string, string | number | boolean | undefined>;

function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

function render(child: Child): string {
  if (child === undefined || child === null || child === false) return '';
  if (child instanceof Markup) return child.text;
  if (Array.isArray(child)) return child.map(render).join('');
  return escapeText(String(child));
}

function startTag(tag: string, attrs: Attrs): string {
  let out = `<${tag}`;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeAttr(String(value))}"`;
  }
  return `${out}>`;
}

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): Markup {
  return new Markup(`${startTag(tag, attrs)}${children.map(render).join('')}</${tag}>`);
}

/** An element whose end tag is left out (HTML only: td, tr, p, option, li). */
export function open(tag: string, attrs: Attrs = {}, ...children: Child[]): Markup {
  return new Markup(`${startTag(tag, attrs)}${children.map(render).join('')}`);
}

/** A void element (br, input, meta, img). */
export function empty(tag: string, attrs: Attrs = {}): Markup {
  return new Markup(startTag(tag, attrs));
}

export function fragment(...children: Child[]): Markup {
  return new Markup(children.map(render).join(''));
}

/** A document: the fixed prolog (doctype or XML declaration, charset from a closed list) and the root. */
export function xmlDocument(encoding: 'UTF-8' | 'GBK', root: Markup): string {
  return `<?xml version="1.0" encoding="${encoding}"?>\n${root.text}\n`;
}

export function htmlDocument(root: Markup): string {
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n${root.text}\n`;
}
