import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MemberCache, parseMemberList, selectMembers, toUnionMember } from '../../../adapters/balis/members.ts';
import { toSimpleForm } from '../../../adapters/balis/query.ts';
import { balisSettingsSchema } from '../../../adapters/balis/settings.ts';
import { TargetError } from '../../../src/diagnostics.ts';
import type { QueryNode } from '../../../src/query/model.ts';

const PAGE = iconv.decode(readFileSync(fileURLToPath(new URL('../../../fixtures/balis/cases/union-page/libList.xml', import.meta.url))), 'gbk');
const members = parseMemberList(PAGE);
const select = (s: Record<string, unknown>) => balisSettingsSchema.parse({ url: 'http://b/union/', select: s }).select;

describe('BALIS member list', () => {
  it('reads members by category with the suspended ones marked', () => {
    expect(members).toHaveLength(10);
    expect(members.filter((m) => m.suspended).map((m) => [m.name, m.shownAs, m.notice])).toEqual([
      ['中国人民大学图书馆', '中国人民大学图书馆', '中国人民大学图书馆暂停馆际互借服务通知'],
      ['上海图书馆', '上海图书馆(暂停服务)', undefined],
    ]);
    const settings = balisSettingsSchema.parse({ url: 'http://b/union/', memberLibraries: { 123114: 'shl' } });
    expect(toUnionMember(members.find((m) => m.code === '123114')!, settings)).toEqual({
      code: '123114', name: '上海图书馆', category: '其他类', library: 'shl',
      service: { status: 'suspended', notice: { zh: '上海图书馆(暂停服务)', en: '上海图书馆 has suspended BALIS interlibrary loan (union member list)' } },
    });
  });

  it('ticks members by category (全部选择), all, or one by one, and names the unknown ones', () => {
    expect(selectMembers(members, select({ categories: ['医学类'] })).codes).toEqual(['111601', '112001']);
    expect(selectMembers(members, select({ categories: ['理工类', '农学类'] })).codes).toEqual(['110001', '111501', '112601', '112701']);
    expect(selectMembers(members, select({ all: true })).codes).toHaveLength(10);
    expect(selectMembers(members, select({ members: ['北京大学图书馆', '112901', '不存在的馆'] }))).toEqual({ codes: ['110901', '112901'], unknown: ['不存在的馆'] });
    expect(() => select({})).toThrow(/select at least one member/);
  });

  it('rejects a page that is not a member list', () => {
    expect(() => parseMemberList('<html><body>登录</body></html>')).toThrow(/libList/);
    expect(() => parseMemberList('<libList><category name="理工类"></category></libList>')).toThrow(/no members/);
  });

  it('fetches the list once per TTL, shares a fetch in flight, and forgets a failed one', async () => {
    let now = 0;
    let fetches = 0;
    const cache = new MemberCache(1000, () => now);
    const fetch = async () => {
      fetches += 1;
      return members;
    };
    await Promise.all([cache.get(fetch), cache.get(fetch)]);
    now = 999;
    await cache.get(fetch);
    expect(fetches).toBe(1);
    now = 1000;
    await cache.get(fetch);
    expect(fetches).toBe(2);
    const failing = new MemberCache(1000, () => now);
    await expect(failing.get(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await failing.get(fetch);
    expect(fetches).toBe(3);
  });
});

describe('query model → 简单检索 form', () => {
  const t = (field: 'title' | 'author' | 'publisher' | 'isbn' | 'subject', value: string): QueryNode => ({ kind: 'term', field, value, mode: 'words' });
  const and = (left: QueryNode, right: QueryNode): QueryNode => ({ kind: 'and', left, right });

  it('fills the four boxes, ANDed', () => {
    expect(toSimpleForm(and(and(t('title', '万历十五年'), t('author', '黄仁宇')), and(t('publisher', '中华书局'), t('isbn', '978-7-101-05298-5'))))).toEqual({
      title: '万历十五年', author: '黄仁宇', publisher: '中华书局', isbn: '9787101052985',
    });
    expect(toSimpleForm(and(t('title', '中国'), t('title', '通史')))).toEqual({ title: '中国 通史' });
  });

  it('refuses what the form cannot say', () => {
    for (const query of [{ kind: 'or', left: t('title', 'a'), right: t('title', 'b') } as QueryNode, t('subject', '历史'), and(t('title', 'a'), { kind: 'yearRange', from: 1990 })]) {
      expect(() => toSimpleForm(query)).toThrow(TargetError);
    }
  });
});
