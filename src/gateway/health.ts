/** Recent answer rate and latency per library, for /api/libraries and the librarian view. */
import type { Diagnostic } from '../diagnostics.ts';
import type { LibraryStatus } from '../fanout/status.ts';

export const HEALTH_WINDOW = 50;
const WINDOW = HEALTH_WINDOW;

export interface HealthSample {
  ok: boolean;
  ms: number;
}

/** Whether a status counts as a sample (suspended and skipped libraries were not asked). */
export function isSample(status: LibraryStatus): boolean {
  return status.state !== 'suspended' && status.state !== 'skipped';
}

/** The library's own answer time: its elapsed time less the gateway's stall meanwhile (what timeouts learn from). */
export function sampleMs(status: LibraryStatus): number {
  return Math.max(0, status.elapsedMs - (status.gatewayStallMs ?? 0));
}

/** The charset-mismatch note a status carries, if any (shown until the next one). */
function charsetNote(status: LibraryStatus): HealthSummary['charsetMismatch'] {
  const charset = status.warnings.find((w) => w.code === 'charset-mismatch' && w.source === 'gateway');
  return charset ? { at: new Date().toISOString(), used: charset.addinfo ?? '?', message: charset.message } : undefined;
}

export function summarizeSamples(list: readonly HealthSample[], lastError?: Diagnostic & { at: string }): HealthSummary {
  const summary: HealthSummary = { searches: list.length };
  if (list.length > 0) {
    summary.answerRate = list.filter((e) => e.ok).length / list.length;
    const sorted = list.map((e) => e.ms).sort((a, b) => a - b);
    summary.medianMs = sorted[Math.floor((sorted.length - 1) / 2)];
  }
  if (lastError) summary.lastError = lastError;
  return summary;
}

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
  private readonly recent = new Map<string, HealthSample[]>();
  private readonly lastErrors = new Map<string, Diagnostic & { at: string }>();
  private readonly charsetMismatches = new Map<string, NonNullable<HealthSummary['charsetMismatch']>>();

  record(status: LibraryStatus): void {
    if (!isSample(status)) return;
    const list = this.recent.get(status.library) ?? [];
    list.push({ ok: status.state === 'ok', ms: sampleMs(status) });
    if (list.length > WINDOW) list.shift();
    this.recent.set(status.library, list);
    if (status.state !== 'ok' && status.diagnostic) this.lastErrors.set(status.library, { ...status.diagnostic, at: new Date().toISOString() });
    const charset = charsetNote(status);
    if (charset) this.charsetMismatches.set(status.library, charset);
  }

  /** Latencies of the recent answered searches, newest first (what the adaptive timeout learns from). */
  latencies(library: string): number[] {
    return (this.recent.get(library) ?? []).filter((s) => s.ok).map((s) => s.ms).reverse();
  }

  summary(library: string): HealthSummary {
    const summary = summarizeSamples(this.recent.get(library) ?? [], this.lastErrors.get(library));
    const charsetMismatch = this.charsetMismatches.get(library);
    if (charsetMismatch) summary.charsetMismatch = charsetMismatch;
    return summary;
  }
}
