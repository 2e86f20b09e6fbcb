/**
 * The scan term index. The gateway has no catalogue of its own and the members' scan
 * services differ, so scan browses the records of recent result sets served by this
 * endpoint: headings (whole titles, author names, ISBN-13s) of the last `maxRecords`
 * distinct records. numberOfRecords per term counts those records, not the libraries'.
 */
import type { ServedRecord } from './serve.ts';

export type ScanIndex = 'title' | 'creator' | 'isbn';

export interface IndexedTerm {
  value: string;
  display: string;
  count: number;
}

/** The comparable form of a heading: NFKC, lower case, one space, no trailing ISBD punctuation. */
export function normalizeTerm(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/[\s/:;,.=]+$/u, '')
    .trim();
}

function headings(item: ServedRecord, index: ScanIndex): { value: string; display: string }[] {
  const r = item.record;
  switch (index) {
    case 'title':
      return [{ value: normalizeTerm(r.sortTitle || r.title), display: r.title.replace(/[\s/:;,=]+$/u, '') }];
    case 'creator':
      return r.authors.map((a) => ({ value: normalizeTerm(a.name), display: a.name.replace(/[\s/:;,]+$/u, '') }));
    case 'isbn':
      return r.isbns.map((i) => ({ value: (i.isbn13 ?? i.original.replace(/[^0-9Xx]/g, '')).toUpperCase(), display: i.original }));
  }
}

export class TermIndex {
  private readonly items = new Map<string, ServedRecord>();

  constructor(private readonly maxRecords = 5000) {}

  /** Records of a result set just served; the oldest records leave first. */
  add(items: readonly ServedRecord[]): void {
    for (const item of items) {
      this.items.delete(item.id);
      this.items.set(item.id, item);
    }
    for (const id of this.items.keys()) {
      if (this.items.size <= this.maxRecords) break;
      this.items.delete(id);
    }
  }

  get size(): number {
    return this.items.size;
  }

  /** Every term of the index over records from the given libraries, sorted by value. */
  terms(index: ScanIndex, libraries: ReadonlySet<string>): IndexedTerm[] {
    const byValue = new Map<string, { display: string; ids: Set<string> }>();
    for (const item of this.items.values()) {
      if (!item.members.some((m) => libraries.has(m.library))) continue;
      for (const h of headings(item, index)) {
        if (h.value === '') continue;
        const entry = byValue.get(h.value) ?? { display: h.display, ids: new Set<string>() };
        entry.ids.add(item.id);
        byValue.set(h.value, entry);
      }
    }
    return [...byValue.entries()]
      .map(([value, e]) => ({ value, display: e.display, count: e.ids.size }))
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
}
