/**
 * GetXML answers (`<searchresponse>`) read with saxes into a small element tree, so the
 * page readers can ask for paths such as yoursearch/hits or items/searchresults/header.
 * GetXML is real XML: a well-formedness error is an error, not something to guess around.
 */
import { SaxesParser } from 'saxes';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlReadError extends Error {}

/** Size and depth caps: GetXML pages are small and shallow; deeper would only overflow walkers. */
export const XML_LIMITS = { MAX_XML_LENGTH: 4 * 1024 * 1024, MAX_XML_DEPTH: 128 } as const;

export function parseXml(text: string): XmlElement {
  if (text.length > XML_LIMITS.MAX_XML_LENGTH) throw new XmlReadError(`${text.length} characters, more than MAX_XML_LENGTH ${XML_LIMITS.MAX_XML_LENGTH}`);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = String(v);
    const element: XmlElement = { name: tag.name, attrs, children: [], text: '' };
    stack[stack.length - 1]?.children.push(element);
    stack.push(element);
    if (stack.length > XML_LIMITS.MAX_XML_DEPTH) throw new XmlReadError(`elements nested more than MAX_XML_DEPTH ${XML_LIMITS.MAX_XML_DEPTH} deep`);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.write(text).close();
  if (failure) throw new XmlReadError(failure.message);
  return root;
}

/** Children by a path of names ("summary/searchresults/results/row"). */
export function all(node: XmlElement | undefined, path: string): XmlElement[] {
  let current: XmlElement[] = node ? [node] : [];
  for (const step of path.split('/')) current = current.flatMap((n) => n.children.filter((c) => c.name === step));
  return current;
}

export function first(node: XmlElement | undefined, path: string): XmlElement | undefined {
  return all(node, path)[0];
}

/** Trimmed text of the element at the path, or undefined when absent or empty. */
export function textAt(node: XmlElement | undefined, path: string): string | undefined {
  const found = first(node, path);
  const text = found ? deepText(found).trim() : '';
  return text === '' ? undefined : text;
}

function deepText(node: XmlElement): string {
  return node.text + node.children.map(deepText).join('');
}

/** Anywhere below node (document order). */
export function descendants(node: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of node.children) {
    if (child.name === name) out.push(child);
    out.push(...descendants(child, name));
  }
  return out;
}
