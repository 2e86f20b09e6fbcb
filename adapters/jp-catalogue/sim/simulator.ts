/**
 * A simulated Japanese-book catalogue: a real HTTP server on loopback speaking the assumed
 * interface (README): `GET <base>/search` answers the XML envelope, `GET <base>/export`
 * the ISO 2709 records in the configured charset. Latency, faults and a wrong charset
 * label can be set, so the demo and the tests meet what a real target does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MarcRecord } from '../../../src/records/marc.ts';
import { controlValue } from '../../../src/records/marc.ts';
import { writeIso2709 } from '../../../src/records/iso2709/writer.ts';
import { escapeXml } from '../../../src/records/marcxml/write.ts';
import { matches, prepareRecord, type PreparedRecord } from '../../../src/simulation/match.ts';
import { parseForm } from '../../../src/adapter-api/form.ts';
import { encodeText, type JapaneseCharset } from '../encoding.ts';
import { FormError, formQuery } from './query.ts';
import { startSimulatorHttpServer } from '../../../src/simulation/http-server.ts';

export type JpFault = 'none' | 'hang' | 'http500' | 'http429' | 'truncated' | 'html' | 'reset' | 'error-envelope';

export interface JpSimulatorOptions {
  records: readonly MarcRecord[];
  /** Path prefix of the service ("/jpcat"). */
  basePath?: string;
  /** Charset the exported records are written in. */
  charset?: JapaneseCharset;
  /** Charset label sent with exports; null = none; default the real charset (set it wrong to mislabel). */
  label?: string | null;
  queryCharset?: JapaneseCharset;
  latencyMs?: number | [number, number];
  /** Form field names the catalogue does not offer (simulate.lacks): not on its search page, refused when searched. */
  lacking?: readonly string[];
  fault?: JpFault;
  port?: number;
  host?: string;
}

export interface JpSimulator {
  url: string;
  readonly requests: { path: string; params: Record<string, string> }[];
  setFault(fault: JpFault): void;
  setLatency(latencyMs: number | [number, number]): void;
  close(): Promise<void>;
}

/** The basic search form's fields (README), as the page labels them. */
const SEARCH_PAGE_FIELDS: readonly [string, string][] = [
  ['title', 'タイトル'],
  ['author', '著者名'],
  ['publisher', '出版者'],
  ['isbn', 'ISBN'],
  ['subject', '件名'],
  ['year', '出版年'],
  ['any', 'すべての項目'],
];

export async function startJpSimulator(options: JpSimulatorOptions): Promise<JpSimulator> {
  const host = options.host ?? '127.0.0.1';
  const basePath = `/${(options.basePath ?? '/jpcat').replace(/^\/+|\/+$/g, '')}`;
  const charset = options.charset ?? 'utf-8';
  const label = options.label === undefined ? charset : options.label;
  const queryCharset = options.queryCharset ?? 'utf-8';
  let fault: JpFault = options.fault ?? 'none';
  let latency = options.latencyMs ?? 0;
  const prepared: PreparedRecord[] = options.records.map(prepareRecord);
  const byId = new Map(options.records.map((r) => [controlValue(r, '001') ?? '', r]));
  const encoded = new Map<string, Buffer>();
  const requests: JpSimulator['requests'] = [];


  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [path = '', query = ''] = (req.url ?? '/').split('?', 2);
    const params = new Map(parseForm(query, queryCharset));
    requests.push({ path, params: Object.fromEntries(params) });
    if (fault === 'hang') return; // holds the socket until the client gives up
    const ms = Array.isArray(latency) ? latency[0] + Math.random() * (latency[1] - latency[0]) : latency;
    if (ms > 0 && !(await server.delay(ms, req))) return;
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'http500') return void res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error');
    if (fault === 'http429') return void res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '30' }).end('Too Many Requests');
    if (fault === 'html') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><body>ログイン</body></html>');
    if (path === `${basePath}/` || path === basePath) return searchPage(res);
    if (path === `${basePath}/search`) return search(params, res);
    if (path === `${basePath}/export`) return exportRecords(params, res);
    res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>404</body></html>');
  }

  function envelope(res: ServerResponse, body: string): void {
    res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8' }).end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`);
  }

  function failure(res: ServerResponse, code: string, message: string): void {
    envelope(res, `<jpcat status="error"><error code="${escapeXml(code)}">${escapeXml(message)}</error></jpcat>`);
  }

  /** The page a reader opens: the three areas, with the basic search form (one field, one term). */
  function searchPage(res: ServerResponse): void {
    const choices = SEARCH_PAGE_FIELDS.filter(([value]) => !options.lacking?.includes(value))
      .map(([value, label]) => `<option value="${value}"${value === 'title' ? ' selected' : ''}>${label}`)
      .join('\n        ');
    const page = `<!DOCTYPE html>
<html lang="ja"><head><meta charset="UTF-8"><title>上海図書館 日本語図書目録</title></head>
<body>
  <div id="nav"><a href="./">簡易検索</a> | <a href="./?mode=advanced">詳細検索</a></div>
  <div id="search">
    <form action="search" method="get">
      <input type="hidden" name="mode" value="basic">
      <select name="field">
        ${choices}
      </select>
      <input type="text" name="term" size="40">
      <input type="hidden" name="rows" value="20">
      <input type="submit" value="検索">
    </form>
  </div>
  <div id="results"></div>
</body></html>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' }).end(page);
  }

  function search(params: Map<string, string>, res: ServerResponse): void {
    if (fault === 'error-envelope') return failure(res, 'db-offline', '数据库维护中');
    const asked = [params.get('field'), ...[...params].filter(([k]) => /^f\d+$/.test(k)).map(([, v]) => v)];
    const lacked = asked.find((f) => f !== undefined && options.lacking?.includes(f));
    if (lacked) return failure(res, 'bad-field', `unknown search field "${lacked}"`);
    const start = Number(params.get('start') ?? '1');
    const rows = Number(params.get('rows') ?? '10');
    if (!Number.isInteger(start) || start < 1) return failure(res, 'bad-start', 'start must be 1 or more');
    if (!Number.isInteger(rows) || rows < 0 || rows > 100) return failure(res, 'bad-rows', 'rows must be 0-100');
    let hits: PreparedRecord[];
    try {
      const query = formQuery(params);
      hits = prepared.filter((r) => matches(r, query));
    } catch (error) {
      if (error instanceof FormError) return failure(res, error.code, error.message);
      throw error;
    }
    const ids = hits.slice(start - 1, start - 1 + rows).map((r) => controlValue(r.record, '001') ?? '');
    const records = ids.map((id) => `<record id="${escapeXml(id)}"/>`).join('');
    const href = `export?ids=${ids.map(encodeURIComponent).join(',')}&format=iso2709`;
    const link = ids.length > 0 ? `<export href="${escapeXml(href)}"/>` : '';
    envelope(res, `<jpcat status="ok"><hits>${hits.length}</hits><start>${start}</start><records>${records}</records>${link}</jpcat>`);
  }

  function exportRecords(params: Map<string, string>, res: ServerResponse): void {
    if ((params.get('format') ?? 'iso2709') !== 'iso2709') return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end('format must be iso2709');
    const parts: Buffer[] = [];
    for (const id of (params.get('ids') ?? '').split(',')) {
      const record = byId.get(id);
      if (!record) continue;
      let bytes = encoded.get(id);
      if (!bytes) {
        bytes = writeIso2709(record, (text) => encodeText(text, charset));
        encoded.set(id, bytes);
      }
      parts.push(bytes);
    }
    let body = Buffer.concat(parts);
    // A dropped connection mid-export: the last record ends halfway.
    if (fault === 'truncated' && parts.length > 0) body = body.subarray(0, body.length - Math.ceil((parts.at(-1) as Buffer).length / 2));
    res.writeHead(200, { 'Content-Type': label === null ? 'application/marc' : `application/marc; charset=${label}` }).end(body);
  }

  const server = await startSimulatorHttpServer(handle, { host, ...(options.port === undefined ? {} : { port: options.port }) });
  const port = server.port;
  return {
    url: `http://${host}:${port}${basePath}/`,
    requests,
    setFault: (next) => {
      fault = next;
    },
    setLatency: (next) => {
      latency = next;
    },
    close: () => server.close(),
  };
}
