/**
 * A simulated BALIS union search: a real HTTP server on loopback speaking the assumed
 * interface (README) — `GET <base>/libList.jsp` (the member list by category) and
 * `POST <base>/search.jsp` (the 简单检索 form, GBK values) — answering GBK XML. A member's
 * search can be made to fail inside the union system (it then reports that member as timed out).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import iconv from 'iconv-lite';
import { parseForm } from '../../../src/adapter-api/form.ts';
import { CATEGORIES } from '../../../src/config/schema.ts';
import type { QueryNode, SearchField } from '../../../src/query/model.ts';
import type { MarcRecord } from '../../../src/records/marc.ts';
import { escapeXml } from '../../../src/records/marcxml/write.ts';
import { matches } from '../../../src/simulation/match.ts';
import { buildUnion, type SimCopy, type SimMember, type UnionEntry } from './union.ts';
import { readRequestBody, startSimulatorHttpServer } from '../../../src/simulation/http-server.ts';

export type BalisFault = 'none' | 'hang' | 'http500' | 'http429' | 'html' | 'reset';

export interface BalisSimulatorOptions {
  members: readonly SimMember[];
  catalogue: readonly MarcRecord[];
  basePath?: string;
  /** Charset label sent in Content-Type (the bytes are always GBK); null = none. */
  label?: string | null;
  latencyMs?: number | [number, number];
  fault?: BalisFault;
  /** Boxes the union search does not offer (simulate.lacks): not on its 简单检索 page, ignored when posted. */
  lacking?: readonly string[];
  /** Members whose search fails inside the union system (code → how). */
  memberFaults?: Record<string, 'timeout' | 'error'>;
  port?: number;
  host?: string;
}

export interface BalisSimulator {
  url: string;
  readonly requests: { path: string; params: [string, string][] }[];
  setFault(fault: BalisFault): void;
  close(): Promise<void>;
}

const BOXES: [string, SearchField][] = [['title', 'title'], ['author', 'author'], ['publisher', 'publisher'], ['isbn', 'isbn']];
const BOX_LABELS: Record<string, string> = { title: '题名', author: '作者', publisher: '出版社', isbn: 'ISBN' };
const attr = (name: string, value: string | number | undefined) => (value === undefined ? '' : ` ${name}="${escapeXml(String(value))}"`);

export async function startBalisSimulator(options: BalisSimulatorOptions): Promise<BalisSimulator> {
  const host = options.host ?? '127.0.0.1';
  const basePath = `/${(options.basePath ?? '/union').replace(/^\/+|\/+$/g, '')}`;
  const label = options.label === undefined ? 'GBK' : options.label;
  const union: UnionEntry[] = buildUnion(options.catalogue, options.members);
  const memberFaults = options.memberFaults ?? {};
  let fault: BalisFault = options.fault ?? 'none';
  const requests: BalisSimulator['requests'] = [];


  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [path = '', query = ''] = (req.url ?? '/').split('?', 2);
    const body = req.method === 'POST' ? await readRequestBody(req, 'latin1') : '';
    const params = parseForm(body === '' ? query : body, 'gbk');
    requests.push({ path, params });
    if (fault === 'hang') return;
    const latency = options.latencyMs ?? 0;
    const ms = Array.isArray(latency) ? latency[0] + Math.random() * (latency[1] - latency[0]) : latency;
    if (ms > 0 && !(await server.delay(ms, req))) return;
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'http500') return void html(res, 500, '<html><body><h1>HTTP Status 500 - java.lang.NullPointerException</h1></body></html>');
    if (fault === 'http429') return void res.writeHead(429, { 'Retry-After': '120', 'Content-Type': 'text/plain' }).end('Too Many Requests');
    if (fault === 'html') return void html(res, 200, '<html><body>会话已过期，请重新登录</body></html>');
    if (path === `${basePath}/libList.jsp`) return xml(res, memberList());
    if (path === `${basePath}/search.jsp`) return search(params, res);
    if (path === `${basePath}/index.jsp` || path === `${basePath}/`) return html(res, 200, indexPage());
    html(res, 404, '<html><body>404</body></html>');
  }

  function html(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=GBK' }).end(iconv.encode(text, 'gbk'));
  }

  function xml(res: ServerResponse, text: string): void {
    const type = label === null ? 'text/xml' : `text/xml; charset=${label}`;
    res.writeHead(200, { 'Content-Type': type }).end(iconv.encode(`<?xml version="1.0" encoding="GBK"?>\n${text}\n`, 'gbk'));
  }

  /** The 简单检索 page (README): which box a term goes in is chosen from 检索字段; the page's script posts it under that box's name. */
  function indexPage(): string {
    const choices = BOXES.filter(([box]) => !options.lacking?.includes(box))
      .map(([box]) => `<option value="${box}">${BOX_LABELS[box]}`)
      .join('');
    return [
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"><title>BALIS联合检索系统</title></head><body>',
      '<table class="nav"><tr><td><a href="index.jsp">简单检索</a><td><a href="libList.jsp">成员馆</a></table>',
      '<form name="simple" method="post" action="search.jsp"><input type="hidden" name="searchType" value="simple">',
      `检索字段: <select name="field">${choices}</select> <input type="text" name="term" size="40"> <input type="submit" value="检索">`,
      '</form></body></html>',
    ].join('\n');
  }

  function memberList(): string {
    const categories = CATEGORIES.map((category) => {
      const libs = options.members
        .filter((m) => m.category === category)
        .map((m) => {
          const notice = m.notice ? `<notice${attr('date', m.notice.date)}>${escapeXml(m.notice.text)}</notice>` : '';
          return `<lib${attr('code', m.code)}${attr('name', m.shownAs ?? m.name)}${m.new ? ' new="1"' : ''}>${notice}</lib>`;
        });
      return `<category${attr('name', category)}>${libs.join('')}</category>`;
    });
    return `<libList>${categories.join('')}</libList>`;
  }

  function search(params: [string, string][], res: ServerResponse): void {
    const get = (key: string) => params.find(([k]) => k === key)?.[1]?.trim() ?? '';
    const ticked = new Set(params.filter(([k]) => k === 'libs').map(([, v]) => v));
    const members = options.members.filter((m) => ticked.has(m.code));
    if (members.length === 0) return html(res, 400, '<html><body>请至少选择一个成员馆</body></html>');
    const terms: QueryNode[] = BOXES.filter(([box]) => get(box) !== '' && !options.lacking?.includes(box)).map(([box, field]) => ({ kind: 'term', field, value: get(box), mode: 'words' }));
    const [firstTerm, ...rest] = terms;
    if (!firstTerm) return html(res, 400, '<html><body>请输入检索词</body></html>');
    const query = rest.reduce<QueryNode>((left, right) => ({ kind: 'and', left, right }), firstTerm);
    const answering = members.filter((m) => !memberFaults[m.code]);
    const hits = union
      .filter((e) => answering.some((m) => e.copies.has(m.code)) && matches(e.prepared, query))
      .map((e) => ({ entry: e, holders: answering.filter((m) => e.copies.has(m.code)) }));
    const pageSize = [10, 20, 50].includes(Number(get('pageSize'))) ? Number(get('pageSize')) : 20;
    const page = Math.max(1, Number(get('page')) || 1);
    const outcomes = members.map((m) => {
      const failed = memberFaults[m.code];
      const count = failed ? 0 : hits.filter((h) => h.holders.includes(m)).length;
      return `<library${attr('code', m.code)}${attr('name', m.shownAs ?? m.name)}${attr('hits', count)}${attr('state', failed ?? 'ok')}${failed ? attr('message', failed === 'timeout' ? '连接超时' : '检索失败') : ''}/>`;
    });
    const records = hits.slice((page - 1) * pageSize, page * pageSize).map(({ entry, holders }) => recordXml(entry, holders));
    xml(res, `<unionSearch${attr('total', hits.length)}${attr('page', page)}${attr('pageSize', pageSize)}>${outcomes.join('')}${records.join('')}</unionSearch>`);
  }

  function recordXml(entry: UnionEntry, holders: readonly SimMember[]): string {
    const b = entry.brief;
    const fields = (['title', 'author', 'publisher', 'year', 'isbn', 'language', 'type'] as const)
      .filter((k) => b[k] !== undefined)
      .map((k) => `<${k}>${escapeXml(b[k] as string)}</${k}>`)
      .join('');
    const holdings = holders.flatMap((m) => (entry.copies.get(m.code) ?? []).map((c: SimCopy) =>
      `<holding${attr('code', m.code)}${attr('name', m.shownAs ?? m.name)}${attr('callNo', c.callNo)}${attr('barcode', c.barcode)}${attr('location', c.location)}${attr('status', c.status)}${attr('itemType', c.itemType)}/>`));
    return `<record${attr('id', entry.id)}>${fields}${holdings.join('')}</record>`;
  }

  const server = await startSimulatorHttpServer(handle, { host, ...(options.port === undefined ? {} : { port: options.port }) });
  const port = server.port;
  return {
    url: `http://${host}:${port}${basePath}/`,
    requests,
    setFault: (next) => {
      fault = next;
    },
    close: () => server.close(),
  };
}

