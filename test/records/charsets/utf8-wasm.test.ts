import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8NfcWasm, delimiters, scanAsciiDelimiters } from '../../../src/records/charsets/utf8-wasm.ts';
import { decodeUtf8NfcLoop } from '../../../src/records/charsets/utf8-nfc.ts';

/** What both decoders replace: Node's UTF-8 decoding, then NFC. */
const reference = (bytes: Buffer, start: number, end: number): string => bytes.toString('utf8', start, end).normalize('NFC');

/** Where the text has 0x1E and 0x1F, as `delimiters` lists them. */
function delimitersOf(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x1e || text.charCodeAt(i) === 0x1f) out.push((i << 1) | (text.charCodeAt(i) === 0x1e ? 1 : 0));
  return out;
}
const noted = (): number[] => Array.from(delimiters.list.subarray(delimiters.first, delimiters.first + delimiters.count));

describe('decodeUtf8NfcWasm', () => {
  it('is available here (Node 20 on x64 has WebAssembly SIMD), so the tests below test it', () => {
    expect(decodeUtf8NfcWasm(Buffer.from('a'), 0, 1)).toBe('a');
  });

  it('decodes valid UTF-8 of any length to the NFC text Node would give, as the JavaScript loop does', () => {
    // ASCII stretches longer than the 16 bytes read at once, next to what NFC changes or combines.
    const tricky = fc.constantFrom('e\u0301', '\u0301', '\u1100\u1161', '\uac00\u11a8', '\uf900', '\u2126', '\u212b', 'A\u030a', '\u0344', '\u0958', '\u{2f800}', '\u{1d15e}', '中', 'é', 'ß', '\u{20000}', '\u{1f600}', '\ufeff', '\u3001\u302a', 'abcdefghijklmnopqrstu', '\x1f\x1e');
    const unit = fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 24 }), fc.nat(20), (parts, pad) => {
        // Lone surrogates are not UTF-8: Buffer.from writes U+FFFD for them, still valid.
        const bytes = Buffer.concat([Buffer.alloc(pad, 0x41), Buffer.from(parts.join('')), Buffer.alloc(pad, 0x1e)]);
        const expected = reference(bytes, pad, bytes.length - pad);
        expect(decodeUtf8NfcWasm(bytes, pad, bytes.length - pad)).toBe(expected);
        // Claimed only for text NFC cannot have changed, and then those of the text.
        if (delimiters.text) {
          expect(bytes.toString('utf8', pad, bytes.length - pad)).toBe(expected);
          expect(noted()).toEqual(delimitersOf(expected));
        }
        expect(decodeUtf8NfcLoop(bytes, pad, bytes.length - pad)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('notes the delimiters of ASCII bytes without decoding them', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '\x1e', '\x1f', '\x1b', '\x00', '0123456789abcdef', 'Z'), { maxLength: 60 }), fc.nat(20), (parts, pad) => {
        const bytes = Buffer.concat([Buffer.alloc(pad, 0x1e), Buffer.from(parts.join(''), 'latin1'), Buffer.alloc(pad, 0x1f)]);
        expect(scanAsciiDelimiters(bytes, pad, bytes.length - pad)).toBe(true);
        expect(noted()).toEqual(delimitersOf(bytes.toString('latin1', pad, bytes.length - pad)));
      }),
      { numRuns: 1000 },
    );
  });

  it('grows its memory for long text and keeps decoding after', () => {
    const long = Buffer.from('修改代码的艺术 e\u0301 Ω '.repeat(40_000));
    expect(decodeUtf8NfcWasm(long, 0, long.length)).toBe(reference(long, 0, long.length));
    const short = Buffer.from('中国图书馆 library');
    expect(decodeUtf8NfcWasm(short, 0, short.length)).toBe('中国图书馆 library');
  });
});
