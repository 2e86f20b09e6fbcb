/**
 * A union hit → a record of the BALIS library whose copies belong to the holding members:
 * each copy's `library` is the member's library id when the config maps it (so the merge
 * and the ILL draft see "北京大学图书馆 holds it"), the member's ILL rule applies to it, and
 * a member the union list shows as suspended makes its copies not requestable, with the
 * notice as the reason.
 */
import type { LibraryConfig } from '../../src/config/schema.ts';
import { buildHolding, type HoldingLibrary } from '../../src/holdings/build.ts';
import type { Holding } from '../../src/holdings/model.ts';
import { isbnEntry } from '../../src/records/mapping/identifiers.ts';
import { firstYear } from '../../src/records/mapping/text.ts';
import type { Author, BibRecord, Isbn } from '../../src/records/model.ts';
import { mappingFor, serviceOf, type BalisMember } from './members.ts';
import type { UnionCopy, UnionHit } from './response.ts';
import type { BalisSettings } from './settings.ts';

/** 文种 as the ILL form writes it → ISO 639-2/B. */
const LANGUAGES: Record<string, string> = {
  中文: 'chi', 英文: 'eng', 日文: 'jpn', 俄文: 'rus', 德文: 'ger', 法文: 'fre', 韩文: 'kor', 朝鲜文: 'kor', 西班牙文: 'spa', 意大利文: 'ita',
};

/** A relator written after the name (黄仁宇著, 刘未鹏译, 白寿彝总主编; Japanese 訳, 編, 監修). */
const RELATOR = /(总主编|主编|编著|监修|監修|编|編|著|译|譯|訳|校注|撰)$/u;
const CJK = /[\u3040-\u30ff\u3400-\u9fff]/u;

/**
 * A Latin-script 责任者 that reads as a statement of responsibility ("general editors, Denis
 * Twitchett and John K. Fairbank", "edited by …"), not as name headings: no author entries
 * are made from it (they would be wrong headings); it stays the record's responsibility.
 */
const LATIN_STATEMENT = /\b(?:edited|compiled|translated|written|introduced|illustrated|editors?|eds?\.|general|by)\b|\s(?:and|&)\s/iu;

function authors(text: string | undefined): Author[] {
  if (!text) return [];
  if (!CJK.test(text) && LATIN_STATEMENT.test(text)) return [];
  // CJK names are listed with commas; a Western "Huang, Ray" keeps its inverted-name comma.
  return text
    .split(CJK.test(text) ? /[;；,，、]\s*/u : /[;；]\s*/u)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const relator = RELATOR.exec(part);
      const name = relator ? part.slice(0, relator.index).trim() : part;
      return relator && name ? { name, kind: 'personal' as const, role: relator[1] as string } : { name: part, kind: 'personal' as const };
    });
}

export interface HitContext {
  library: LibraryConfig;
  settings: BalisSettings;
  /** The member list by code (from the same search), for names and service status. */
  members: ReadonlyMap<string, BalisMember>;
}

function holdingOf(copy: UnionCopy, ctx: HitContext): Holding {
  const listed = ctx.members.get(copy.code);
  const member: BalisMember = listed ?? { code: copy.code, name: copy.name, shownAs: copy.name, category: '', suspended: false };
  // A name marked "(暂停服务)" in the hit itself counts even if the list was older.
  const marked = /[(（]\s*暂停[^)）]*[)）]\s*$/u.test(copy.name);
  const effective = marked && !member.suspended ? { ...member, suspended: true, shownAs: copy.name } : member;
  const mapped = mappingFor(ctx.settings, effective);
  const owner: HoldingLibrary = {
    id: mapped?.library ?? ctx.library.id,
    ill: mapped?.ill ?? ctx.library.ill,
    service: serviceOf(effective),
    vocabulary: ctx.library.vocabulary,
  };
  return buildHolding(
    {
      branch: effective.name,
      location: copy.location,
      callNumber: copy.callNumber,
      barcode: copy.barcode,
      statusText: copy.status,
      collectionType: copy.itemType,
      // An unmapped member's copy stays with the union library: its code keeps it identifiable.
      note: mapped ? undefined : `BALIS ${effective.code}`,
    },
    owner,
  );
}

export function hitToRecord(hit: UnionHit, ctx: HitContext, charset: string | undefined): BibRecord {
  const isbns: Isbn[] = [];
  const isbn = hit.isbn ? isbnEntry(hit.isbn) : undefined;
  if (isbn) isbns.push(isbn);
  const language = hit.language ? LANGUAGES[hit.language] : undefined;
  const record: BibRecord = {
    id: `${ctx.library.id}:${hit.id}`,
    library: ctx.library.id,
    localId: hit.id,
    format: 'other',
    title: hit.title,
    sortTitle: hit.title,
    authors: authors(hit.author),
    series: [],
    languages: language ? [language] : [],
    languageNames: hit.language ? [hit.language] : [],
    isbns,
    issns: [],
    otherIds: [],
    materialType: hit.type ?? '图书',
    subjects: [],
    classifications: [],
    notes: [],
    contents: [],
    links: [],
    holdings: hit.holdings.map((copy) => holdingOf(copy, ctx)),
    warnings: [],
  };
  if (hit.author) record.responsibility = hit.author;
  if (hit.publisher) record.publisher = hit.publisher;
  const year = firstYear(hit.year);
  if (year !== undefined) record.year = year;
  if (hit.year) record.yearText = hit.year;
  if (charset) record.charset = charset;
  if (isbn && !isbn.valid) {
    record.warnings.push({ source: 'record', code: 'isbn_check_digit', message: `ISBN "${isbn.original}" fails its check digit`, addinfo: isbn.original, library: ctx.library.id });
  }
  return record;
}
