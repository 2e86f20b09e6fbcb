/**
 * Author name keys: "Twitchett, Denis Crispin." = "Twitchett, Denis C." = "Denis Twitchett"
 * → "twitchett d"; CJK names folded whole ("黃仁宇" → "黄仁宇"); dates and relators dropped.
 */
import type { Author, BibRecord } from '../records/model.ts';
import { compact, foldText, hasCjk } from './normalize-text.ts';
import { memoByText } from './text-memo.ts';

/** Role words a statement of responsibility wraps around names (CJK suffixes, Latin prefixes). */
const CJK_ROLES = /(?:主编|编著|编撰|编纂|编写|编译|编辑|编|主编|校注|校点|整理|撰|著|译|评注|注|等|原著|绘)+$/u;

function cleanName(name: string): string {
  return name
    .replace(/\([^)]*\)|（[^）]*）|\[[^\]]*\]/gu, ' ')
    .replace(/\b(?:b|d|fl|ca|active)\.\s*(?=\d)/giu, ' ')
    .replace(/\d+\??-?\d*\??/gu, ' ');
}

const personalKey = memoByText((name) => nameKeyUncached(name, 'personal'));
const otherKey = memoByText((name) => nameKeyUncached(name, 'corporate'));

/** Key of one personal or corporate name; "" when nothing usable is left. Remembered per text (text-memo.ts). */
export function nameKey(name: string, kind: Author['kind'] = 'personal'): string {
  return kind === 'personal' ? personalKey(name) : otherKey(name);
}

function nameKeyUncached(name: string, kind: Author['kind']): string {
  const cleaned = cleanName(name);
  if (hasCjk(cleaned)) return compact(foldText(cleaned)).replace(CJK_ROLES, '');
  if (kind !== 'personal') return compact(foldText(cleaned));
  const comma = cleaned.indexOf(',');
  if (comma > 0) {
    const surname = compact(foldText(cleaned.slice(0, comma)));
    const forename = foldText(cleaned.slice(comma + 1));
    return surname ? `${surname} ${forename.slice(0, 1)}`.trim() : '';
  }
  const words = foldText(cleaned).split(' ').filter(Boolean);
  if (words.length === 0) return '';
  const surname = words[words.length - 1] as string;
  return words.length > 1 ? `${surname} ${(words[0] as string).slice(0, 1)}` : surname;
}

/** The first name in a statement of responsibility ("edited by Frederick W. Mote" → "mote f"; "黄仁宇著" → "黄仁宇"). */
export function responsibilityKey(statement: string): string {
  if (hasCjk(statement)) return nameKey((statement.split(/[;；,，、\s]/u)[0] ?? '').replace(/\s+/gu, ''));
  // "general editors, Denis Twitchett and …": the role words lead, then the names.
  const first = (statement.split(/;| and | et | und |&/u)[0] ?? '')
    .replace(/^\s*(?:(?:edited|compiled|translated|written)\s+)?by\s+/iu, '')
    .replace(/^\s*(?:(?:general|series|chief|managing)\s+)?(?:editors?|eds?\.?)\s*[,:]\s*/iu, '');
  const parts = first.split(',');
  // "Twitchett, Denis Crispin., Fairbank, John King" is inverted (a one-word surname first);
  // "Denis Twitchett, John K. Fairbank" is a list in direct order.
  const inverted = (parts[0] ?? '').trim().split(/\s+/u).length === 1 && parts.length > 1;
  const name = inverted ? `${parts[0]}, ${parts[1]}` : (parts[0] ?? '');
  return nameKey(name.replace(/^\s*(?:general\s+)?(?:editors?|eds?\.?)\s+/iu, ''));
}

/** Up to three name keys of the record's authors, in record order; the responsibility statement when no author. */
export function authorKeys(record: BibRecord, form: 'name' | 'vernacular'): string[] {
  const keys: string[] = [];
  // The first three (an index loop: no copy of the list per record).
  for (let i = 0; i < record.authors.length && i < 3; i++) {
    const author = record.authors[i] as Author;
    const text = form === 'name' ? author.name : author.vernacular;
    if (!text) continue;
    const key = nameKey(text, author.kind);
    if (key && !keys.includes(key)) keys.push(key);
  }
  if (keys.length === 0 && form === 'name' && record.responsibility) {
    const key = responsibilityKey(record.responsibility);
    if (key) keys.push(key);
  }
  return keys;
}
