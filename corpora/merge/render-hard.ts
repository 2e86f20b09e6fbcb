/**
 * The cataloguing habits behind the hard merge cases (hard-cases.ts): bindings named in
 * the ISBN qualifier (010 $b 精装, 020 $q pbk.) with the other binding's ISBN listed too;
 * a volume's set ISBN in MARC 21 020 $z or beside the volume's own in CNMARC 010; CJK
 * volumes as "Di 2 juan" (245 $n, ALA-LC), 第2卷 (200 $h) or a 461 link to the set;
 * later printings recorded with their own year; books printed in, or transcribed into,
 * Traditional characters; conference names as main entries.
 */
import type { BibRecord, Isbn } from '../../src/records/model.ts';
import { isbnEntry, pick } from './records.ts';
import type { Book } from './render.ts';
import { traditional } from './script.ts';

type Style = 'marc21' | 'cnmarc' | 'ipac';
type Fields = Partial<BibRecord> & Pick<BibRecord, 'id' | 'library' | 'title'>;

export interface HardCase {
  /** Case type, counted in the labelled fixture's README. */
  kind: string;
  binding?: 'hard' | 'soft';
  /** The other binding's ISBN, which some records list after their own. */
  otherBinding?: { binding: 'hard' | 'soft'; isbn: string };
  /** The book is printed in Traditional characters (a Taiwan or Hong Kong edition). */
  traditionalScript?: boolean;
  /** Libraries that transcribe this Simplified-script book in Traditional characters. */
  tradAt?: string[];
  /** Libraries that describe a later printing, with that printing's year. */
  printingAt?: Record<string, { year: number; printing: number }>;
  /** The set's ISBN carried by a volume record. */
  setIsbn?: string;
  /** The volume's only ISBN is the whole set's (one ISBN for every volume, common in Chinese sets). */
  sharedIsbn?: boolean;
  /** Volume unit (卷, 册) and the romanized part name MARC 21 gives in 245 $p. */
  unit?: string;
  partRoman?: string;
  /** CNMARC libraries that link the volume to its set in 461 (200 $a is then the volume's own title). */
  linkAt?: string[];
  /** Libraries whose record leaves out the subtitle. */
  noSubtitleAt?: string[];
  /** A conference as main entry (111 / 710-712). */
  meeting?: string;
}

const QUALIFIER: Record<Style, Record<'hard' | 'soft', string[]>> = {
  marc21: { hard: ['hardcover', 'hbk.', 'cloth'], soft: ['pbk.', 'paperback'] },
  cnmarc: { hard: ['精装'], soft: ['平装'] },
  ipac: { hard: ['精装', 'hardcover'], soft: ['平装', 'pbk.'] },
};
const UNIT_ROMAN: Record<string, string> = { 卷: 'juan', 册: 'ce', 辑: 'ji', 编: 'bian' };

export function renderCjkPart(book: Book, style: Style, fields: Fields, random: () => number): void {
  const part = book.part;
  if (!part) return;
  const unit = book.hard?.unit ?? '卷';
  const { number, name } = part;
  if (style === 'ipac') fields.title = `${fields.title}. 第${number}${unit}${name ? `：${name}` : ''}`;
  else if (style === 'marc21') {
    fields.partNumber = `Di ${number} ${UNIT_ROMAN[unit] ?? 'juan'}`;
    if (book.hard?.partRoman) fields.partName = book.hard.partRoman;
  } else if (name && book.hard?.linkAt?.includes(fields.library)) {
    fields.title = name;
    fields.links = [{ kind: 'set', title: part.set, volume: pick(random, [`第${number}${unit}`, `${number}`]) }];
  } else {
    fields.partNumber = `第${number}${unit}`;
    if (name) fields.partName = name;
  }
  fields.sortTitle = fields.title;
}

function qualified(entry: Isbn, qualifier: string): Isbn {
  return { ...entry, qualifier: entry.qualifier ? `${entry.qualifier} : ${qualifier}` : qualifier };
}

function toTraditional(fields: Fields, marc21: boolean): void {
  if (!marc21) {
    fields.title = traditional(fields.title);
    fields.sortTitle = traditional(fields.sortTitle ?? fields.title);
    if (fields.subtitle) fields.subtitle = traditional(fields.subtitle);
    if (fields.partName) fields.partName = traditional(fields.partName);
    if (fields.publisher) fields.publisher = traditional(fields.publisher);
    if (fields.place) fields.place = traditional(fields.place);
    if (fields.responsibility) fields.responsibility = traditional(fields.responsibility);
    fields.links = (fields.links ?? []).map((l) => ({ ...l, title: traditional(l.title) }));
  }
  if (fields.vernacularTitle) fields.vernacularTitle = traditional(fields.vernacularTitle);
  fields.authors = (fields.authors ?? []).map((a) => ({ ...a, name: traditional(a.name), ...(a.vernacular ? { vernacular: traditional(a.vernacular) } : {}) }));
}

export function applyHardCase(book: Book, library: string, style: Style, fields: Fields, random: () => number): void {
  const hard = book.hard as HardCase;
  if (hard.binding && fields.isbns && fields.isbns.length > 0) {
    fields.isbns = fields.isbns.map((entry, i) => (i === 0 ? qualified(entry, pick(random, QUALIFIER[style][hard.binding as 'hard' | 'soft'])) : entry));
    if (hard.otherBinding && style !== 'ipac' && random() < 0.6) fields.isbns.push(isbnEntry(hard.otherBinding.isbn, pick(random, QUALIFIER[style][hard.otherBinding.binding])));
  }
  if (hard.sharedIsbn && fields.isbns) fields.isbns = fields.isbns.map((entry) => ({ ...entry, qualifier: pick(random, ['全3册', '套']) }) as Isbn).map((e) => (random() < 0.4 ? (({ qualifier: _q, ...rest }) => rest)(e) : e));
  if (hard.setIsbn && style !== 'ipac') {
    const set = hard.setIsbn;
    if (style === 'marc21') fields.isbns = [...(fields.isbns ?? []), random() < 0.6 ? { ...isbnEntry(set), cancelled: true } : isbnEntry(set, 'set')];
    else fields.isbns = [...(fields.isbns ?? []), isbnEntry(set, pick(random, [undefined, '全套', '全3册']))];
  }
  const printing = hard.printingAt?.[library];
  if (printing) {
    fields.year = printing.year;
    fields.yearText = style === 'marc21' ? `${printing.year} printing` : String(printing.year);
    if (style === 'cnmarc') fields.edition = `${fields.edition ?? '第1版'} ${printing.year}年第${printing.printing}次印刷`;
  }
  if (hard.noSubtitleAt?.includes(library)) {
    delete fields.subtitle;
    if (style === 'ipac') fields.title = fields.title.replace(/ : .*$/u, '');
  }
  // MARC 21 gives a CJK subtitle in the 880 (245 $b is romanized, and not compared).
  if (style === 'marc21' && book.lang !== 'eng' && fields.subtitle) {
    fields.vernacularTitle = `${fields.vernacularTitle ?? book.title} : ${fields.subtitle}`;
    delete fields.subtitle;
  }
  if (hard.meeting) fields.authors = [...(fields.authors ?? []), { name: hard.meeting, kind: 'meeting' }];
  if (hard.traditionalScript || hard.tradAt?.includes(library)) toTraditional(fields, style === 'marc21');
}
