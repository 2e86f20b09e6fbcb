/**
 * Fills the BALIS 馆际互借申请单 from a record and the chosen copy, as the seed's reader filled
 * it by hand: "The Cambridge History of China. v.7: The Ming Dynasty, 1368-1644", 英文, authors
 * joined with ", " exactly as the catalogue writes them, lender 上海图书馆 / 123114.
 * Values derived from the record are cut to the form's limits with a warning; values the reader
 * types are validated instead (validate.ts), since only the reader can shorten them sensibly.
 */
import type { LibraryConfig } from '../config/schema.ts';
import type { Holding } from '../holdings/model.ts';
import type { BibRecord } from '../records/model.ts';
import { limitText, squash } from './text.ts';
import type { BalisForm, BibliographicExtras, DraftWarning } from './types.ts';
import { sameVolume, volumeKey } from '../merge/designations.ts';

export const LIMITS = { title: 240, lenderDetail: 100, note: 50 } as const;

/**
 * Bibliographic fields a reader may correct before confirming, with their limits: 书刊名称's 240
 * is BALIS's own; the form states none for the others, so these are the gateway's, generous for
 * any real value. An edited value is kept exactly as typed (trimmed only: no NFKC, no width change).
 */
export const EDITABLE_LIMITS = { title: LIMITS.title, language: 20, year: 20, authors: 240, publisher: 100, isbnIssn: 40 } as const;
export type EditableField = keyof typeof EDITABLE_LIMITS;

/** Fixed by BALIS for book loans (seed: confirmation page). */
const BALIS_DEFAULTS = { delivery: '物流', pickup: '到本校图书馆取书', fee: '0元', paymentMethod: '现金支付' } as const;

export interface FormInput {
  record: BibRecord;
  holding?: Holding;
  /** The chosen copy's volume described by its own record, when the copy sits on a set record. */
  volumeRecord?: BibRecord;
  lender: LibraryConfig;
  delegate?: LibraryConfig;
  customReference?: string;
  note?: string;
}

export interface FilledForm {
  form: BalisForm;
  bibliographic: BibliographicExtras;
  warnings: DraftWarning[];
}

const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

/** ISBD punctuation left at the end of MARC subfields (" /", " :", ".") would double up when joined. */
function clean(value: string | undefined): string {
  return squash(value).replace(/[\s/:;,.=]+$/u, '');
}

function joinAfter(base: string, next: string, latin: string, cjk: string): string {
  if (next === '') return base;
  if (base === '') return next;
  return `${base}${CJK_END.test(base) ? cjk : latin}${next}`;
}

/** The set record's contents entry for a volume ("v.7: The Ming Dynasty, 1368-1644, pt. 1 / edited by…"), responsibility dropped. */
function contentsEntry(record: BibRecord, volume: string): string {
  const wanted = volumeKey(volume);
  if (wanted === '') return '';
  for (const entry of record.contents.flatMap((c) => c.split(/\s+--\s+/u))) {
    const head = /^\s*((?:v|vol|volume|第)\.?\s*[\d一二三四五六七八九十]+[^:：.]*?)\s*[:：.]/iu.exec(entry)?.[1];
    if (head && sameVolume(volumeKey(head), wanted)) return clean(entry.split(' / ')[0]);
  }
  return '';
}

/**
 * "v.7: The Ming Dynasty, 1368-1644": the record's own part; for a copy on a set record, the set's
 * contents entry for that volume, else the volume record's part, else the copy's volume designation.
 */
function partText(record: BibRecord, holding: Holding | undefined, volumeRecord: BibRecord | undefined): string {
  if (clean(record.partNumber) || clean(record.partName)) return joinAfter(clean(record.partNumber), clean(record.partName), ': ', '：');
  const volume = clean(holding?.volume);
  if (volume === '') return '';
  const fromContents = contentsEntry(record, volume);
  if (fromContents) return fromContents;
  if (volumeRecord) return joinAfter(volume, clean(volumeRecord.partName), ': ', '：');
  return volume;
}

function isbnIssn(record: BibRecord): { isbn?: string; issn?: string; shown: string } {
  const usable = record.isbns.filter((i) => !i.cancelled);
  const best = usable.find((i) => i.valid && i.isbn13) ?? usable[0];
  const isbn = best ? (best.valid && best.isbn13 ? best.isbn13 : squash(best.original)) : undefined;
  const issn = record.issns[0];
  return { ...(isbn ? { isbn } : {}), ...(issn ? { issn } : {}), shown: isbn ?? issn ?? '' };
}

function lenderDetail(holding: Holding | undefined): string {
  if (!holding) return '';
  const parts = [squash(holding.branch), squash(holding.location)];
  if (holding.callNumber) parts.push(`索书号 ${squash(holding.callNumber)}`);
  if (holding.barcode) parts.push(`条码 ${squash(holding.barcode)}`);
  return parts.filter((p) => p !== '').join('，');
}

export function fillForm(input: FormInput): FilledForm {
  const { record, holding, lender, volumeRecord } = input;
  const warnings: DraftWarning[] = [];

  const titleProper = joinAfter(clean(record.title), clean(record.subtitle), ': ', '：');
  const part = partText(record, holding, volumeRecord);
  const title = limitText(joinAfter(titleProper, part, '. ', '．'), LIMITS.title);
  if (title.truncated) {
    warnings.push({ field: 'title', code: 'truncated', zh: `书刊名称超过${LIMITS.title}字符，已截断`, en: `title longer than ${LIMITS.title} characters; cut` });
  }
  const detail = limitText(lenderDetail(holding), LIMITS.lenderDetail);
  if (detail.truncated) {
    warnings.push({ field: 'lenderDetail', code: 'truncated', zh: `具体出借馆超过${LIMITS.lenderDetail}字符，已截断`, en: `specific lender longer than ${LIMITS.lenderDetail} characters; cut` });
  }
  const lenderCode = lender.ill.lenderCode ?? '';
  if (lenderCode === '') {
    warnings.push({ field: 'lenderCode', code: 'lender_code_missing', zh: `未配置${lender.name.zh}的出借馆代码`, en: `no BALIS lender code configured for ${lender.name.en}` });
  }
  // A volume's own year and ISBN beat the set's ("1978-" and the first volume's ISBN).
  const ids = isbnIssn(volumeRecord && volumeRecord.isbns.length > 0 ? volumeRecord : record);
  const yearOf = volumeRecord?.year !== undefined ? volumeRecord : record;

  const form: BalisForm = {
    title: title.text,
    language: record.languageNames[0] ?? '',
    year: yearOf.year !== undefined ? String(yearOf.year) : squash(yearOf.yearText),
    authors: record.authors.map((a) => squash(a.name)).filter((n) => n !== '').join(', '),
    publisher: squash(record.publisher),
    isbnIssn: ids.shown,
    lenderName: lender.name.zh,
    lenderCode,
    lenderDetail: detail.text,
    delegateLibrary: input.delegate?.name.zh ?? '',
    materialType: squash(record.materialType) || '图书',
    ...BALIS_DEFAULTS,
    customReference: input.customReference ?? '',
    note: input.note ?? '',
  };

  const bibliographic: BibliographicExtras = { titleProper: clean(record.title) };
  const optional = { subtitle: clean(record.subtitle), volume: part, edition: clean(record.edition), place: clean(record.place) };
  for (const [key, value] of Object.entries(optional) as [keyof typeof optional, string][]) {
    if (value !== '') bibliographic[key] = value;
  }
  if (ids.isbn) bibliographic.isbn = ids.isbn;
  if (ids.issn) bibliographic.issn = ids.issn;
  return { form, bibliographic, warnings };
}
