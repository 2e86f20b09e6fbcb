/**
 * HTML renderings of the simulated OPAC, after the seed's screenshots of SHL iPac
 * 2.03.01b21 and the class names SHL scrapers relied on (mediumBoldAnchor,
 * normalBlackFont2, <tr height="15">, the 其它馆址 button, links ending in staffonly=).
 * Table cells are left unclosed as HIP's own pages do; every text is escaped.
 */
import type { SimRecord } from './catalogue.ts';
import { fullFields, func, itemTable, type SimTable } from './display.ts';
import { empty, fragment, h, htmlDocument, open, type Child, type Markup } from './markup.ts';

export interface HtmlContext {
  charset: 'utf-8' | 'gbk';
  session: string;
  profile: string;
  catalogueName: string;
  term?: string;
  index?: string;
  /** Index codes this OPAC does not offer (simulate.lacks): left out of its search form. */
  lacking?: readonly string[];
}

const INDEX_OPTIONS: [string, string][] = [
  ['.GW', '任意词'],
  ['.TW', '题名关键词'],
  ['.AW', '著者关键词'],
  ['.SW', '主题词关键词'],
  ['.SE', '丛书名关键词'],
  ['.PW', '出版者关键词'],
  ['ALTITLE', '题名浏览'],
  ['ALAUTHOR', '著者浏览'],
  ['ALSUBJECT', '主题词浏览'],
  ['ALSERIES', '丛书名浏览'],
  ['ISBN', 'ISBN'],
  ['ISSN', 'ISSN'],
  ['ISRC', 'ISRC'],
];

/** Query strings as HIP writes them in links: raw characters, only the delimiters escaped. */
export function link(ctx: HtmlContext, params: [string, string][]): string {
  const all: [string, string][] = [['session', ctx.session], ['profile', ctx.profile], ...params];
  const enc = (v: string) => v.replace(/[%&=#+]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/ /g, '+');
  return `ipac.jsp?${all.map(([k, v]) => `${k}=${enc(v)}`).join('&')}`;
}

function searchForm(ctx: HtmlContext): Markup {
  return h(
    'form',
    { name: 'searchform', method: 'get', action: 'ipac.jsp' },
    empty('input', { type: 'hidden', name: 'session', value: ctx.session }),
    empty('input', { type: 'hidden', name: 'menu', value: 'search' }),
    empty('input', { type: 'hidden', name: 'aspect', value: 'basic_search' }),
    empty('input', { type: 'hidden', name: 'profile', value: ctx.profile }),
    h('span', { class: 'normalBlackFont1' }, '查询: '),
    h('select', { name: 'index' }, INDEX_OPTIONS.filter(([code]) => !ctx.lacking?.includes(code)).map(([code, label]) => open('option', { value: code, selected: code === (ctx.index ?? '.TW') }, label))),
    empty('input', { type: 'text', name: 'term', size: 30, value: ctx.term ?? '' }),
    empty('input', { type: 'submit', value: '开始' }),
  );
}

function page(ctx: HtmlContext, ...body: Child[]): string {
  const nav = ['我的邮件清单', '书目查询', '我的图书馆', '日文书目', '历史文献', '馆际互借', '帮您找书', '你荐我购', '使用说明'];
  return htmlDocument(
    h(
      'html',
      {},
      h('head', {}, empty('meta', { 'http-equiv': 'Content-Type', content: `text/html; charset=${ctx.charset === 'gbk' ? 'GBK' : 'UTF-8'}` }), h('title', {}, 'iPac2.0 - 上海图书馆')),
      h(
        'body',
        { bgcolor: '#ffffff' },
        h('table', { class: 'navigationBar', width: '100%' }, open('tr', {}, nav.map((n) => open('td', { class: 'navBarCurrent' }, h('a', { class: 'navBarAnchor', href: link(ctx, [['menu', 'search']]) }, n))))),
        h('div', { class: 'normalBlackFont1' }, '基本 | 高级 | 多项辅助 | 历次'),
        searchForm(ctx),
        h('p', { class: 'normalBlackFont1' }, `您正在查询: ${ctx.catalogueName}`),
        ...body,
        h('p', { class: 'smallBlackFont1' }, 'iPac 2.03.01b21 ', empty('br'), '© 2001-2002 epixtech, inc. All rights reserved.'),
      ),
    ),
  );
}

export function htmlList(ctx: HtmlContext, hits: number, pageNo: number, npp: number, rows: { record: SimRecord; position: number }[]): string {
  const last = Math.max(1, Math.ceil(hits / npp));
  const pager = (n: number, label: string) => h('a', { class: 'smallAnchor', href: link(ctx, [['menu', 'search'], ['index', ctx.index ?? ''], ['term', ctx.term ?? ''], ['npp', String(npp)], ['page', String(n)]]) }, label);
  return page(
    ctx,
    h('h3', {}, '检索结果'),
    h('table', {}, open('tr', {}, h('td', { class: 'normalBlackFont2' }, h('b', {}, hits), ' 命中的题名: ', h('b', {}, ctx.term ?? '')), h('td', {}, '排序以: 题名'))),
    h(
      'table',
      { class: 'tableBackground', width: '100%', cellpadding: 3 },
      rows.map(({ record, position }) =>
        open(
          'tr',
          {},
          open('td', { class: 'normalBlackFont1', valign: 'top', width: '1%' }, `${position}.`),
          open(
            'td',
            {},
            h(
              'table',
              {},
              open('tr', {}, open('td', {}, h('a', { class: 'mediumBoldAnchor', href: link(ctx, [['menu', 'search'], ['aspect', 'basic_search'], ['index', ctx.index ?? ''], ['term', ctx.term ?? ''], ['ri', String(position)], ['uri', func(record.key, position)]]) }, record.title), ' ', h('a', { href: '#' }, '*'))),
              record.authors[0] ? open('tr', {}, open('td', { class: 'normalBlackFont1' }, '著者 ', h('a', { class: 'smallAnchor', href: link(ctx, [['menu', 'search'], ['index', '.AW'], ['term', record.authors[0]]]) }, h('i', {}, record.authors[0])))) : undefined,
              open('tr', {}, open('td', { class: 'normalBlackFont1' }, [record.publisher, record.date].filter((s) => s).join(', '))),
              open('tr', {}, open('td', {}, h('a', { href: link(ctx, [['menu', 'mylist']]) }, '加入到“我的邮件清单”中'))),
            ),
          ),
        ),
      ),
    ),
    pageNo < last ? pager(pageNo + 1, '下页') : undefined,
    pageNo > 1 ? pager(pageNo - 1, '上页') : undefined,
  );
}

function holdingsTable(table: SimTable, heading?: string): Markup {
  return h(
    'table',
    { class: 'tableBackground', width: '100%', cellspacing: 0 },
    heading ? open('tr', {}, open('td', { colspan: table.labels.length, class: 'tableHeader' }, h('b', {}, heading))) : undefined,
    open('tr', {}, table.labels.map((l) => open('th', { class: 'tableHeader', title: l }, h('a', { class: 'tableHeader' }, l)))),
    table.rows.map((cells) => open('tr', { height: 15 }, cells.map((c) => open('td', { class: 'tableBackground' }, c === '' ? h('span', {}, '\u00a0') : c)))),
  );
}

/** SHL shows linked names as "Twitchett , Denis Crispin." (seed). */
const spacedComma = (name: string) => name.replace(/, /, ' , ');

export function htmlFull(ctx: HtmlContext, record: SimRecord, mainBranch: string, options: { drift?: boolean; withOtherBranches: boolean }): string {
  const single = new Set(['出版地', '说明', '索书号']);
  const rows: Child[] = [open('tr', {}, open('td', { class: 'normalBlackFont1', width: '20%' }, h('b', {}, '题名')), open('td', {}, h('a', { class: 'largeAnchor', title: record.title }, record.title)))];
  for (const [label, values] of fullFields(record)) {
    if (values.length === 0) continue;
    if (single.has(label)) rows.push(open('tr', {}, open('td', { colspan: 2, class: 'normalBlackFont1' }, `${label}: ${values[0]}`)));
    else {
      const linked = label === '著者' || label === '主题标目';
      const cells = values.map((v, i) => fragment(i > 0 ? empty('br') : undefined, linked ? h('a', { class: 'normalBlackFont1', href: link(ctx, [['menu', 'search'], ['index', label === '著者' ? '.AW' : '.SW'], ['term', v]]) }, label === '著者' ? spacedComma(v) : v) : v));
      rows.push(open('tr', {}, open('td', { class: 'normalBlackFont1' }, h('b', {}, label)), open('td', { class: 'normalBlackFont1' }, cells)));
    }
  }
  const own = record.items.filter((i) => i.branch === mainBranch);
  const others = record.items.some((i) => i.branch !== mainBranch);
  const branchesUrl = link(ctx, [['uri', func(record.key, 0)], ['view', 'items'], ['page', '1'], ['staffonly', '']]);
  return page(
    ctx,
    h('a', { href: link(ctx, [['menu', 'search']]) }, '回到查询结果'),
    ' | 前一记录 | 后一记录',
    h('table', { class: 'tableBackground', width: '100%' }, rows),
    own.length > 0 ? holdingsTable(itemTable(own, options.drift), '复本/藏书记录') : undefined,
    others && options.withOtherBranches ? empty('input', { type: 'button', onclick: `javascript:location='${branchesUrl}'`, value: '其它馆址' }) : undefined,
    empty('img', { name: 'QRCode', src: `/qrcode?bib=${record.key}` }),
  );
}

/** One page of the holdings at all branches (其它馆址), with numbered links to the others. */
export function htmlBranches(ctx: HtmlContext, record: SimRecord, pageNo: number, pageSize: number, drift: boolean): string {
  const pages = Math.max(1, Math.ceil(record.items.length / pageSize));
  const slice = record.items.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  const links = Array.from({ length: pages }, (_, i) => i + 1).map((n) =>
    n === pageNo ? h('b', {}, ` ${n} `) : h('a', { href: link(ctx, [['uri', func(record.key, 0)], ['view', 'items'], ['page', String(n)], ['staffonly', '']]) }, ` ${n} `),
  );
  return page(ctx, h('h3', {}, `${record.title} — 其它馆址`), holdingsTable(itemTable(slice, drift), '复本/藏书记录'), h('p', {}, links));
}

export function htmlNoHits(ctx: HtmlContext): string {
  return page(ctx, h('table', {}, open('tr', {}, h('td', { class: 'normalBlackFont2' }, '对不起, 不能找到任何命中书目'))));
}

export function htmlStart(ctx: HtmlContext): string {
  return page(ctx, h('h3', {}, '基本查询'), h('p', {}, '请选择索引，再输入检索词，然后按“开始”按钮。'));
}

export function htmlLogin(ctx: HtmlContext): string {
  return page(
    ctx,
    h(
      'form',
      { name: 'loginform', method: 'post', action: 'ipac.jsp' },
      empty('input', { type: 'hidden', name: 'menu', value: 'account' }),
      '读者证号 ',
      empty('input', { type: 'text', name: 'sec1' }),
      ' 密码 ',
      empty('input', { type: 'password', name: 'sec2' }),
      empty('input', { type: 'submit', value: '登录' }),
    ),
  );
}
