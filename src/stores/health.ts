/**
 * The library-health seam: answer samples per library (answered or not, how long), summarized
 * for /api/libraries and the librarian view. Embedded (this process's searches) or Redis (every
 * instance's searches). Recording never fails a search: a lost Redis only loses samples.
 */
import type { LibraryStatus } from '../fanout/status.ts';
import { LibraryHealth, type HealthSummary } from '../gateway/health.ts';

export interface HealthStorage {
  readonly kind: string;
  record(status: LibraryStatus): void;
  summaries(libraries: readonly string[]): Promise<Map<string, HealthSummary>>;
  ready(): boolean;
}

export class EmbeddedHealth implements HealthStorage {
  readonly kind = 'embedded';
  readonly local = new LibraryHealth();

  record(status: LibraryStatus): void {
    this.local.record(status);
  }

  async summaries(libraries: readonly string[]): Promise<Map<string, HealthSummary>> {
    return new Map(libraries.map((id) => [id, this.local.summary(id)]));
  }

  ready(): boolean {
    return true;
  }
}
