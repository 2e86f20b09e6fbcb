/**
 * The scan term index. The gateway has no catalogue of its own and the members' scan
 * services differ, so scan browses the records of recent result sets served by this
 * endpoint: headings (whole titles, author names, ISBN-13s) of the last `maxRecords`
 * distinct records. numberOfRecords per term counts those records, not the libraries'.
 */
import { renderedOnce, type ServedRecord } from './serve.ts';

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

interface Heading {
  value: string;
  display: string;
}

/** What the index keeps of a served record: its headings and libraries, not the record (nor its MARC). */
interface IndexedRecord {
  libraries: string[];
  headings: Record<ScanIndex, Heading[]>;
}

function indexed(item: ServedRecord): IndexedRecord {
  const r = item.record;
  return {
    libraries: [...new Set(item.members.map((m) => m.library))],
    headings: {
      title: [{ value: normalizeTerm(r.sortTitle || r.title), display: r.title.replace(/[\s/:;,=]+$/u, '') }],
      creator: r.authors.map((a) => ({ value: normalizeTerm(a.name), display: a.name.replace(/[\s/:;,]+$/u, '') })),
      isbn: r.isbns.map((i) => ({ value: (i.isbn13 ?? i.original.replace(/[^0-9Xx]/g, '')).toUpperCase(), display: i.original })),
    },
  };
}

export class TermIndex {
  /**
   * By served record id, oldest first. Only headings are kept: whole records with their source
   * MARC (5,000 of them) held tens of megabytes of a gateway's bounded heap for a scan list.
   */
  private readonly items = new Map<string, IndexedRecord>();

  constructor(private readonly maxRecords = 5000) {}

  /**
   * Records of a result set just served; the oldest records leave first. A set served again (a
   * cache hit, a page of a kept set) hands out the same ServedRecord objects, whose headings were
   * normalized the first time (serve.ts renderedOnce): only their place in the order moves.
   */
  add(items: readonly ServedRecord[]): void {
    for (const item of items) {
      // A work served again (same cluster id) may have other members now: the newest counts.
      this.items.delete(item.id);
      this.items.set(item.id, renderedOnce(item, this, 'scan headings', () => indexed(item)));
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
    for (const [id, item] of this.items) {
      if (!item.libraries.some((library) => libraries.has(library))) continue;
      for (const h of item.headings[index]) {
        if (h.value === '') continue;
        const entry = byValue.get(h.value) ?? { display: h.display, ids: new Set<string>() };
        entry.ids.add(id);
        byValue.set(h.value, entry);
      }
    }
    return [...byValue.entries()]
      .map(([value, e]) => ({ value, display: e.display, count: e.ids.size }))
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
}
