/**
 * ipac.jsp URLs (reference 04 §1). Parameters repeat (index/term pairs), and a GBK site
 * reads percent-escapes as GBK bytes, so the query string is written by hand in the
 * site's charset instead of through URLSearchParams (which is UTF-8 only).
 */
import iconv from 'iconv-lite';
import type { Criterion } from './query.ts';

export type Param = [name: string, value: string];

/** Left alone by every HIP installation seen; everything else is escaped as bytes of the charset. */
const UNRESERVED = /^[A-Za-z0-9\-_.~!*'()]$/;

export function encodeComponent(value: string, charset: string): string {
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else for (const byte of iconv.encode(ch, charset)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function withParams(base: string, params: readonly Param[], charset: string): string {
  const url = new URL(base);
  const own = url.search.length > 1 ? url.search.slice(1) : '';
  const added = params.map(([k, v]) => `${encodeComponent(k, charset)}=${encodeComponent(v, charset)}`).join('&');
  url.search = [own, added].filter((s) => s !== '').join('&');
  return url.toString();
}

export interface SearchUrlInput {
  criteria: Criterion[];
  profile: string;
  page: number;
  pageSize: number;
  session?: string | undefined;
  xml: boolean;
}

/** One hit list page: basic search for one pair, the advanced ("power") search for several. */
export function searchParams(input: SearchUrlInput): Param[] {
  const params: Param[] = [];
  if (input.session) params.push(['session', input.session]);
  params.push(['profile', input.profile], ['menu', 'search'], ['aspect', input.criteria.length > 1 ? 'power' : 'basic_search']);
  for (const c of input.criteria) {
    params.push(['index', c.index], ['term', c.term]);
    if (c.oper) params.push(['oper', c.oper]);
  }
  params.push(['npp', String(input.pageSize)], ['page', String(input.page)]);
  if (input.xml) params.push(['GetXML', 'true']);
  return params;
}

/** The full display of one bib: HIP's link function `full=3100001~!<bib>~!<position>`. */
export function fullParams(input: { key: string; func?: string | undefined; profile: string; session?: string | undefined; itemsPerPage: number; xml: boolean }): Param[] {
  const params: Param[] = [];
  if (input.session) params.push(['session', input.session]);
  params.push(['profile', input.profile], ['uri', input.func ?? `full=3100001~!${input.key}~!0`], ['ipp', String(input.itemsPerPage)]);
  if (input.xml) params.push(['GetXML', 'true']);
  return params;
}

/** The start page, which hands out a session id in its links and forms. */
export function startParams(profile: string): Param[] {
  return [['profile', profile], ['menu', 'search'], ['aspect', 'basic_search']];
}

/** HIP links look like `ipac.jsp?session=14406507U7SC5.1512&menu=search…` (reference 04 §1). */
export function sessionIn(text: string): string | undefined {
  return /[?&;]session=([A-Za-z0-9.]+)/.exec(text)?.[1] ?? /name=["']?session["']?[^>]*value=["']([A-Za-z0-9.]+)/i.exec(text)?.[1];
}

/**
 * A link taken from a page, resolved against the page URL. Browsers send the raw
 * characters of a link's query in the page's charset, so non-ASCII characters are
 * escaped as bytes of that charset here (new URL() alone would write UTF-8).
 */
export function resolveLink(href: string, pageUrl: string, charset: string): string {
  let escaped = '';
  for (const ch of href.trim()) escaped += ch.charCodeAt(0) > 0x7e || ch === ' ' ? encodeComponent(ch, charset) : ch;
  return new URL(escaped, pageUrl).toString();
}
