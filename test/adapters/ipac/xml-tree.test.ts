import { describe, expect, it } from 'vitest';
import { parseXml, XML_LIMITS, XmlReadError } from '../../../adapters/ipac/xml-tree.ts';

describe('GetXML reader limits', () => {
  it('refuses nesting 10× past MAX_XML_DEPTH with XmlReadError (not a stack overflow)', () => {
    const n = XML_LIMITS.MAX_XML_DEPTH * 10;
    expect(() => parseXml(`${'<a>'.repeat(n)}x${'</a>'.repeat(n)}`)).toThrow(XmlReadError);
  });

  it('refuses a text 10× past MAX_XML_LENGTH', () => {
    expect(() => parseXml(`<a>${' '.repeat(XML_LIMITS.MAX_XML_LENGTH * 10)}</a>`)).toThrow(/MAX_XML_LENGTH/);
  });

  it('reads a document at the depth limit', () => {
    const n = XML_LIMITS.MAX_XML_DEPTH - 1;
    expect(parseXml(`${'<a>'.repeat(n)}x${'</a>'.repeat(n)}`).children).toHaveLength(1);
  });
});
