/**
 * Settings of one iPac 2.0 / Horizon Information Portal OPAC (the `settings` block of a
 * library whose adapter is "ipac"). Defaults are the Shanghai Library's installation
 * (reference 04: profile `sl`, index codes .TW/.AW/.SW/.PW, ISBN, Chinese column labels).
 */
import { z } from 'zod';
import { DEFAULT_TIMEOUTS, timeoutsSchema } from '../../src/adapter-api/settings.ts';

/** Index codes per query field; null = this OPAC has no such index (the query is refused). */
const SHL_INDEXES = {
  title: '.TW',
  author: '.AW',
  subject: '.SW',
  publisher: '.PW',
  isbn: 'ISBN',
  issn: 'ISSN',
  keyword: '.GW',
} as const;

/**
 * Labels of the holdings (复本/藏书记录) columns, found by label, never by position
 * (reference 04 §3-4). 应还日期 appears only while some copy is on loan.
 */
const SHL_ITEM_LABELS = {
  branch: '馆址',
  location: '馆藏地',
  callNumber: '索书号',
  status: '状态',
  dueDate: '应还日期',
  collectionType: '馆藏类型',
  barcode: '馆藏条码',
} as const;

/** Labels of the full bibliographic display (seed: 著者, 出版地, 说明, 内容, 主题标目, 索书号). */
export const SHL_FULL_LABELS = {
  title: '题名',
  author: '著者',
  publication: '出版发行',
  place: '出版地',
  description: '说明',
  contents: '内容',
  subject: '主题标目',
  callNumber: '索书号',
  isbn: 'ISBN',
  issn: 'ISSN',
  series: '丛书名',
  notes: '附注',
  language: '语种',
} as const;

const code = z.string().min(1).nullable();
const label = z.string().trim().min(1);
type ItemColumn = keyof typeof SHL_ITEM_LABELS;
const ITEM_COLUMNS = Object.keys(SHL_ITEM_LABELS) as [ItemColumn, ...ItemColumn[]];

export const ipacSettingsSchema = z
  .object({
    /** The ipac.jsp URL (http://ipac.library.sh.cn/ipac20/ipac.jsp). */
    url: z.url({ protocol: /^https?$/ }),
    /** OPAC profile / library view (`profile=`); SHL main catalogue `sl`. */
    profile: z.string().min(1).default('sl'),
    /** Index code per query field, over the SHL defaults. */
    indexes: z.partialRecord(z.enum(['title', 'author', 'subject', 'publisher', 'isbn', 'issn', 'keyword']), code).default({}),
    /** Operators the advanced (power) search accepts between index/term pairs (`oper=`). */
    operators: z.array(z.enum(['and', 'or', 'not'])).min(1).default(['and', 'or']),
    /** Most index/term pairs one search may carry. */
    maxCriteria: z.number().int().min(1).max(10).default(3),
    /** Right-truncation mark appended to a term, when the OPAC has one; absent = truncation dropped with a warning. */
    truncationMark: z.string().min(1).max(2).optional(),
    /** xml: GetXML only; html: parse the pages; auto: GetXML, falling back to HTML when the site never answers in XML. */
    format: z.enum(['auto', 'xml', 'html']).default('auto'),
    /** Charset of URLs and of pages that declare none; a page's own declaration wins for decoding. */
    charset: z.enum(['utf-8', 'gbk', 'gb18030']).default('utf-8'),
    /** auto: reuse a session id once a page offers one; always: open a session before the first search. */
    session: z.enum(['auto', 'always']).default('auto'),
    /** Hits per result page (`npp=`). */
    pageSize: z.number().int().min(1).max(100).default(20),
    /** Copies asked per full display (`ipp=`), so one GetXML page carries all items (JHU used 1000). */
    itemsPerPage: z.number().int().min(1).max(1000).default(1000),
    /** HTML only: "其它馆址" pages followed per record. */
    maxBranchPages: z.number().int().min(0).max(50).default(10),
    fullRecords: z
      .object({
        /** How many hits get their full display (holdings); the rest stay brief. */
        max: z.number().int().min(0).max(200).default(20),
        /** Time allowed for the full displays of one search; what is not done by then stays brief. */
        budgetMs: z.number().int().positive().default(4000),
      })
      .strict()
      .default({ max: 20, budgetMs: 4000 }),
    politeness: z
      .object({
        /** Sustained request rate to this OPAC (token bucket). SHL scrapers waited 3-10 s; be gentle. */
        requestsPerSecond: z.number().positive().max(100).default(2),
        /** Requests that may go out at once after a quiet spell. */
        burst: z.number().int().min(1).max(50).default(2),
        /** Requests in flight at once, across all searches of this library. */
        concurrency: z.number().int().min(1).max(32).default(2),
      })
      .strict()
      .default({ requestsPerSecond: 2, burst: 2, concurrency: 2 }),
    itemLabels: z.partialRecord(z.enum(ITEM_COLUMNS), label).default({}),
    /** Columns a holdings table may lack without being a layout change. */
    optionalItemColumns: z.array(z.enum(ITEM_COLUMNS)).default(['dueDate']),
    fullLabels: z.partialRecord(z.enum(Object.keys(SHL_FULL_LABELS) as [keyof typeof SHL_FULL_LABELS]), label).default({}),
    /** Texts that mark a page as "no hits" (SHL: 对不起, 不能找到任何命中书目). */
    noHitsTexts: z.array(z.string().min(1)).min(1).default(['不能找到任何命中书目', 'Sorry, could not find anything matching']),
    /** Heading of the holdings table (复本/藏书记录): on a page without a readable table it means the layout changed. */
    holdingsHeading: z.string().min(1).default('复本/藏书记录'),
    /** Button/link text of the all-branches holdings (其它馆址). */
    otherBranchesText: z.string().min(1).default('其它馆址'),
    timeouts: timeoutsSchema.default(DEFAULT_TIMEOUTS),
    maxResponseBytes: z.number().int().positive().default(5 * 1024 * 1024),
  })
  .strict();

export type IpacSettings = z.infer<typeof ipacSettingsSchema>;
export type ItemLabels = Record<ItemColumn, string>;
export type FullLabels = Record<keyof typeof SHL_FULL_LABELS, string>;
export type QueryIndexes = Record<keyof typeof SHL_INDEXES, string | null>;

export function itemLabels(settings: IpacSettings): ItemLabels {
  return { ...SHL_ITEM_LABELS, ...settings.itemLabels };
}

export function fullLabels(settings: IpacSettings): FullLabels {
  return { ...SHL_FULL_LABELS, ...settings.fullLabels };
}

export function queryIndexes(settings: IpacSettings): QueryIndexes {
  return { ...SHL_INDEXES, ...settings.indexes };
}
