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
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (error) {
    throw new UnionResponseError(`not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = doc.unionSearch as Node | undefined;
  if (!root || typeof root !== 'object') throw new UnionResponseError('no <unionSearch> root element');
  const members = ((root.library as Node[] | undefined) ?? []).map((m) => {
    const outcome: MemberOutcome = { code: str(m['@code']) ?? '', name: str(m['@name']) ?? '', hits: Number(str(m['@hits']) ?? '0') || 0, state: str(m['@state']) ?? 'ok' };
    const message = str(m['@message']);
    if (message) outcome.message = message;
    return outcome;
  });
  return {
    total: int(root['@total'], 'total'),
    page: root['@page'] === undefined ? 1 : int(root['@page'], 'page'),
    members,
    hits: ((root.record as Node[] | undefined) ?? []).map(hit).filter((h) => h.id !== '' && h.title !== ''),
  };
}
