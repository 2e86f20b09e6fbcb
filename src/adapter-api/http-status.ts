/**
 * HTTP answers that are not a success, as TargetErrors: the status code is kept, a 429's
 * Retry-After is read (delta-seconds or HTTP-date, RFC 9110 §10.2.3) so a librarian sees
 * when the target will take requests again, and an HTML page where data was expected
 * (login form, error page) is named as such.
 */
import { TargetError } from '../diagnostics.ts';
import type { HttpAnswer } from './http.ts';

function header(answer: HttpAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Seconds to wait from a Retry-After value, or undefined when it is unreadable. */
function retryAfterSeconds(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Where the request went, without its query string (terms, session ids). */
export function whereOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

export function ensureSuccess(answer: HttpAnswer, service: string): void {
  if (answer.status >= 200 && answer.status <= 299) return;
  const where = whereOf(answer.url);
  if (answer.status === 429) {
    const raw = header(answer, 'retry-after');
    const seconds = retryAfterSeconds(raw);
    const message = `${service} is limiting requests (HTTP 429)${seconds === undefined ? '' : `; retry after ${seconds} s`}`;
    throw new TargetError({ source: 'http', code: '429', message, addinfo: raw === undefined ? where : `${where} Retry-After: ${raw}` }, 'error', seconds === undefined ? undefined : { retryAfterSeconds: seconds });
  }
  const snippet = answer.body.subarray(0, 200).toString('latin1').replace(/\s+/g, ' ').trim();
  throw new TargetError({ source: 'http', code: String(answer.status), message: `HTTP ${answer.status} from ${service}`, addinfo: `${where} ${snippet}`.trim() });
}

/** An HTML page where XML or MARC was expected. */
export function isHtml(answer: HttpAnswer): boolean {
  const type = header(answer, 'content-type') ?? '';
  return /html/i.test(type) || /^\s*(<!doctype html|<html)/i.test(answer.body.subarray(0, 256).toString('latin1'));
}
