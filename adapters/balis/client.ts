/**
 * The union search's two pages over HTTP: the member list (GET) and the search form (POST,
 * values in the page charset). Answers are decoded by their declared charset — GBK on
 * these JSP pages — unless the settings override it; every failure is a TargetError.
 */
import type { Dispatcher } from 'undici';
import { encodeForm } from '../../src/adapter-api/form.ts';
import { declaredCharset, decodeBody, decodeMislabelled, httpCall, type HttpAnswer } from '../../src/adapter-api/http.ts';
import { ensureSuccess, isHtml, whereOf } from '../../src/adapter-api/http-status.ts';
import { TargetError } from '../../src/diagnostics.ts';
import { MemberListError, parseMemberList, type BalisMember } from './members.ts';
import { FORM_FIELDS, type SimpleForm } from './query.ts';
import { UnionResponseError, parseUnionPage, type UnionPage } from './response.ts';
import type { BalisSettings } from './settings.ts';

const SERVICE = 'the BALIS union search';

export interface BalisCall {
  settings: BalisSettings;
  dispatcher: Dispatcher;
  signal: AbortSignal;
  /** The gateway request it serves, sent as X-Request-Id. */
  requestId?: string;
}

function pageUrl(settings: BalisSettings, page: string): string {
  const base = new URL(settings.url);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(page, base).toString();
}

async function send(call: BalisCall, url: string, body?: string): Promise<{ answer: HttpAnswer; text: string; charset: string }> {
  const answer = await httpCall({
    url,
    method: body === undefined ? 'GET' : 'POST',
    dispatcher: call.dispatcher,
    signal: call.signal,
    ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
    requestMs: call.settings.timeouts.requestMs,
    maxBytes: call.settings.maxResponseBytes,
    headers: body === undefined
      ? { accept: 'text/xml, application/xml' }
      : { accept: 'text/xml, application/xml', 'content-type': `application/x-www-form-urlencoded; charset=${call.settings.formCharset.toUpperCase()}` },
    ...(body === undefined ? {} : { body }),
  });
  ensureSuccess(answer, SERVICE);
  if (isHtml(answer)) {
    // The JSP answers an expired session or a maintenance notice with an HTML page.
    throw new TargetError({ source: 'gateway', code: 'not-balis', message: `${SERVICE} answered with an HTML page (login, session or error page?)`, addinfo: whereOf(url) });
  }
  if (call.settings.charset) return { answer, text: decodeBody(answer.body, call.settings.charset), charset: call.settings.charset };
  // No configured charset: the declared one, unless the bytes say it is wrong (GBK pages labelled UTF-8).
  const decoded = decodeMislabelled(answer.body, declaredCharset(answer.headers, answer.body) ?? 'gbk');
  return { answer, text: decoded.text, charset: decoded.charset };
}

export async function fetchMembers(call: BalisCall): Promise<BalisMember[]> {
  const url = pageUrl(call.settings, call.settings.pages.members);
  const { text } = await send(call, url);
  try {
    return parseMemberList(text);
  } catch (error) {
    if (error instanceof MemberListError) throw new TargetError({ source: 'gateway', code: 'bad-member-list', message: `${SERVICE}: ${error.message}`, addinfo: whereOf(url) });
    throw error;
  }
}

export interface SearchForm {
  form: SimpleForm;
  codes: readonly string[];
  page: number;
}

/** The form the page posts: the four boxes (empty ones too, as a browser sends them), one `libs` per ticked member. */
function searchBody(settings: BalisSettings, request: SearchForm): string {
  const pairs: [string, string][] = [['searchType', 'simple']];
  for (const field of FORM_FIELDS) pairs.push([field, request.form[field] ?? '']);
  for (const code of request.codes) pairs.push(['libs', code]);
  pairs.push(['page', String(request.page)], ['pageSize', String(settings.pageSize)], ['format', 'xml']);
  return encodeForm(pairs, settings.formCharset);
}

export async function searchUnion(call: BalisCall, request: SearchForm): Promise<UnionPage & { charset: string }> {
  const url = pageUrl(call.settings, call.settings.pages.search);
  const { text, charset } = await send(call, url, searchBody(call.settings, request));
  try {
    return { ...parseUnionPage(text), charset };
  } catch (error) {
    if (error instanceof UnionResponseError) throw new TargetError({ source: 'gateway', code: 'bad-union-page', message: `${SERVICE}: ${error.message}`, addinfo: whereOf(url) });
    throw error;
  }
}

/** The 简单检索 page (capability discovery reads its 检索字段 options): decoded HTML. */
export async function fetchSearchPage(call: BalisCall): Promise<string> {
  const url = pageUrl(call.settings, call.settings.pages.form);
  const answer = await httpCall({ url, dispatcher: call.dispatcher, signal: call.signal, requestMs: call.settings.timeouts.requestMs, maxBytes: call.settings.maxResponseBytes, headers: { accept: 'text/html' } });
  ensureSuccess(answer, SERVICE);
  return decodeMislabelled(answer.body, call.settings.charset ?? declaredCharset(answer.headers, answer.body) ?? 'gbk').text;
}
