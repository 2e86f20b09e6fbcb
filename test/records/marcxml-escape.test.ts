import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../src/records/marcxml/write.ts';

// The escaping as it was before the no-op fast path: drop what XML 1.0 forbids, then escape.
// eslint-disable-next-line no-control-regex
const reference = (v: string) => v.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('escapeXml', () => {
  it('returns a value with nothing to escape as it is, and escapes the rest as the five-pass reference does', () => {
    const unit = fc.oneof(fc.constantFrom('&', '<', '>', '"', "'", '\u0001', '\u001f', '\t', '\n', '\r', '\uffff', '\ufffe', '中', 'é', 'a'), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (parts) => {
        const value = parts.join('');
        expect(escapeXml(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
    expect(escapeXml('史记 / 司马迁')).toBe('史记 / 司马迁');
    expect(escapeXml('a\u0001<b>&"')).toBe('a&lt;b&gt;&amp;&quot;');
  });
});
