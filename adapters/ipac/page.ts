/**
 * What an iPac page says, whichever rendering it came in (GetXML or HTML): the page
 * readers (xml-pages.ts, html-pages.ts) produce these, the records and holdings code
 * consumes them. Texts are kept as the OPAC wrote them.
 */

/** One hit of a result list (reference 04 §3: key, TITLE, AUTHOR, PUBLISHER, PUBDATE). */
export interface BriefRow {
  key: string;
  /** Position in the whole result set (1-based), when the page says. */
  position?: number;
  /** Title as displayed, often with " / responsibility" appended. */
  title: string;
  author?: string;
  publisher?: string;
  pubDate?: string;
  isbn?: string;
  issn?: string;
  /** HIP link function for the full display (`full=3100001~!<bib>~!<pos>`). */
  func?: string;
}

/** A holdings table as labelled columns; rows hold one text per label. */
export interface ItemTable {
  labels: string[];
  rows: string[][];
  /** Rows that did not fit the header (kept out, reported). */
  skippedRows: number;
}

export interface FullDisplay {
  key: string;
  title?: string;
  /** Field values by display label (著者 → three names). */
  fields: Map<string, string[]>;
  items?: ItemTable;
  /** The page announced holdings (复本/藏书记录) but no table could be read. */
  holdingsUnreadable?: string;
  /** Link to the holdings at all branches (其它馆址), HTML only. */
  otherBranches?: string;
}

export type IpacPage =
  | { kind: 'list'; hits: number; rows: BriefRow[]; session?: string }
  | { kind: 'full'; hits: number; full: FullDisplay; session?: string }
  | { kind: 'none'; session?: string }
  /** A search form without results: the OPAC wants a session first. */
  | { kind: 'start'; session?: string }
  | { kind: 'login'; session?: string };

/** One page of the all-branches holdings (其它馆址), with links to its other pages. */
export interface BranchPage {
  items?: ItemTable;
  pageLinks: string[];
}

export class IpacLayoutError extends Error {
  constructor(
    message: string,
    readonly missing: string[] = [],
  ) {
    super(message);
    this.name = 'IpacLayoutError';
  }
}

/** "full=3100001~!1284501~!3" → key 1284501, position 3. */
export function parseFunc(text: string): { key: string; position: number; func: string } | undefined {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // A malformed escape elsewhere in the link: read it as it is.
  }
  const m = /full=(\d+)~!([^~&\s]+)~!(\d+)/.exec(decoded);
  return m ? { key: m[2] as string, position: Number(m[3]), func: m[0] } : undefined;
}

/** Labels compare without trailing colons and spaces ("出版地:" = "出版地"). */
export function labelKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s:：]+$/u, '')
    .replace(/^[\s]+/u, '')
    .toLowerCase();
}
