import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8Nfc } from '../../../src/records/charsets/utf8-nfc.ts';

/** What the decoder replaces: Node's UTF-8 decoding, then NFC. */
const reference = (bytes: Buffer, start: number, end: number): string => bytes.toString('utf8', start, end).normalize('NFC');

describe('decodeUtf8Nfc', () => {
  it('decodes valid UTF-8 to the NFC text Node would give, normalizing only where NFC changes something', () => {
    // Characters NFC changes or combines (marks, jamo, compatibility ideographs, Ω, Å), beside the ones it never does.
    const tricky = fc.constantFrom('e\u0301', '\u0301', '\u1100\u1161', '\uac00\u11a8', '\uf900', '\u2126', '\u212b', 'A\u030a', '\u0344', '\u0958', '\u{2f800}', '\u{1d15e}', '中', 'é', 'ß', '\u{20000}', '\u{1f600}', '\ufeff');
    const unit = fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), fc.nat(4), (parts, pad) => {
        // Lone surrogates are not UTF-8: Buffer.from writes U+FFFD for them, still valid.
        const bytes = Buffer.concat([Buffer.alloc(pad, 0x41), Buffer.from(parts.join('')), Buffer.alloc(pad, 0x1e)]);
        expect(decodeUtf8Nfc(bytes, pad, bytes.length - pad)).toBe(reference(bytes, pad, bytes.length - pad));
      }),
      { numRuns: 3000 },
    );
  });

  it('grows its buffer for long text', () => {
    const bytes = Buffer.from('修改代码的艺术 e\u0301 '.repeat(2000));
    expect(decodeUtf8Nfc(bytes, 0, bytes.length)).toBe(reference(bytes, 0, bytes.length));
  });
});
