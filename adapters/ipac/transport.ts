/**
 * Every request to one iPac OPAC goes through here: the library's token bucket and
 * concurrency cap (shared by all its searches), redirects followed by hand so a bounce
 * to a login page is seen, HTTP refusals turned into TargetErrors (429/503 keep the
 * Retry-After time), and the body decoded in the charset the page declares, with a
 * second opinion when the declaration is visibly wrong.
 */
import pLimit from 'p-limit';
import type { Dispatcher } from 'undici';
import { declaredCharset, decodeBody, httpCall, type HttpAnswer } from '../../src/adapter-api/http.ts';
import { TargetError, type Diagnostic } from '../../src/diagnostics.ts';
import type { ConcurrencyLimiter, LimiterFactory, RateLimiter } from '../../src/adapter-api/limits.ts';
import { TokenBucket } from '../../src/interceptors/token-bucket.ts';
import type { IpacSettings } from './settings.ts';

export interface FetchedPage {
  /** URL of the page finally answered (after redirects). */
  url: string;
  text: string;
  charset: string;
  /** A GetXML answer (an XML declaration or <searchresponse>), not an HTML page. */
  xml: boolean;
  warnings: Diagnostic[];
}

const MAX_REDIRECTS = 3;
const LOGIN_URL = /login|logon|signon|menu=account|auth/i;

/** Retry-After in either form (delta-seconds or HTTP-date), as seconds from now and the moment itself. */
function retryAfter(value: string | undefined, now: number): { seconds: number; at: Date } | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return { seconds: Number(value), at: new Date(now + Number(value) * 1000) };
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : { seconds: Math.max(0, Math.round((at - now) / 1000)), at: new Date(at) };
}

function header(answer: HttpAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function refusal(answer: HttpAnswer, where: string, now: number): TargetError {
  const retry = retryAfter(header(answer, 'retry-after'), now);
  const what = answer.status === 429 ? 'the OPAC is limiting our request rate' : 'the OPAC is temporarily unavailable';
  const when = retry?.at.toISOString();
  const message = retry === undefined ? `${what} (HTTP ${answer.status})` : `${what} (HTTP ${answer.status}); retry after ${retry.seconds} s (${when})`;
  return new TargetError({ source: 'http', code: String(answer.status), message, addinfo: when ? `retry-after=${when} ${where}` : where }, 'error', retry === undefined ? undefined : { retryAfterSeconds: retry.seconds });
}

const REPLACEMENT = /\uFFFD/g;

/** Decodes in the declared charset; a page that is clearly in the other Chinese charset is read in that one, with a warning. */
function decodePage(body: Buffer, declared: string | undefined, fallback: string, where: string): { text: string; charset: string; warnings: Diagnostic[] } {
  const charset = declared ?? fallback;
  const text = decodeBody(body, charset);
  const bad = text.match(REPLACEMENT)?.length ?? 0;
  if (bad === 0) return { text, charset, warnings: [] };
  const other = /^utf-?8$/i.test(charset) ? 'gb18030' : 'utf-8';
  const retried = decodeBody(body, other);
  if (!retried.includes('\uFFFD')) {
    return {
      text: retried,
      charset: other,
      warnings: [{ source: 'gateway', code: 'charset-mismatch', message: `the page declares ${charset} but is written in ${other}; read as ${other}`, addinfo: where }],
    };
  }
  // A stray broken character is tolerable; a page that is mostly broken is not.
  if (bad > 8 && bad / Math.max(1, text.length) > 0.01) {
    throw new TargetError({ source: 'gateway', code: 'bad-charset', message: `the page is not readable as ${charset} (${bad} undecodable characters)`, addinfo: where });
  }
  return { text, charset, warnings: [{ source: 'gateway', code: 'charset-errors', message: `${bad} undecodable character(s) in a ${charset} page`, addinfo: where }] };
}

export class IpacTransport {
  private readonly bucket: RateLimiter;
  private readonly limit: ConcurrencyLimiter;
  /** Learned from the pages: the charset the site writes, which is also how it reads our URLs. */
  charset: string;

  constructor(
    private readonly settings: IpacSettings,
    private readonly dispatcher: Dispatcher,
    private readonly now: () => number = Date.now,
    /** Shared limits (every gateway instance draws on them) keyed by library; absent = this process's own. */
    shared?: { limits: LimiterFactory; library: string },
  ) {
    const { requestsPerSecond, burst, concurrency } = settings.politeness;
    if (shared) {
      this.bucket = shared.limits.rate(shared.library, { ratePerSecond: requestsPerSecond, burst });
      this.limit = shared.limits.concurrency(shared.library, concurrency);
    } else {
      this.bucket = new TokenBucket({ ratePerSecond: requestsPerSecond, burst });
      const local = pLimit(concurrency);
      this.limit = { run: (_signal, task) => local(task) };
    }
    this.charset = settings.charset;
  }

  /** `requestId`: the gateway request the page serves, sent as X-Request-Id. */
  get(url: string, signal: AbortSignal, requestId?: string): Promise<FetchedPage> {
    return this.limit.run(signal, () => this.fetch(url, signal, 0, requestId));
  }

  private async fetch(url: string, signal: AbortSignal, hops: number, requestId: string | undefined): Promise<FetchedPage> {
    await this.bucket.take(signal).catch((reason: unknown) => {
      throw new TargetError({ source: 'gateway', code: 'aborted', message: 'request aborted while waiting for the rate limit', addinfo: url }, 'timeout', { cause: reason });
    });
    const answer = await httpCall({
      url,
      dispatcher: this.dispatcher,
      signal,
      ...(requestId === undefined ? {} : { requestId }),
      requestMs: this.settings.timeouts.requestMs,
      maxBytes: this.settings.maxResponseBytes,
      headers: { accept: 'text/xml, application/xml, text/html;q=0.9', 'accept-language': 'zh-CN, zh;q=0.9' },
    });
    const where = url;
    if (answer.status >= 300 && answer.status < 400) {
      const location = header(answer, 'location');
      if (!location) throw new TargetError({ source: 'http', code: String(answer.status), message: `HTTP ${answer.status} redirect without a Location`, addinfo: where });
      const next = new URL(location, url);
      if (LOGIN_URL.test(next.pathname + next.search)) {
        throw new TargetError({ source: 'gateway', code: 'login-required', message: 'the OPAC redirected the search to a login page', addinfo: next.toString() });
      }
      if (next.origin !== new URL(url).origin || hops >= MAX_REDIRECTS) {
        throw new TargetError({ source: 'http', code: String(answer.status), message: hops >= MAX_REDIRECTS ? 'too many redirects' : `redirected away from the OPAC to ${next.origin}`, addinfo: next.toString() });
      }
      return this.fetch(next.toString(), signal, hops + 1, requestId);
    }
    if (answer.status === 429 || answer.status === 503) throw refusal(answer, where, this.now());
    if (answer.status < 200 || answer.status > 299) {
      const snippet = answer.body.subarray(0, 160).toString('latin1').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
      throw new TargetError({ source: 'http', code: String(answer.status), message: `HTTP ${answer.status} from the OPAC`, addinfo: `${where} ${snippet}`.trim() });
    }
    const decoded = decodePage(answer.body, declaredCharset(answer.headers, answer.body), this.charset, where);
    this.charset = /^gb/i.test(decoded.charset) ? 'gbk' : decoded.charset === 'utf-8' ? 'utf-8' : this.charset;
    const head = decoded.text.slice(0, 400).replace(/^\uFEFF/, '').trimStart();
    const xml = /^<\?xml/i.test(head) ? !/<html/i.test(head) : /^<(?:searchresponse|patronpersonalresponse)\b/i.test(head);
    return { url, text: decoded.text, charset: decoded.charset, xml, warnings: decoded.warnings };
  }
}
