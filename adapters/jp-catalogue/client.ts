/**
 * The two round trips of one page: the search (→ hit count, ids, export link) and the
 * export of those ids as ISO 2709. Every failure — HTTP status, HTML where XML or MARC was
 * expected, an unreadable envelope, the catalogue's own error — becomes a TargetError.
 */
import type { Dispatcher } from 'undici';
import { declaredCharset, decodeBody, httpCall, type HttpAnswer } from '../../src/adapter-api/http.ts';
import { ensureSuccess, isHtml, whereOf } from '../../src/adapter-api/http-status.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { EnvelopeError, parseEnvelope, type JpEnvelope } from './envelope.ts';
import { searchQueryString, type JpCriterion } from './query.ts';
import type { JpCatalogueSettings } from './settings.ts';

const SERVICE = 'the Japanese catalogue';

export interface JpCall {
  settings: JpCatalogueSettings;
  dispatcher: Dispatcher;
  signal: AbortSignal;
  /** The gateway request it serves, sent as X-Request-Id. */
  requestId?: string;
}

async function get(call: JpCall, url: string, accept: string): Promise<HttpAnswer> {
  const answer = await httpCall({
    url,
    dispatcher: call.dispatcher,
    signal: call.signal,
    ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
    requestMs: call.settings.timeouts.requestMs,
    maxBytes: call.settings.maxResponseBytes,
    headers: { accept },
  });
  ensureSuccess(answer, SERVICE);
  if (isHtml(answer)) {
    throw new TargetError({ source: 'gateway', code: 'not-jpcat', message: `${SERVICE} answered with an HTML page (login or error page?)`, addinfo: whereOf(url) });
  }
  return answer;
}

/** Base URL as a directory, so relative paths resolve inside it (…/jpcat → …/jpcat/search). */
function base(settings: JpCatalogueSettings): URL {
  const url = new URL(settings.url);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

export async function searchPage(call: JpCall, criteria: readonly JpCriterion[], start: number, rows: number): Promise<JpEnvelope> {
  const url = new URL('search', base(call.settings));
  url.search = searchQueryString(criteria, start, rows, call.settings.queryCharset);
  const answer = await get(call, url.toString(), 'application/xml, text/xml');
  try {
    return parseEnvelope(decodeBody(answer.body, declaredCharset(answer.headers, answer.body)));
  } catch (error) {
    if (!(error instanceof EnvelopeError)) throw error;
    const code = error.fromTarget ? `jpcat-${error.code}` : error.code;
    throw new TargetError({ source: 'gateway', code, message: `${SERVICE}: ${error.message}`, addinfo: whereOf(url.toString()) });
  }
}

export interface ExportBody {
  body: Buffer;
  /** The charset label the HTTP answer declares, if any. */
  label?: string;
}

export async function fetchExport(call: JpCall, href: string): Promise<ExportBody> {
  const url = new URL(href, base(call.settings));
  const answer = await get(call, url.toString(), 'application/marc');
  const type = answer.headers['content-type'];
  const typeText = Array.isArray(type) ? type[0] : type;
  const label = typeText?.match(/charset\s*=\s*"?([\w.:-]+)/i)?.[1]?.toLowerCase();
  return label ? { body: answer.body, label } : { body: answer.body };
}

/** The search page at the base URL (capability discovery reads its form): decoded HTML. */
export async function searchFormPage(call: JpCall): Promise<string> {
  const url = base(call.settings).toString();
  const answer = await httpCall({
    url,
    dispatcher: call.dispatcher,
    signal: call.signal,
    requestMs: call.settings.timeouts.requestMs,
    maxBytes: call.settings.maxResponseBytes,
    headers: { accept: 'text/html' },
  });
  ensureSuccess(answer, SERVICE);
  return decodeBody(answer.body, declaredCharset(answer.headers, answer.body) ?? 'utf-8');
}
