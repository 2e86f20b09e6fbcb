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
import { XMLParser } from 'fast-xml-parser';
import { xmlNestingDepth } from '../../src/adapter-api/xml-nesting.ts';

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

/**
 * A union-catalogue page is a few levels deep and holds one page of hits; past these it is not
 * the catalogue's answer (and fast-xml-parser's tree building recurses, so depth is checked first).
 */
export const UNION_PAGE_LIMITS = { MAX_PAGE_LENGTH: 4 * 1024 * 1024, MAX_PAGE_DEPTH: 16, MAX_RECORDS: 1000, MAX_HOLDINGS: 5000, MAX_MEMBERS: 500 } as const;

function capped<T>(items: T[] | undefined, element: string, limit: 'MAX_RECORDS' | 'MAX_MEMBERS'): T[] {
  const max = UNION_PAGE_LIMITS[limit];
  if (items && items.length > max) throw new UnionResponseError(`more than ${max} <${element}> elements in one page (${limit})`);
  return items ?? [];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'library' || name === 'record' || name === 'holding',
});

type Node = Record<string, unknown>;

function str(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : value && typeof value === 'object' && '#text' in value ? String((value as Node)['#text']) : undefined;
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

function int(value: unknown, what: string): number {
  const text = str(value);
  if (text === undefined || !/^\d+$/.test(text)) throw new UnionResponseError(`${what} is missing or not a number`);
  return Number(text);
}

function copy(node: Node): UnionCopy {
  const out: UnionCopy = { code: str(node['@code']) ?? '', name: str(node['@name']) ?? '' };
  const optional: [keyof UnionCopy, string][] = [['callNumber', '@callNo'], ['barcode', '@barcode'], ['location', '@location'], ['status', '@status'], ['itemType', '@itemType']];
  for (const [key, attr] of optional) {
    const value = str(node[attr]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function hit(node: Node): UnionHit {
  const out: UnionHit = { id: str(node['@id']) ?? '', title: str(node.title) ?? '', holdings: ((node.holding as Node[] | undefined) ?? []).map(copy) };
  for (const key of ['author', 'publisher', 'year', 'isbn', 'language', 'type'] as const) {
    const value = str(node[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export function parseUnionPage(xml: string): UnionPage {
  const limits = UNION_PAGE_LIMITS;
  if (xml.length > limits.MAX_PAGE_LENGTH) throw new UnionResponseError(`page longer than ${limits.MAX_PAGE_LENGTH} characters (MAX_PAGE_LENGTH)`);
  if (xmlNestingDepth(xml, limits.MAX_PAGE_DEPTH) > limits.MAX_PAGE_DEPTH) throw new UnionResponseError(`elements nested more than ${limits.MAX_PAGE_DEPTH} deep (MAX_PAGE_DEPTH)`);
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (error) {
    throw new UnionResponseError(`not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = doc.unionSearch as Node | undefined;
  if (!root || typeof root !== 'object') throw new UnionResponseError('no <unionSearch> root element');
  const records = capped(root.record as Node[] | undefined, 'record', 'MAX_RECORDS');
  const holdings = records.reduce((n, r) => n + (Array.isArray(r.holding) ? r.holding.length : 0), 0);
  if (holdings > limits.MAX_HOLDINGS) throw new UnionResponseError(`more than ${limits.MAX_HOLDINGS} <holding> elements in one page (MAX_HOLDINGS)`);
  const members = capped(root.library as Node[] | undefined, 'library', 'MAX_MEMBERS').map((m) => {
    const outcome: MemberOutcome = { code: str(m['@code']) ?? '', name: str(m['@name']) ?? '', hits: Number(str(m['@hits']) ?? '0') || 0, state: str(m['@state']) ?? 'ok' };
    const message = str(m['@message']);
    if (message) outcome.message = message;
    return outcome;
  });
  return {
    total: int(root['@total'], 'total'),
    page: root['@page'] === undefined ? 1 : int(root['@page'], 'page'),
    members,
    hits: records.map(hit).filter((h) => h.id !== '' && h.title !== ''),
  };
}
