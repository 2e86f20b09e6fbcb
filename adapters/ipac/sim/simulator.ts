/**
 * A simulated iPac 2.0 OPAC: a real HTTP server on loopback answering `/ipac20/ipac.jsp`
 * like the Shanghai Library's (reference 04): index/term searches (basic and power, with
 * `oper`), npp/page paging, GetXML or HTML in UTF-8 or GBK, session ids in links and forms,
 * a single hit sent straight to the full display, holdings over several branches (其它馆址,
 * paged), and the faults a client must survive. The demo, tests and benchmarks use it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import iconv from 'iconv-lite';
import { findRecord, loadSimCatalogue, searchCatalogue, type SimCatalogue, type SimCriterion } from './catalogue.ts';
import { htmlBranches, htmlFull, htmlList, htmlLogin, htmlNoHits, htmlStart, link, type HtmlContext } from './html.ts';
import { xmlFull, xmlList, xmlLogin, xmlNoHits, type XmlContext } from './xml.ts';
import { startSimulatorHttpServer } from '../../../src/simulation/http-server.ts';

export type IpacFault =
  | 'none'
  | 'hang'
  | 'reset'
  | 'http500'
  | 'garbage'
  | 'truncated'
  /** 429 with Retry-After in seconds. */
  | 'rate-limit'
  /** 503 with Retry-After as an HTTP date. */
  | 'unavailable'
  /** 302 to the account (login) page. */
  | 'login'
  /** GBK bytes under a UTF-8 declaration. */
  | 'wrong-charset'
  /** The holdings table's 状态 column renamed. */
  | 'layout-drift';

export interface IpacSiteOptions {
  catalogue?: SimCatalogue;
  charset?: 'utf-8' | 'gbk';
  /** Whether the site answers GetXML=true with XML (default true). */
  xml?: boolean;
  /** SPL's quirk: the first GetXML request of a session comes back as HTML. */
  xmlFirstHtml?: boolean;
  /** required: a search without a known session gets the start page (with a new session). */
  sessions?: 'optional' | 'required';
  latencyMs?: number | [number, number];
  fault?: IpacFault;
  /** Copies per 其它馆址 page. */
  branchPageSize?: number;
  profile?: string;
  port?: number;
  host?: string;
  /** Index codes the site does not offer (simulate.lacks): not in its search form, and a search by one finds nothing. */
  lacking?: readonly string[];
}

export interface IpacSimulator {
  port: number;
  /** http://127.0.0.1:PORT/ipac20/ipac.jsp */
  url: string;
  /** Every request's parameters (decoded in the site charset) and arrival time (performance.now() ms), for tests. */
  readonly requests: { params: [string, string][]; at: number }[];
  /** Most requests ever in progress at once (tests check the client's concurrency cap). */
  readonly peakConcurrency: number;
  setFault(fault: IpacFault): void;
  setLatency(latencyMs: number | [number, number]): void;
  close(): Promise<void>;
}

export const IPAC_PATH = '/ipac20/ipac.jsp';

/** Query string → pairs, percent-escapes read as bytes of the site charset (a GBK site reads GBK). */
function decodeQuery(search: string, charset: string): [string, string][] {
  const decode = (part: string) => {
    const bytes: number[] = [];
    const plus = part.replace(/\+/g, ' ');
    for (let i = 0; i < plus.length; i += 1) {
      const c = plus[i] as string;
      if (c === '%' && /^[0-9a-f]{2}$/i.test(plus.slice(i + 1, i + 3))) {
        bytes.push(parseInt(plus.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(c, 'utf8'));
    }
    return iconv.decode(Buffer.from(bytes), charset);
  };
  return search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const at = p.indexOf('=');
      return at < 0 ? [decode(p), ''] : [decode(p.slice(0, at)), decode(p.slice(at + 1))];
    });
}

/** Header values must be ASCII: other characters go as percent-escaped bytes of the site charset. */
function escapeNonAscii(text: string, charset: string): string {
  let out = '';
  for (const ch of text) out += ch.charCodeAt(0) > 0x7e ? [...iconv.encode(ch, charset)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('') : ch;
  return out;
}

export async function startIpacSimulator(options: IpacSiteOptions = {}): Promise<IpacSimulator> {
  const host = options.host ?? '127.0.0.1';
  const catalogue = options.catalogue ?? loadSimCatalogue();
  const charset = options.charset ?? 'utf-8';
  const profile = options.profile ?? 'sl';
  let fault: IpacFault = options.fault ?? 'none';
  let latency = options.latencyMs ?? 0;
  const sessions = new Map<string, { xmlAnswered: boolean }>();
  let sessionCounter = 0;
  const requests: IpacSimulator['requests'] = [];
  let inFlight = 0;
  let peak = 0;

  const newSession = () => {
    sessionCounter += 1;
    const id = `${14406507 + sessionCounter}U7SC5.${1512 + sessionCounter}`;
    sessions.set(id, { xmlAnswered: false });
    return id;
  };


  function send(res: ServerResponse, status: number, type: 'html' | 'xml', body: string, headers: Record<string, string> = {}): void {
    const wrong = fault === 'wrong-charset';
    const bytes = charset === 'gbk' || wrong ? iconv.encode(body, 'gbk') : Buffer.from(body, 'utf8');
    // A GBK site declares its charset only inside the page (meta / XML declaration), like many old JSP OPACs.
    const declared = wrong ? '; charset=UTF-8' : charset === 'utf-8' ? '; charset=UTF-8' : '';
    const content = fault === 'truncated' ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes;
    res.writeHead(status, { 'Content-Type': `${type === 'xml' ? 'text/xml' : 'text/html'}${declared}`, ...headers }).end(content);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname !== IPAC_PATH) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    const pairs = decodeQuery(url.search, charset);
    requests.push({ params: pairs, at: performance.now() });
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    res.once('close', () => {
      inFlight -= 1;
    });
    if (fault === 'hang') return; // holds the socket until the client gives up
    const wait = Array.isArray(latency) ? latency[0] + Math.random() * (latency[1] - latency[0]) : latency;
    if (wait > 0 && !(await server.delay(wait, req))) return;
    const param = (name: string) => pairs.find(([k]) => k === name)?.[1];
    switch (fault) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'http500':
        send(res, 500, 'html', '<html><body><h1>HTTP Status 500 - Internal Server Error</h1><p>java.lang.NullPointerException</p></body></html>');
        return;
      case 'garbage':
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x3c, 0x00]));
        return;
      case 'rate-limit':
        send(res, 429, 'html', '<html><body>Too many requests</body></html>', { 'Retry-After': '120' });
        return;
      case 'unavailable':
        send(res, 503, 'html', '<html><body>服务器忙，请稍后再试</body></html>', { 'Retry-After': new Date(Date.now() + 300_000).toUTCString() });
        return;
      case 'login':
        if (param('menu') !== 'account') {
          res.writeHead(302, { Location: `${IPAC_PATH}?menu=account&profile=${encodeURIComponent(profile)}` }).end();
          return;
        }
        break;
      default:
        break;
    }

    let session = param('session');
    const known = session !== undefined && sessions.has(session);
    if (!known) session = newSession();
    const state = sessions.get(session as string) as { xmlAnswered: boolean };
    const term = param('term') ?? '';
    const index = param('index') ?? '';
    const html: HtmlContext = { charset, session: session as string, profile, catalogueName: catalogue.name, term, index, ...(options.lacking ? { lacking: options.lacking } : {}) };
    const xmlCtx: XmlContext = { encoding: charset === 'gbk' ? 'GBK' : 'UTF-8', session: session as string, term, index };
    const getXml = /^(?:true|1)$/i.test(param('GetXML') ?? '');
    let xml = getXml && options.xml !== false;
    if (xml && options.xmlFirstHtml && !state.xmlAnswered) {
      state.xmlAnswered = true;
      xml = false;
    }
    const drift = fault === 'layout-drift';

    if (param('menu') === 'account') return send(res, 200, xml ? 'xml' : 'html', xml ? xmlLogin(xmlCtx) : htmlLogin(html));
    const uri = param('uri') ?? '';
    const fullKey = /full=\d+~!([^~]+)~!/.exec(uri)?.[1];
    const wantsCatalogue = fullKey !== undefined || pairs.some(([k]) => k === 'term');
    if (!wantsCatalogue || (options.sessions === 'required' && !known)) return send(res, 200, 'html', htmlStart(html));

    if (fullKey !== undefined) {
      const record = findRecord(catalogue, fullKey);
      if (!record) return send(res, 200, 'html', htmlNoHits(html));
      if (param('view') === 'items') {
        const pageNo = Math.max(1, Number(param('page') ?? '1') || 1);
        return send(res, 200, 'html', htmlBranches(html, record, pageNo, options.branchPageSize ?? 4, drift));
      }
      const ipp = Number(param('ipp') ?? '20') || 20;
      return send(res, 200, xml ? 'xml' : 'html', xml ? xmlFull(xmlCtx, record, { drift, itemsPerPage: ipp }) : htmlFull(html, record, catalogue.mainBranch, { drift, withOtherBranches: true }));
    }

    const criteria: SimCriterion[] = [];
    pairs.forEach(([k, v], i) => {
      if (k !== 'index') return;
      const next = pairs[i + 1];
      if (!next || next[0] !== 'term') return;
      const after = pairs[i + 2];
      const oper = criteria.length === 0 ? undefined : after?.[0] === 'oper' ? after[1] : 'and';
      criteria.push(oper ? { index: v, term: next[1], oper } : { index: v, term: next[1] });
    });
    const hits = criteria.some((c) => options.lacking?.includes(c.index.toUpperCase())) ? [] : searchCatalogue(catalogue, criteria.filter((c) => c.term.trim() !== ''));
    if (hits.length === 0) return send(res, 200, xml ? 'xml' : 'html', xml ? xmlNoHits(xmlCtx) : htmlNoHits(html));
    const only = hits[0];
    if (hits.length === 1 && only) {
      // Exactly one hit: GetXML answers with the full display; the HTML site redirects to it.
      if (xml) return send(res, 200, 'xml', xmlFull(xmlCtx, only, { hits: 1, drift, itemsPerPage: Number(param('ipp') ?? '20') || 20 }));
      const target = `/ipac20/${link(html, [['menu', 'search'], ['index', index], ['term', term], ['uri', `full=3100001~!${only.key}~!1`]])}`;
      res.writeHead(302, { Location: escapeNonAscii(target, charset) }).end();
      return;
    }
    const npp = Math.min(100, Math.max(1, Number(param('npp') ?? '20') || 20));
    const pageNo = Math.max(1, Number(param('page') ?? '1') || 1);
    const rows = hits.slice((pageNo - 1) * npp, pageNo * npp).map((record, i) => ({ record, position: (pageNo - 1) * npp + i + 1 }));
    return send(res, 200, xml ? 'xml' : 'html', xml ? xmlList(xmlCtx, hits.length, pageNo, npp, rows) : htmlList(html, hits.length, pageNo, npp, rows));
  }

  const server = await startSimulatorHttpServer(handle, { host, ...(options.port === undefined ? {} : { port: options.port }) });
  const port = server.port;
  return {
    port,
    url: `http://${host}:${port}${IPAC_PATH}`,
    requests,
    get peakConcurrency() {
      return peak;
    },
    setFault(next) {
      fault = next;
    },
    setLatency(next) {
      latency = next;
    },
    close: () => server.close(),
  };
}
