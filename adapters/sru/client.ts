/**
 * One SRU searchRetrieve round trip: builds the request for the library's version,
 * sends it through the pooled dispatcher, and turns every kind of failure (HTTP status,
 * HTML login page, bad or truncated XML, fatal diagnostic) into a TargetError.
 */
import type { Dispatcher } from 'undici';
import { declaredCharset, decodeMislabelled, httpCall } from '../../src/adapter-api/http.ts';
import { ensureSuccess } from '../../src/adapter-api/http-status.ts';
import { resolveCredentials } from '../../src/adapter-api/settings.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { SruParseError, parseSruResponse, type SruResponse } from './response.ts';
import { parseSruExplain, type SruExplain } from './explain.ts';
import type { SruSettings } from './settings.ts';
import { textCodec } from '../../src/adapter-api/text-codec.ts';
import type { Charset } from '../../src/adapter-api/settings.ts';

export interface SruPageRequest {
  cql: string;
  startRecord: number;
  maximumRecords: number;
  signal: AbortSignal;
  /** The gateway request it serves, sent as X-Request-Id. */
  requestId?: string;
}

export function requestParams(settings: SruSettings, page: Omit<SruPageRequest, 'signal' | 'requestId'>, env: Record<string, string | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  // SRU 2.0 makes operation and version optional; servers (YAZ) still accept both, so always send them.
  params.set('operation', 'searchRetrieve');
  params.set('version', settings.version);
  params.set('query', page.cql);
  params.set('startRecord', String(page.startRecord));
  // Zebra and others default maximumRecords to 0 (count only): always send it.
  params.set('maximumRecords', String(page.maximumRecords));
  params.set('recordSchema', settings.recordSchema);
  if (settings.version === '2.0') params.set('recordXMLEscaping', settings.recordPacking);
  else params.set('recordPacking', settings.recordPacking);
  accessParams(params, settings, env);
  return params;
}

export async function fetchSruPage(
  settings: SruSettings,
  dispatcher: Dispatcher,
  page: SruPageRequest,
  env: Record<string, string | undefined>,
): Promise<SruResponse> {
  const { text, where } = await sruCall(settings, dispatcher, requestParams(settings, page, env), page.signal, page.requestId);
  try {
    return parseSruResponse(text);
  } catch (error) {
    if (error instanceof SruParseError) {
      throw new TargetError({ source: 'gateway', code: 'bad-xml', message: `unreadable SRU response: ${error.message}`, addinfo: where });
    }
    throw error;
  }
}

/** Credentials and the server's extra parameters, on every request. */
function accessParams(params: URLSearchParams, settings: SruSettings, env: Record<string, string | undefined>): void {
  const credentials = resolveCredentials(settings.credentials, env);
  if (credentials) {
    params.set('x-username', credentials.user);
    if (credentials.password !== undefined) params.set('x-password', credentials.password);
  }
  for (const [key, value] of Object.entries(settings.extraParams ?? {})) params.set(key, value);
}

/** The explain operation (capability discovery): the server's ZeeRex record, read by explain.ts. */
export async function fetchSruExplain(settings: SruSettings, dispatcher: Dispatcher, signal: AbortSignal, env: Record<string, string | undefined>): Promise<SruExplain> {
  const params = new URLSearchParams({ operation: 'explain', version: settings.version });
  params.set(settings.version === '2.0' ? 'recordXMLEscaping' : 'recordPacking', 'xml');
  accessParams(params, settings, env);
  const { text, where } = await sruCall(settings, dispatcher, params, signal);
  try {
    return parseSruExplain(text);
  } catch (error) {
    if (error instanceof SruParseError) throw new TargetError({ source: 'gateway', code: 'bad-xml', message: `unreadable SRU explain: ${error.message}`, addinfo: where });
    throw error;
  }
}

/** One SRU request (GET or POST as configured), its failures as TargetErrors; the decoded body and where it went. */
async function sruCall(settings: SruSettings, dispatcher: Dispatcher, params: URLSearchParams, signal: AbortSignal, requestId?: string): Promise<{ text: string; where: string }> {
  const base = new URL(settings.url);
  const isPost = settings.method === 'POST';
  const queryCharset = settings.queryCharset ?? settings.charset ?? 'utf-8';
  const form = formEncode(params, queryCharset);
  if (!isPost) base.search = base.search ? `${base.search}&${form}` : form;
  const answer = await httpCall({
    url: base.toString(),
    method: settings.method,
    dispatcher,
    signal,
    ...(requestId === undefined ? {} : { requestId }),
    requestMs: settings.timeouts.requestMs,
    maxBytes: settings.maxResponseBytes,
    headers: isPost ? { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/xml, application/xml' } : { accept: 'text/xml, application/xml' },
    ...(isPost ? { body: form } : {}),
  });
  // Where it went, for errors: scheme, host and path only (credentials and x-username/x-password never).
  const where = `${base.origin}${base.pathname}`;
  // A 429 keeps its Retry-After (the retry-after interceptor and the librarian read it).
  if (answer.status === 429) ensureSuccess(answer, 'the SRU server');
  if (answer.status < 200 || answer.status > 299) {
    const snippet = answer.body.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ').trim();
    throw new TargetError({ source: 'http', code: String(answer.status), message: `HTTP ${answer.status} from the SRU server`, addinfo: `${where} ${snippet}`.trim() });
  }
  // A configured record charset wins over what the response declares (servers that embed GBK records in a "UTF-8" envelope).
  const recordCharset = settings.recordCharset ?? settings.charset;
  const text = recordCharset ? textCodec(recordCharset).decode(answer.body) : decodeMislabelled(answer.body, declaredCharset(answer.headers, answer.body)).text;
  const contentType = String(answer.headers['content-type'] ?? '');
  if (/html/i.test(contentType) || /^\s*(<!doctype html|<html)/i.test(text)) {
    throw new TargetError({ source: 'gateway', code: 'not-sru', message: 'the server answered with an HTML page, not SRU XML (login page or error page?)', addinfo: where });
  }
  return { text, where };
}

/** Never put credentials into diagnostics. */
/**
 * application/x-www-form-urlencoded in the server's query charset: SRU says UTF-8, but some
 * servers read the percent-encoded bytes in their local charset.
 */
function formEncode(params: URLSearchParams, charset: Charset): string {
  if (charset === 'utf-8') return params.toString();
  const codec = textCodec(charset);
  const encode = (text: string): string => {
    const bad = codec.unwritable(text);
    if (bad !== undefined) {
      const code = `U+${(bad.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
      throw new TargetError({ source: 'gateway', code: 'query-charset', message: `the character "${bad}" (${code}) cannot be written in the target charset ${charset}` });
    }
    let out = '';
    for (const byte of codec.encode(text)) {
      const ch = String.fromCharCode(byte);
      out += /[A-Za-z0-9*\-._]/.test(ch) ? ch : byte === 0x20 ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  };
  return [...params].map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
}

