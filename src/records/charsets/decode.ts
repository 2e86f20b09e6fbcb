/**
 * Charset names the readers use and the decoders behind them. Node 20's WHATWG TextDecoder
 * covers the CJK legacy encodings; MARC-8 is our own table decoder.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { decodeMarc8, decodeMarc8Utf8 } from './marc8.ts';

export type CharsetName =
  | 'utf-8'
  | 'gb18030'
  | 'big5'
  | 'shift_jis'
  | 'euc-jp'
  | 'iso-2022-jp'
  | 'iso-8859-1'
  | 'marc-8';

const LABELS: Record<string, CharsetName> = {
  'utf-8': 'utf-8', utf8: 'utf-8', ucs: 'utf-8', unicode: 'utf-8',
  // GB 2312 and GBK are subsets of GB 18030; decoding with the superset never hurts.
  gb2312: 'gb18030', gbk: 'gb18030', gb18030: 'gb18030', cp936: 'gb18030', 'euc-cn': 'gb18030',
  big5: 'big5', 'big5-hkscs': 'big5', cp950: 'big5',
  shift_jis: 'shift_jis', 'shift-jis': 'shift_jis', sjis: 'shift_jis', cp932: 'shift_jis', 'windows-31j': 'shift_jis',
  'euc-jp': 'euc-jp', eucjp: 'euc-jp',
  'iso-2022-jp': 'iso-2022-jp', jis: 'iso-2022-jp',
  'iso-8859-1': 'iso-8859-1', latin1: 'iso-8859-1', 'latin-1': 'iso-8859-1',
  'marc-8': 'marc-8', marc8: 'marc-8', ansel: 'marc-8',
};

/** Maps a configured label (case-insensitive, as people write them) to a decoder name. */
export function charsetFromLabel(label: string): CharsetName | undefined {
  return LABELS[label.trim().toLowerCase()];
}

export interface Decoder {
  readonly name: CharsetName;
  /**
   * True when 0x1E/0x1F always survive decoding as themselves, so a whole data area can be
   * decoded at once and split afterwards. ISO-2022-JP is not: WHATWG's decoder swallows a
   * C0 byte inside a two-byte run as an error.
   */
  readonly wholeAreaSafe: boolean;
  /** decode() already returns NFC text (the caller need not normalize it again). */
  readonly nfc?: boolean;
  decode(bytes: Buffer, start: number, end: number): string;
  /**
   * The UTF-8 of decode()'s text (NFC when `nfc`), for decoders that can write it without
   * building the string first. May be a view that the next call overwrites.
   */
  decodeUtf8?(bytes: Buffer, start: number, end: number): Uint8Array;
}

const webDecoders = new Map<string, TextDecoder>();
function webDecoder(label: string, fatal = false): TextDecoder {
  const key = `${label}/${fatal}`;
  let decoder = webDecoders.get(key);
  if (!decoder) {
    decoder = new TextDecoder(label, { fatal });
    webDecoders.set(key, decoder);
  }
  return decoder;
}

const DECODERS: Record<CharsetName, Decoder> = {
  'utf-8': { name: 'utf-8', wholeAreaSafe: true, decode: (b, s, e) => b.toString('utf8', s, e) },
  'iso-8859-1': { name: 'iso-8859-1', wholeAreaSafe: true, decode: (b, s, e) => b.toString('latin1', s, e) },
  'marc-8': { name: 'marc-8', wholeAreaSafe: true, nfc: true, decode: (b, s, e) => decodeMarc8(b, s, e).text, decodeUtf8: decodeMarc8Utf8 },
  gb18030: web('gb18030', true),
  big5: web('big5', true),
  shift_jis: web('shift_jis', true),
  'euc-jp': web('euc-jp', true),
  'iso-2022-jp': web('iso-2022-jp', false),
};

function web(name: CharsetName, wholeAreaSafe: boolean): Decoder {
  return { name, wholeAreaSafe, decode: (b, s, e) => webDecoder(name).decode(b.subarray(s, e)) };
}

export function decoderFor(name: CharsetName): Decoder {
  return DECODERS[name];
}

/** The text when every byte sequence is valid in the charset, else undefined (one decode). */
export function decodeStrict(name: CharsetName, bytes: Uint8Array): string | undefined {
  switch (name) {
    case 'utf-8':
      return isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : undefined;
    case 'iso-8859-1':
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    case 'marc-8': {
      const result = decodeMarc8(bytes);
      return result.invalid === 0 ? result.text : undefined;
    }
    default:
      try {
        return webDecoder(name, true).decode(bytes);
      } catch {
        return undefined;
      }
  }
}
