/**
 * What became of each library in a search, in the reader's words: a short zh/en reason from
 * the diagnostic's source and code (never its message, which can carry internal addresses),
 * and the counts that tell "nothing found" apart from "nobody answered".
 */
import type { Library, LibraryStatus, SkipNotice } from './api.ts';
import { bilingual, lang, t } from './i18n.ts';

const FORMAT = new Set(['bad-xml', 'not-xml', 'not-sru', 'not-jpcat', 'layout-changed', 'unreadable-record', 'not-marc', 'empty-record']);
const TIMEOUT = new Set(['timeout', 'deadline', 'connect-timeout', 'headers-timeout', 'body-timeout']);
const TOO_LARGE = new Set(['response-too-large', 'html-limit']);
const CANCELLED = new Set(['cancelled', 'aborted']);

/** A short reason for a library that did not answer; '' for one that did. */
export function reasonText(status: LibraryStatus | undefined, library?: Library): string {
  if (!status || status.state === 'ok') return '';
  if (status.state === 'suspended') return library?.service.notice ? bilingual(library.service.notice) : t('state.suspended');
  if (status.state === 'skipped') return status.skip ? skipText(status.skip) : t('reason.cancelled');
  const d = status.diagnostic;
  if (!d) return status.state === 'timeout' ? t('reason.timeout') : t('reason.other', { code: '—' });
  if (TIMEOUT.has(d.code) || status.state === 'timeout') return t('reason.timeout');
  if (CANCELLED.has(d.code)) return t('reason.cancelled');
  if (d.source === 'http') {
    const http = Number(d.code);
    if (http === 429) return t('reason.rateLimited');
    if (http >= 500) return t('reason.http5xx', { code: http });
    if (http >= 400) return t('reason.http4xx', { code: http });
    return t('reason.connect');
  }
  if (d.source === 'srw') return t('reason.srw', { code: d.code });
  if (d.source === 'bib1') return t('reason.bib1', { code: d.code });
  if (FORMAT.has(d.code)) return t('reason.format');
  if (TOO_LARGE.has(d.code)) return t('reason.tooLarge');
  if (d.code === 'rate-limited') return t('reason.rateLimited');
  if (d.code === 'login-required') return t('reason.login');
  if (d.code === 'unsupported-query') return t('reason.unsupported');
  return t('reason.other', { code: d.code });
}

export interface OutcomeCounts {
  /** Libraries that answered, with or without hits. */
  answered: number;
  timeout: number;
  error: number;
}

/** Suspended libraries are never asked and stopped ones were let go: neither counts as a failure. */
export function outcomeCounts(statuses: Iterable<{ state: string }>): OutcomeCounts {
  const counts: OutcomeCounts = { answered: 0, timeout: 0, error: 0 };
  for (const { state } of statuses) {
    if (state === 'ok') counts.answered++;
    else if (state === 'timeout') counts.timeout++;
    else if (state === 'error') counts.error++;
  }
  return counts;
}

/** Every library asked failed: the page must not say "nothing found". */
export function noneAnswered(counts: OutcomeCounts): boolean {
  return counts.answered === 0 && counts.timeout + counts.error > 0;
}

/** "3 个超时，2 个出错" — only the parts that are not zero. */
export function failureParts(counts: OutcomeCounts): string {
  const parts: string[] = [];
  if (counts.timeout > 0) parts.push(t('outcome.timeouts', { n: counts.timeout }));
  if (counts.error > 0) parts.push(t('outcome.errors', { n: counts.error }));
  return parts.join(t('outcome.separator'));
}

/** An open breaker's times in the reader's own clock; other skips as the gateway worded them. */
export function skipText(skip: SkipNotice): string {
  if (skip.code === 'unavailable' && skip.since && skip.retryAt) {
    const hm = (iso: string) => new Date(iso).toLocaleTimeString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
    return t('state.unavailable', { since: hm(skip.since), failures: skip.failures ?? 0, retry: hm(skip.retryAt) });
  }
  return lang() === 'zh' ? skip.zh : skip.en;
}
