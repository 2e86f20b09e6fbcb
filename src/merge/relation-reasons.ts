/**
 * Why two related clusters are not one manifestation, in words a reader checks against the
 * books: "第2版 vs 第1版", "1982 vs 1959", "精装 vs 平装". The first difference that a
 * cataloguer would name decides the relation's kind (another edition, another binding).
 */
import { compact, foldText } from './normalize-text.ts';
import type { ConflictCode } from './traits.ts';
import type { RelationKind, RelationReason } from './types.ts';

/** What the reasons compare of one cluster. */
export interface ReasonFacts {
  electronic: boolean;
  /** Edition statement as written ("" when none) and its key ("1" when none). */
  edition: string;
  editionKey: string;
  year: string;
  binding: string;
  subtitle: string;
  subtitleKeys: readonly string[];
  publisher: string;
  isbns: readonly string[];
}

const BINDING: Record<string, { zh: string; en: string }> = { hard: { zh: '精装', en: 'hardcover' }, soft: { zh: '平装', en: 'paperback' } };

function reason(code: RelationReason['code'], a: string, b: string, zh: [string, string] = [a, b], en: [string, string] = [a, b]): RelationReason {
  return { code, values: [a, b], zh: `${zh[0]} vs ${zh[1]}`, en: `${en[0]} vs ${en[1]}` };
}

const ORDINAL_SUFFIX = (n: number) => (n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'));

/** The edition as its key reads ("第2版", "2nd ed.", "修订版"), so cataloguing styles do not show as a difference. */
function editionText(f: ReasonFacts, lang: 'zh' | 'en'): string {
  const m = /^(n?)(r?)(\d*)$/u.exec(f.editionKey);
  if (!m || (m[2] === '' && m[3] === '')) return f.edition || f.editionKey;
  const n = Number(m[3] || '1');
  if (lang === 'zh') return `${m[1] ? '新' : ''}第${n}版${m[2] ? '（修订）' : ''}`;
  return `${m[1] ? 'new ' : ''}${m[2] ? 'revised ' : ''}${n}${ORDINAL_SUFFIX(n)} ed.`;
}

function subtitlesDiffer(a: readonly string[], b: readonly string[]): boolean {
  for (const script of ['l:', 'c:']) {
    const sa = a.filter((s) => s.startsWith(script));
    const sb = b.filter((s) => s.startsWith(script));
    if (sa.length > 0 && sb.length > 0 && !sa.some((x) => sb.some((y) => x === y || x.startsWith(y) || y.startsWith(x)))) return true;
  }
  return false;
}

/** The kind and reason for two clusters that are not parts of one another; a veto's code first when known. */
export function describeDifference(a: ReasonFacts, b: ReasonFacts, veto?: ConflictCode): { kind: RelationKind; reason?: RelationReason } {
  if (a.electronic !== b.electronic) {
    const [x, y] = [a.electronic ? 'e' : 'p', b.electronic ? 'e' : 'p'];
    const zh = (c: string) => (c === 'e' ? '电子版' : '印本');
    const en = (c: string) => (c === 'e' ? 'electronic' : 'print');
    return { kind: 'related', reason: reason('carrier', x, y, [zh(x), zh(y)], [en(x), en(y)]) };
  }
  const editionDiffers = a.editionKey !== b.editionKey;
  const bindingDiffers = a.binding !== '' && b.binding !== '' && a.binding !== b.binding;
  const subtitleDiffers = subtitlesDiffer(a.subtitleKeys, b.subtitleKeys);
  const order: ConflictCode[] = veto ? [veto] : [];
  if (editionDiffers) order.push('edition');
  if (bindingDiffers) order.push('binding');
  if (subtitleDiffers) order.push('subtitle');
  for (const code of order) {
    if (code === 'edition' && editionDiffers) {
      return { kind: 'other-edition', reason: reason('edition', a.edition, b.edition, [editionText(a, 'zh'), editionText(b, 'zh')], [editionText(a, 'en'), editionText(b, 'en')]) };
    }
    if (code === 'binding' && bindingDiffers) {
      const [x, y] = [BINDING[a.binding], BINDING[b.binding]];
      return { kind: 'other-binding', reason: reason('binding', a.binding, b.binding, [x?.zh ?? a.binding, y?.zh ?? b.binding], [x?.en ?? a.binding, y?.en ?? b.binding]) };
    }
    if (code === 'subtitle' && subtitleDiffers) return { kind: 'related', reason: reason('subtitle', a.subtitle, b.subtitle) };
  }
  if (a.year !== b.year && a.year !== '' && b.year !== '') return { kind: 'other-edition', reason: reason('year', a.year, b.year) };
  if (a.publisher !== '' && b.publisher !== '' && compact(foldText(a.publisher)) !== compact(foldText(b.publisher))) return { kind: 'other-edition', reason: reason('publisher', a.publisher, b.publisher) };
  const [ia, ib] = [a.isbns[0] ?? '', b.isbns[0] ?? ''];
  if (ia !== ib && ia !== '' && ib !== '') return { kind: 'other-edition', reason: reason('isbn', ia, ib, [`ISBN ${ia}`, `ISBN ${ib}`], [`ISBN ${ia}`, `ISBN ${ib}`]) };
  return { kind: 'other-edition' };
}
