/**
 * The member list of the union search page (成员馆, in four categories with 全部选择), read
 * into members with their service status. The page marks a suspended member in its name —
 * "上海图书馆(暂停服务)" in the seed's form — and may carry the centre's notice
 * ("中国人民大学图书馆暂停馆际互借服务通知"); both read as suspended.
 */
import { XMLParser } from 'fast-xml-parser';
import type { UnionMember } from '../../src/adapter-api/contract.ts';
import type { LibraryConfig, ServiceStatus } from '../../src/config/schema.ts';
import type { BalisSelect, BalisSettings, MemberLibrary } from './settings.ts';

export interface BalisMember {
  code: string;
  /** Name without the service remark. */
  name: string;
  /** As the page shows it ("上海图书馆(暂停服务)"). */
  shownAs: string;
  category: string;
  suspended: boolean;
  notice?: string;
}

/** "(暂停服务)" / "（暂停服务）" / "(暂停馆际互借)" after the name. */
const SUSPENDED_MARK = /\s*[(（]\s*(暂停[^)）]*)[)）]\s*$/u;

export class MemberListError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'category' || name === 'lib',
});

type Node = Record<string, unknown>;

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']).trim() || undefined;
  return undefined;
}

export function parseMemberList(xml: string): BalisMember[] {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (error) {
    throw new MemberListError(`member list is not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = doc.libList as Node | undefined;
  if (!root || typeof root !== 'object') throw new MemberListError('member list has no <libList> root');
  const members: BalisMember[] = [];
  for (const category of (root.category as Node[] | undefined) ?? []) {
    const categoryName = String(category['@name'] ?? '').trim();
    for (const lib of (category.lib as Node[] | undefined) ?? []) {
      const code = String(lib['@code'] ?? '').trim();
      const shownAs = String(lib['@name'] ?? '').trim();
      if (code === '' || shownAs === '') continue;
      const mark = SUSPENDED_MARK.exec(shownAs);
      const notice = textOf(lib.notice);
      const member: BalisMember = {
        code,
        name: mark ? shownAs.slice(0, mark.index) : shownAs,
        shownAs,
        category: categoryName,
        suspended: mark !== null || lib['@status'] === 'suspended' || notice !== undefined,
      };
      if (notice) member.notice = notice;
      members.push(member);
    }
  }
  if (members.length === 0) throw new MemberListError('member list names no members');
  return members;
}

/** The codes to tick, in page order; a requested member the page does not list is reported. */
export function selectMembers(members: readonly BalisMember[], select: BalisSelect): { codes: string[]; unknown: string[] } {
  const wanted = new Set(select.members);
  const categories = new Set<string>(select.categories);
  const codes = members.filter((m) => select.all || categories.has(m.category) || wanted.has(m.code) || wanted.has(m.name)).map((m) => m.code);
  const unknown = select.members.filter((w) => !members.some((m) => m.code === w || m.name === w));
  return { codes, unknown };
}

export interface MemberMapping {
  library: string;
  ill?: LibraryConfig['ill'];
}

/** Our library for a member: by code first, then by name. */
export function mappingFor(settings: BalisSettings, member: Pick<BalisMember, 'code' | 'name'>): MemberMapping | undefined {
  const entry: MemberLibrary | undefined = settings.memberLibraries[member.code] ?? settings.memberLibraries[member.name];
  if (entry === undefined) return undefined;
  return typeof entry === 'string' ? { library: entry } : { library: entry.library, ...(entry.ill ? { ill: entry.ill } : {}) };
}

export function serviceOf(member: BalisMember): ServiceStatus {
  if (!member.suspended) return { status: 'active' };
  return { status: 'suspended', notice: { zh: member.notice ?? member.shownAs, en: `${member.name} has suspended BALIS interlibrary loan (union member list)` } };
}

export function toUnionMember(member: BalisMember, settings: BalisSettings): UnionMember {
  const mapped = mappingFor(settings, member);
  return { code: member.code, name: member.name, category: member.category, ...(mapped ? { library: mapped.library } : {}), service: serviceOf(member) };
}

/**
 * The member list, fetched at most once per TTL; concurrent searches share one fetch, and
 * a failed fetch is not kept (the next search tries again).
 */
export class MemberCache {
  private entry: { at: number; members: Promise<BalisMember[]> } | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(ttlMs: number, now: () => number = () => Date.now()) {
    this.ttlMs = ttlMs;
    this.now = now;
  }

  get(fetch: () => Promise<BalisMember[]>): Promise<BalisMember[]> {
    if (this.entry && this.now() - this.entry.at < this.ttlMs) return this.entry.members;
    const members = fetch();
    const entry = { at: this.now(), members };
    this.entry = entry;
    members.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return members;
  }
}
