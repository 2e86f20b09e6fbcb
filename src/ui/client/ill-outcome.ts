/**
 * A failed ILL step said where the reader is: next to the button they pressed, focused and
 * announced at once (aria-live assertive), in the UI language. The gateway's 502 carries BALIS's
 * own words in English (`detail`); the reader gets a short zh/en reason drawn from it.
 */
import { ApiError } from './api.ts';
import { h } from './dom.ts';
import { t, type StringKey } from './i18n.ts';

/** Why BALIS did not take the request, from the gateway's problem detail (src/ill/routes.ts, adapters/balis-ill/client.ts). */
export function submissionReason(error: unknown): string {
  if (!(error instanceof ApiError)) return t('ill.why.network');
  const detail = error.problem.detail ?? '';
  const http = /\(HTTP (\d{3})\)/.exec(detail);
  if (http) return t('ill.why.http', { code: http[1] ?? '' });
  const known: [RegExp, StringKey][] = [
    [/^no answer from BALIS/, 'ill.why.timeout'],
    [/^cannot reach BALIS/, 'ill.why.unreachable'],
    [/cancelled/, 'ill.why.cancelled'],
    [/without a request number/, 'ill.why.noNumber'],
  ];
  for (const [pattern, key] of known) if (pattern.test(detail)) return t(key);
  return error.status >= 500 ? t('ill.why.server', { code: error.status }) : t('ill.why.other', { code: error.status });
}

export interface OutcomeLine {
  element: HTMLElement;
  show(text: string): void;
  clear(): void;
}

export function outcomeLine(id: string): OutcomeLine {
  const element = h('p', { class: 'outcome error', attrs: { id, 'aria-live': 'assertive', 'aria-atomic': 'true', tabindex: '-1', hidden: true } });
  return {
    element,
    show(text) {
      element.textContent = text;
      element.hidden = false;
      element.focus();
    },
    clear() {
      element.textContent = '';
      element.hidden = true;
    },
  };
}
