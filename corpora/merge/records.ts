/**
 * Building blocks for merge fixtures: a seeded random source, valid ISBNs, holdings and a
 * BibRecord with every required field, so fixtures state only what differs.
 */
import type { Holding } from '../../src/holdings/model.ts';
import type { Author, BibRecord, Isbn } from '../../src/records/model.ts';
import { isValidIsbn, toIsbn10, toIsbn13 } from '../../src/identifiers/isbn.ts';

/** Mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

export function shuffle<T>(random: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A valid ISBN-13 from 12 digits (check digit computed). */
export function isbn13(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return first12 + String((10 - (sum % 10)) % 10);
}

/** Hyphenated ISBN-10 ("0-521-24332-7") of a 978 ISBN-13, with the group split given. */
export function hyphenated10(isbn: string, split: readonly number[] = [1, 3]): string {
  const ten = toIsbn10(isbn) as string;
  const parts: string[] = [];
  let at = 0;
  for (const len of split) {
    parts.push(ten.slice(at, at + len));
    at += len;
  }
  if (at < 9) parts.push(ten.slice(at, 9));
  parts.push(ten.slice(9));
  return parts.join('-');
}

export function isbnEntry(original: string, qualifier?: string): Isbn {
  const entry: Isbn = { original, valid: isValidIsbn(original) };
  const thirteen = toIsbn13(original);
  if (thirteen) entry.isbn13 = thirteen;
  if (qualifier) entry.qualifier = qualifier;
  return entry;
}

export function person(name: string, extra: Partial<Author> = {}): Author {
  return { name, kind: 'personal', ...extra };
}

export function corporate(name: string): Author {
  return { name, kind: 'corporate' };
}

/** One copy; status text as the library writes it, eligibility as the rules would decide. */
export function holding(library: string, random: () => number, volume?: string): Holding {
  const onShelf = random() < 0.6;
  const lendable = random() < 0.7;
  const h: Holding = {
    library,
    branch: library === 'shl' ? '上海图书馆' : undefined,
    location: pick(random, ['综合阅览室-1楼', '外文书库', '中文基藏', '流通书库']),
    callNumber: pick(random, ['K20/C178', 'K248.3/H78', 'I242.4/C12', 'TP301.6/C82']),
    barcode: String(54122100000000 + Math.floor(random() * 1e8)),
    statusText: onShelf ? '归还' : '借出',
    status: onShelf ? 'available' : 'on_loan',
    collectionType: lendable ? '参考外借资料' : '阅览资料',
    loanable: lendable,
    ill: onShelf && lendable ? { eligible: true, reasons: [] } : { eligible: false, reasons: [{ code: onShelf ? 'not_lendable' : 'on_loan', zh: onShelf ? '馆藏类型不外借' : '已借出', en: onShelf ? 'not lendable' : 'on loan' }] },
  };
  if (volume) h.volume = volume;
  if (!h.branch) delete h.branch;
  if (!onShelf) h.dueDate = '2025-07-01';
  return h;
}

export function bib(fields: Partial<BibRecord> & Pick<BibRecord, 'id' | 'library' | 'title'>): BibRecord {
  return {
    localId: fields.id.slice(fields.id.indexOf(':') + 1),
    format: 'marc21',
    sortTitle: fields.title,
    authors: [],
    series: [],
    languages: [],
    languageNames: [],
    isbns: [],
    issns: [],
    otherIds: [],
    materialType: '图书',
    subjects: [],
    classifications: [],
    notes: [],
    contents: [],
    links: [],
    holdings: [],
    warnings: [],
    ...fields,
  };
}
