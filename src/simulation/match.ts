/**
 * How a simulated library decides that a record matches the query model: plain
 * substring matching on normalized field text, like a small keyword OPAC. It runs only
 * inside simulators (demo, tests, benchmarks), never in the gateway's own search path.
 */
import { isControlField, isDataField, type DataField, type MarcRecord } from '../records/marc.ts';
import { toIsbn10, toIsbn13 } from '../identifiers/isbn.ts';
import type { QueryNode, SearchField, TermNode } from '../query/model.ts';

type Flavour = 'marc21' | 'unimarc';

/** Subfields searched per field kind, per flavour (MARC 21 bibliographic; UNIMARC/CNMARC). */
const FIELD_MAP: Record<Flavour, Record<Exclude<SearchField, 'keyword' | 'year'>, [string, string][]>> = {
  marc21: {
    title: [['245', 'abnp'], ['246', 'ab'], ['130', 'a'], ['240', 'a'], ['490', 'a'], ['830', 'a']],
    author: [['100', 'a'], ['110', 'a'], ['111', 'a'], ['700', 'a'], ['710', 'a'], ['711', 'a'], ['245', 'c']],
    publisher: [['260', 'b'], ['264', 'b']],
    subject: [['600', 'abxyz'], ['610', 'abxyz'], ['650', 'axyzv'], ['651', 'axyzv'], ['653', 'a']],
    isbn: [['020', 'az']],
    issn: [['022', 'ayz']],
  },
  unimarc: {
    title: [['200', 'adehi'], ['225', 'a'], ['461', 't'], ['500', 'a'], ['510', 'a'], ['517', 'a']],
    author: [['200', 'fg'], ['700', 'ab'], ['701', 'ab'], ['702', 'ab'], ['710', 'a'], ['711', 'a'], ['712', 'a']],
    publisher: [['210', 'c']],
    subject: [['600', 'axyz'], ['601', 'axyz'], ['606', 'axyz'], ['607', 'axyz'], ['610', 'a']],
    isbn: [['010', 'az']],
    issn: [['011', 'ayz']],
  },
};

export function flavourOf(record: MarcRecord): Flavour {
  return record.fields.some((f) => f.tag === '200') && !record.fields.some((f) => f.tag === '245') ? 'unimarc' : 'marc21';
}

/** NFKC, lower case, punctuation to spaces, UNIMARC non-sort markers removed. */
function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u0088\u0089\u0098\u009c]/g, '')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function compactId(text: string): string {
  return text.toUpperCase().replace(/[^0-9X]/g, '');
}

/** ISBN-10 and ISBN-13 forms, so either finds the record. */
function isbnForms(compact: string): string[] {
  return [...new Set([compact, toIsbn13(compact), toIsbn10(compact)].filter((x): x is string => x !== undefined))];
}

function fieldTexts(record: MarcRecord, spec: [string, string][]): string[] {
  const out: string[] = [];
  for (const field of record.fields) {
    if (!isDataField(field)) continue;
    for (const [tag, codes] of spec) {
      if (field.tag === tag) out.push(subfieldText(field, codes));
      // 880 carries the vernacular form of the field named in its $6 (MARC 21 linking).
      if (field.tag === '880' && field.subfields.find((s) => s.code === '6')?.value.startsWith(tag)) out.push(subfieldText(field, codes));
    }
  }
  return out;
}

function subfieldText(field: DataField, codes: string): string {
  return field.subfields
    .filter((s) => codes.includes(s.code))
    .map((s) => s.value)
    .join(' ');
}

function recordYear(record: MarcRecord): number | undefined {
  const flavour = flavourOf(record);
  if (flavour === 'marc21') {
    const f008 = record.fields.find((f) => f.tag === '008');
    const fromFixed = f008 && isControlField(f008) ? f008.value.slice(7, 11) : '';
    if (/^\d{4}$/.test(fromFixed)) return Number(fromFixed);
    const date = fieldTexts(record, [['260', 'c'], ['264', 'c']]).join(' ').match(/\d{4}/);
    return date ? Number(date[0]) : undefined;
  }
  const f100 = record.fields.find((f) => f.tag === '100');
  const fixed = f100 && isDataField(f100) ? (f100.subfields.find((s) => s.code === 'a')?.value ?? '').slice(9, 13) : '';
  if (/^\d{4}$/.test(fixed)) return Number(fixed);
  const date = fieldTexts(record, [['210', 'd']]).join(' ').match(/\d{4}/);
  return date ? Number(date[0]) : undefined;
}

/** A record with its folded field texts memoized: simulators match many queries against few records. */
export interface PreparedRecord {
  record: MarcRecord;
  flavour: Flavour;
  year: number | undefined;
  folded: Map<string, string[]>;
}

export function prepareRecord(record: MarcRecord): PreparedRecord {
  return { record, flavour: flavourOf(record), year: recordYear(record), folded: new Map() };
}

function foldedTexts(prepared: PreparedRecord, field: Exclude<SearchField, 'year' | 'isbn' | 'issn'>): string[] {
  let texts = prepared.folded.get(field);
  if (!texts) {
    const raw =
      field === 'keyword'
        ? prepared.record.fields.filter(isDataField).map((f) => subfieldText(f, 'abcdefghijklmnopqrstuvwxyz'))
        : fieldTexts(prepared.record, FIELD_MAP[prepared.flavour][field]);
    texts = raw.map(foldText);
    prepared.folded.set(field, texts);
  }
  return texts;
}

function termMatches(prepared: PreparedRecord, term: TermNode): boolean {
  if (term.field === 'isbn' || term.field === 'issn') {
    const wanted = term.field === 'isbn' ? isbnForms(compactId(term.value)) : [compactId(term.value)];
    return fieldTexts(prepared.record, FIELD_MAP[prepared.flavour][term.field]).some((t) => {
      const have = compactId(t.split(/[\s(]/)[0] ?? '');
      return wanted.some((w) => (term.truncation ? have.startsWith(w) : have === w));
    });
  }
  const haystack = term.field === 'year' ? [String(prepared.year ?? '')] : foldedTexts(prepared, term.field);
  const needle = foldText(term.value);
  if (needle === '') return false;
  if (term.mode === 'phrase') return haystack.some((h) => h.includes(needle));
  // words: every word somewhere in the same field kind (any order), like a keyword index
  const joined = haystack.join(' | ');
  return needle.split(' ').every((w) => joined.includes(w));
}

export function matches(prepared: PreparedRecord, node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
      return termMatches(prepared, node);
    case 'yearRange': {
      const year = prepared.year;
      if (year === undefined) return false;
      return (node.from === undefined || year >= node.from) && (node.to === undefined || year <= node.to);
    }
    case 'and':
      return matches(prepared, node.left) && matches(prepared, node.right);
    case 'or':
      return matches(prepared, node.left) || matches(prepared, node.right);
    case 'not':
      return matches(prepared, node.left) && !matches(prepared, node.right);
  }
}
