/** A tiny namespace-aware DOM over saxes, so tests check real namespaces and element order. */
import { SaxesParser } from 'saxes';

export interface XNode {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

export function parseXml(xml: string): XNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XNode = { ns: '', local: '#document', attrs: {}, children: [], text: '' };
  const stack: XNode[] = [root];
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    const node: XNode = { ns: tag.uri ?? '', local: tag.local ?? tag.name, attrs, children: [], text: '' };
    stack[stack.length - 1]?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  const [element] = root.children;
  if (!element) throw new Error('no root element');
  return element;
}

export function child(node: XNode, local: string): XNode | undefined {
  return node.children.find((c) => c.local === local);
}

export function req(node: XNode | undefined, ...path: string[]): XNode {
  let at = node;
  for (const step of path) {
    at = at ? child(at, step) : undefined;
    if (!at) throw new Error(`no element ${path.join('/')}`);
  }
  if (!at) throw new Error('no node');
  return at;
}

export function all(node: XNode, local: string): XNode[] {
  const out: XNode[] = [];
  const walk = (n: XNode): void => {
    if (n.local === local) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}

export function names(node: XNode): string[] {
  return node.children.map((c) => c.local);
}

/** True when `actual` lists elements in the order of `schemaOrder` (each allowed at most where the schema puts it). */
export function inSchemaOrder(actual: readonly string[], schemaOrder: readonly string[]): boolean {
  let at = 0;
  for (const name of actual) {
    const found = schemaOrder.indexOf(name, at);
    if (found === -1) return false;
    at = found + (name === 'extraResponseData' ? 0 : 1);
  }
  return true;
}
