/**
 * application/x-www-form-urlencoded in a legacy charset. Chinese and Japanese web OPACs of
 * the JSP/CGI era read form values as percent-encoded bytes of their page charset (GBK,
 * Shift_JIS), not UTF-8 — URLSearchParams can only write UTF-8, so adapters use this.
 */
import iconv from 'iconv-lite';

function isUnreserved(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x2a;
}

function bytesOf(text: string, charset: string): Buffer {
  return /^utf-?8$/i.test(charset) ? Buffer.from(text, 'utf8') : iconv.encode(text, charset);
}

/** One value as HTML forms encode it: unreserved bytes kept, space as "+", the rest %XX. */
function encodeFormValue(text: string, charset: string): string {
  let out = '';
  for (const byte of bytesOf(text, charset)) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : byte === 0x20 ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function encodeForm(pairs: readonly (readonly [string, string])[], charset: string): string {
  return pairs.map(([key, value]) => `${encodeFormValue(key, charset)}=${encodeFormValue(value, charset)}`).join('&');
}

function decodeValue(text: string, charset: string): string {
  const bytes: number[] = [];
  const plain = text.replace(/\+/g, ' ');
  for (let i = 0; i < plain.length; i++) {
    const hex = plain[i] === '%' ? plain.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(plain[i] as string, 'utf8'));
    }
  }
  return /^utf-?8$/i.test(charset) ? Buffer.from(bytes).toString('utf8') : iconv.decode(Buffer.from(bytes), charset);
}

/** Parses a query string or form body whose values are percent-encoded bytes of `charset`. */
export function parseForm(text: string, charset: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push([decodeValue(eq < 0 ? part : part.slice(0, eq), charset), decodeValue(eq < 0 ? '' : part.slice(eq + 1), charset)]);
  }
  return pairs;
}
