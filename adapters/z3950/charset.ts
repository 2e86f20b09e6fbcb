/**
 * Text codecs for InternationalString and query terms. Without Charset-3 negotiation a
 * target reads and writes its local charset (GBK for most mainland targets, Big5 in
 * Taiwan/Hong Kong), so the charset is per-target configuration.
 * Decoding uses WHATWG TextDecoder (Node 20 knows gbk/gb18030/big5/shift_jis/euc-jp);
 * encoding uses iconv-lite, which TextEncoder cannot replace (UTF-8 only).
 */
import iconv from 'iconv-lite';
import type { Charset } from '../../src/adapter-api/settings.ts';

export interface TextCodec {
  readonly charset: Charset;
  encode(text: string): Buffer;
  decode(bytes: Buffer): string;
  /** False when some character has no representation (iconv-lite would substitute '?'). */
  canEncode(text: string): boolean;
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

export function textCodec(charset: Charset): TextCodec {
  if (charset === 'marc-8') return marc8AsciiCodec();
  const iconvName = ICONV_NAME[charset];
  const decoder = new TextDecoder(charset === 'gb2312' ? 'gbk' : charset);
  const encode = (text: string): Buffer => iconv.encode(text, iconvName);
  return {
    charset,
    encode,
    decode: (bytes) => decoder.decode(bytes),
    canEncode: (text) => iconv.decode(encode(text), iconvName) === text,
  };
}

/**
 * MARC-8 needs table-driven escapes that neither TextDecoder nor iconv-lite has; for
 * protocol strings we accept its ASCII subset (G0 default) and read other bytes as Latin-1.
 */
function marc8AsciiCodec(): TextCodec {
  const ascii = (text: string): boolean => /^[\x20-\x7e]*$/.test(text);
  return {
    charset: 'marc-8',
    encode: (text) => Buffer.from(text, 'latin1'),
    decode: (bytes) => bytes.toString('latin1'),
    canEncode: ascii,
  };
}
