/**
 * The union search's answer (assumed format, README): per ticked member its hit count and
 * state (the union system searches the members' own catalogues), and per hit the brief
 * record the ILL form is filled from with the copies of each holding member.
 *
 *   <unionSearch total="57" page="1" pageSize="20">
 *     <library code="110901" name="北京大学图书馆" hits="12" state="ok"/>
 *     <record id="…"><title/><author/><publisher/><year/><isbn/><language>中文</language><type>图书</type>
 *       <holding code="123114" name="上海图书馆(暂停服务)" callNo="…" barcode="…" location="…" status="归还" itemType="参考外借资料"/>
 *     </record></unionSearch>
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface MemberOutcome {
  code: string;
  name: string;
  hits: number;
  /** ok, timeout, error… as the union system reports its own search of that member. */
  state: string;
  message?: string;
}

export interface UnionCopy {
  code: string;
  name: string;
  callNumber?: string;
  barcode?: string;
  location?: string;
  status?: string;
  itemType?: string;
}

export interface UnionHit {
  id: string;
  title: string;
  author?: string;
  publisher?: string;
  year?: string;
  isbn?: string;
  language?: string;
  type?: string;
  holdings: UnionCopy[];
}

export interface UnionPage {
  total: number;
  page: number;
  members: MemberOutcome[];
  hits: UnionHit[];
}

export class UnionResponseError extends Error {}

/** A union-catalogue page is a few levels deep and holds one page of hits (pageSize ≤ 50: about 80 kB with ten copies a hit); past these it is not the catalogue’s answer. */
export const UNION_PAGE_LIMITS = { MAX_PAGE_LENGTH: 256 * 1024, MAX_PAGE_DEPTH: 16, MAX_RECORDS: 200, MAX_HOLDINGS: 2000, MAX_MEMBERS: 200 } as const;

const HIT_FIELDS = new Set(['title', 'author', 'publisher', 'year', 'isbn', 'language', 'type']);
const COPY_ATTRIBUTES: [keyof UnionCopy, string][] = [['callNumber', 'callNo'], ['barcode', 'barcode'], ['location', 'location'], ['status', 'status'], ['itemType', 'itemType']];

function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const value = tag.attributes[name]?.trim();
  return value ? value : undefined;
}

function count(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new UnionResponseError(`${what} is missing or not a number`);
  return Number(value);
}

/**
 * Reads one page with a streaming parser (saxes: iterative, linear; fast-xml-parser cost
 * hundreds of ms of CPU on a 300 kB page and builds its tree recursively). Elements are
 * matched by name wherever they sit under the root, as the format has no namespaces.
 */
export function parseUnionPage(xml: string): UnionPage {
  const limits = UNION_PAGE_LIMITS;
  if (xml.length > limits.MAX_PAGE_LENGTH) throw new UnionResponseError(`page longer than ${limits.MAX_PAGE_LENGTH} characters (MAX_PAGE_LENGTH)`);
  const parser = new SaxesParser({ xmlns: false });
  let depth = 0;
  let root: { total?: string; page?: string } | undefined;
  const members: MemberOutcome[] = [];
  const hits: UnionHit[] = [];
  let records = 0;
  let holdings = 0;
  let hit: UnionHit | undefined;
  let field: string | undefined;
  let text = '';

  parser.on('opentag', (tag) => {
    depth += 1;
    if (depth > limits.MAX_PAGE_DEPTH) throw new UnionResponseError(`elements nested more than ${limits.MAX_PAGE_DEPTH} deep (MAX_PAGE_DEPTH)`);
    if (depth === 1) {
      if (tag.name !== 'unionSearch') throw new UnionResponseError('no <unionSearch> root element');
      root = { ...(attr(tag, 'total') !== undefined ? { total: attr(tag, 'total') } : {}), ...(attr(tag, 'page') !== undefined ? { page: attr(tag, 'page') } : {}) };
      return;
    }
    if (tag.name === 'library' && depth === 2) {
      if (members.length >= limits.MAX_MEMBERS) throw new UnionResponseError(`more than ${limits.MAX_MEMBERS} <library> elements in one page (MAX_MEMBERS)`);
      const outcome: MemberOutcome = { code: attr(tag, 'code') ?? '', name: attr(tag, 'name') ?? '', hits: Number(attr(tag, 'hits') ?? '0') || 0, state: attr(tag, 'state') ?? 'ok' };
      const message = attr(tag, 'message');
      if (message) outcome.message = message;
      members.push(outcome);
    } else if (tag.name === 'record' && depth === 2) {
      if (++records > limits.MAX_RECORDS) throw new UnionResponseError(`more than ${limits.MAX_RECORDS} <record> elements in one page (MAX_RECORDS)`);
      hit = { id: attr(tag, 'id') ?? '', title: '', holdings: [] };
    } else if (hit && depth === 3 && tag.name === 'holding') {
      if (++holdings > limits.MAX_HOLDINGS) throw new UnionResponseError(`more than ${limits.MAX_HOLDINGS} <holding> elements in one page (MAX_HOLDINGS)`);
      const copy: UnionCopy = { code: attr(tag, 'code') ?? '', name: attr(tag, 'name') ?? '' };
      for (const [key, name] of COPY_ATTRIBUTES) {
        const value = attr(tag, name);
        if (value !== undefined) copy[key] = value;
      }
      hit.holdings.push(copy);
    } else if (hit && depth === 3 && HIT_FIELDS.has(tag.name)) {
      field = tag.name;
      text = '';
    }
  });
  parser.on('text', (value) => {
    if (field) text += value;
  });
  parser.on('cdata', (value) => {
    if (field) text += value;
  });
  parser.on('closetag', (tag) => {
    if (hit && field && depth === 3 && tag.name === field) {
      const value = text.trim();
      if (value) (hit as unknown as Record<string, string>)[field] = value;
      field = undefined;
    } else if (hit && depth === 2 && tag.name === 'record') {
      if (hit.id !== '' && hit.title !== '') hits.push(hit);
      hit = undefined;
    }
    depth -= 1;
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof UnionResponseError) throw error;
    throw new UnionResponseError(`not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!root) throw new UnionResponseError('no <unionSearch> root element');
  return { total: count(root.total, 'total'), page: root.page === undefined ? 1 : count(root.page, 'page'), members, hits };
}
