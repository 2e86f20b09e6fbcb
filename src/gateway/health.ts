/** Recent answer rate and latency per library, for /api/libraries and the librarian view. */
import type { Diagnostic } from '../diagnostics.ts';
import type { LibraryStatus } from '../fanout/status.ts';

const WINDOW = 50;

export interface HealthSummary {
  searches: number;
  /** Share of recent searches answered (state ok), 0..1; undefined before the first search. */
  answerRate?: number;
  medianMs?: number;
  lastError?: Diagnostic & { at: string };
  /** The last time records failed their charset check: which charset(s) decoded them. */
  charsetMismatch?: { at: string; used: string; message: string };
}

export class LibraryHealth {
  private readonly recent = new Map<string, { ok: boolean; ms: number }[]>();
  private readonly lastErrors = new Map<string, Diagnostic & { at: string }>();
  private readonly charsetMismatches = new Map<string, NonNullable<HealthSummary['charsetMismatch']>>();

  record(status: LibraryStatus): void {
    if (status.state === 'suspended' || status.state === 'skipped') return;
    const list = this.recent.get(status.library) ?? [];
    list.push({ ok: status.state === 'ok', ms: status.elapsedMs });
    if (list.length > WINDOW) list.shift();
    this.recent.set(status.library, list);
    if (status.state !== 'ok' && status.diagnostic) this.lastErrors.set(status.library, { ...status.diagnostic, at: new Date().toISOString() });
    const charset = status.warnings.find((w) => w.code === 'charset-mismatch' && w.source === 'gateway');
    if (charset) this.charsetMismatches.set(status.library, { at: new Date().toISOString(), used: charset.addinfo ?? '?', message: charset.message });
  }

  summary(library: string): HealthSummary {
    const list = this.recent.get(library) ?? [];
    const summary: HealthSummary = { searches: list.length };
    if (list.length > 0) {
      summary.answerRate = list.filter((e) => e.ok).length / list.length;
      const sorted = list.map((e) => e.ms).sort((a, b) => a - b);
      summary.medianMs = sorted[Math.floor((sorted.length - 1) / 2)];
    }
    const lastError = this.lastErrors.get(library);
    if (lastError) summary.lastError = lastError;
    const charsetMismatch = this.charsetMismatches.get(library);
    if (charsetMismatch) summary.charsetMismatch = charsetMismatch;
    return summary;
  }
}
