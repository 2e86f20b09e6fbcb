/** Namespace-aware element tree over saxes, so the ISO 18626 test sees real namespaces and order. */
import { SaxesParser } from 'saxes';

export interface El {
  uri: string;
  name: string;
  /** `{uri}local` for namespaced attributes, `local` otherwise. */
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

export function parseTree(xml: string): El {
  const parser = new SaxesParser({ xmlns: true });
  const doc: El = { uri: '', name: '#doc', attrs: {}, children: [], text: '' };
  const open: El[] = [doc];
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    }
    const el: El = { uri: tag.uri, name: tag.local, attrs, children: [], text: '' };
    open.at(-1)?.children.push(el);
    open.push(el);
  });
  parser.on('text', (t) => {
    const top = open.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => void open.pop());
  parser.write(xml).close();
  const root = doc.children[0];
  if (!root) throw new Error('no root element');
  return root;
}

export function find(el: El, ...path: string[]): El | undefined {
  let at: El | undefined = el;
  for (const step of path) at = at?.children.find((c) => c.name === step);
  return at;
}

export function all(el: El): El[] {
  return [el, ...el.children.flatMap(all)];
}
