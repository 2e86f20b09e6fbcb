/**
 * Text ↔ bytes in the Japanese catalogue's charsets, for the fixture generator, the
 * simulator and the query terms. Shift_JIS and EUC-JP (JIS X 0208) lack the
 * Simplified Chinese forms the Shanghai Library writes in its 905 holdings (归还, 图书馆,
 * 参考外借资料…), so a Japanese-charset export can only carry their Traditional forms —
 * which the holdings vocabulary folds back (src/holdings/text-key.ts).
 */
import iconv from 'iconv-lite';

export const JAPANESE_CHARSETS = ['utf-8', 'shift_jis', 'euc-jp'] as const;
export type JapaneseCharset = (typeof JAPANESE_CHARSETS)[number];

/** Simplified → the Traditional/Japanese form JIS X 0208 has (only characters our records use). */
const TO_JIS = '仅僅举擧记記归歸还還图圖书書馆館资資应應库庫编編约約预預类類阅閲览覽历歴遗遺处處际際间間';

const JIS_FORMS = new Map<string, string>();
for (let i = 0; i + 1 < TO_JIS.length; i += 2) JIS_FORMS.set(TO_JIS[i] as string, TO_JIS[i + 1] as string);

/** Replaces the Simplified characters JIS X 0208 lacks by their Traditional forms. */
export function toJisForms(text: string): string {
  let out = '';
  for (const ch of text) out += JIS_FORMS.get(ch) ?? ch;
  return out;
}

/**
 * Encodes text; for the JIS charsets Simplified forms are replaced first, and a character
 * that still cannot be encoded is an error (iconv-lite would silently write "?").
 */
export function encodeText(text: string, charset: JapaneseCharset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const jis = toJisForms(text);
  const bytes = iconv.encode(jis, charset);
  if (iconv.decode(bytes, charset) !== jis) {
    const bad = [...jis].filter((ch) => iconv.decode(iconv.encode(ch, charset), charset) !== ch);
    throw new RangeError(`cannot encode ${JSON.stringify(bad.join(''))} in ${charset}`);
  }
  return bytes;
}
