/**
 * Who gets a session: at most maxSessions open, at most sessionsPerIpPerMinute new ones per
 * client address (sliding one-minute window). A refused client still gets a proper Init
 * refusal (Bib-1 1018, or 1015-like wording for the rate) rather than a silent reset.
 */
import type { ZDiagnostic } from '../z3950/apdu/diag.ts';
import { Bib1Error } from './bib1-error.ts';

const WINDOW_MS = 60_000;

export class Admission {
  private open = 0;
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly limits: { maxSessions: number; sessionsPerIpPerMinute: number },
    private readonly now: () => number = Date.now,
  ) {}

  get sessions(): number {
    return this.open;
  }

  /** Counts a new connection; returns the diagnostic to refuse it with, if any. Call release() when it ends. */
  admit(address: string): ZDiagnostic | undefined {
    const t = this.now();
    const times = (this.recent.get(address) ?? []).filter((x) => t - x < WINDOW_MS);
    times.push(t);
    this.recent.set(address, times);
    if (this.recent.size > 10_000) this.prune(t);
    this.open += 1;
    if (this.open > this.limits.maxSessions) return new Bib1Error(1018, `at most ${this.limits.maxSessions} sessions`).diagnostic;
    if (times.length > this.limits.sessionsPerIpPerMinute) {
      return new Bib1Error(1018, `more than ${this.limits.sessionsPerIpPerMinute} sessions per minute from ${address}`).diagnostic;
    }
    return undefined;
  }

  release(): void {
    this.open = Math.max(0, this.open - 1);
  }

  private prune(t: number): void {
    for (const [address, times] of this.recent) if (times.every((x) => t - x >= WINDOW_MS)) this.recent.delete(address);
  }
}
