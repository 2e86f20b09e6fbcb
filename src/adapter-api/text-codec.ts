/**
 * Text codecs for InternationalString and query terms. Without Charset-3 negotiation a
 * target reads and writes its local charset (GBK for most mainland targets, Big5 in
 * Taiwan/Hong Kong), so the charset is per-target configuration.
 * Decoding uses WHATWG TextDecoder (Node 20 knows gbk/gb18030/big5/shift_jis/euc-jp);
 * encoding uses iconv-lite, which TextEncoder cannot replace (UTF-8 only).
 */
import iconv from 'iconv-lite';
import type { Charset } from './settings.ts';
import { decodeMarc8 } from '../records/charsets/marc8.ts';
import { encodeMarc8 } from '../records/charsets/marc8-encode.ts';

export interface TextCodec {
  readonly charset: Charset;
  encode(text: string): Buffer;
  decode(bytes: Buffer): string;
  /** The first character of `text` the charset cannot write (iconv-lite would substitute '?'). */
  unwritable(text: string): string | undefined;
}

/** iconv-lite names for our charset labels. GB2312 targets send GBK in practice, so encode with the superset. */
const ICONV_NAME: Record<Exclude<Charset, 'marc-8'>, string> = {
  'utf-8': 'utf8',
  gbk: 'gbk',
  gb18030: 'gb18030',
  gb2312: 'gbk',
  big5: 'big5',
  shift_jis: 'shiftjis',
  'euc-jp': 'eucjp',
  'iso-2022-jp': 'iso2022jp',
  'iso-8859-1': 'latin1',
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textCodec(charset: Charset): TextCodec {
  if (charset === 'marc-8') return marc8Codec();
  const iconvName = ICONV_NAME[charset];
  const decoder = new TextDecoder(charset === 'gb2312' ? 'gbk' : charset);
  // UTF-8 (iconv-lite's utf8 is Node's own encoder) writes every string but one with a lone
  // surrogate: Node's encoder directly, and no encode-decode round trip to learn that a term fits
  // (a leading U+FEFF still takes it: iconv-lite's decode strips it as a BOM, so it never fit).
  const utf8 = charset === 'utf-8';
  const encode = utf8 ? (text: string): Buffer => Buffer.from(text, 'utf8') : (text: string): Buffer => iconv.encode(text, iconvName);
  const fits = (text: string): boolean => iconv.decode(encode(text), iconvName) === text;
  return {
    charset,
    encode,
    decode: (bytes) => decoder.decode(bytes),
    unwritable: (text) => ((utf8 && text.charCodeAt(0) !== 0xfeff && !LONE_SURROGATE.test(text)) || fits(text) ? undefined : [...text].find((ch) => !fits(ch))),
  };
}

/** MARC-8 needs table-driven escapes that neither TextDecoder nor iconv-lite has: our own codec. */
function marc8Codec(): TextCodec {
  return {
    charset: 'marc-8',
    encode: (text) => {
      const encoded = encodeMarc8(text);
      if (!encoded.ok) throw new RangeError(`"${encoded.character}" cannot be written in MARC-8`);
      return encoded.bytes;
    },
    decode: (bytes) => decodeMarc8(bytes).text,
    unwritable: (text) => {
      const encoded = encodeMarc8(text);
      return encoded.ok ? undefined : encoded.character;
    },
  };
}
