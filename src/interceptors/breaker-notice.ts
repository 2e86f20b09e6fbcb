/** The words of an open breaker on a library's status: since when, how many failures, when it is retried. */
import type { SkipNotice } from '../diagnostics.ts';

/** HH:MM in the server's time zone (the UI shows the ISO times in the reader's own). */
function clock(iso: string): string {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

export function unavailableNotice(since: string, failures: number, retryAt: string): Extract<SkipNotice, { code: 'unavailable' }> {
  return {
    code: 'unavailable',
    since,
    failures,
    retryAt,
    en: `skipped: unavailable since ${clock(since)} (${failures} failure${failures === 1 ? '' : 's'}), retrying at ${clock(retryAt)}`,
    zh: `已跳过：自 ${clock(since)} 起不可用（连续失败 ${failures} 次），${clock(retryAt)} 重试`,
  };
}
