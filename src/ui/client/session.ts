/**
 * One search from the reader's point of view: the stream while libraries answer (clusters
 * ordered by score, as the gateway ranks them), then pages of the finished result set.
 */
import { api, type Cluster, type LibraryProgress, type LibraryStatus, type ResultPage } from './api.ts';
import { toViewParams, type ViewState } from './query-state.ts';
import { streamSearch, type RunningSearch } from './stream.ts';
import { narrowScreen } from './narrow-screen.ts';

/** Works per page: fewer on a phone, where each is a card (the reader asks for more). */
const worksPerPage = () => (narrowScreen() ? 8 : 20);

export type Phase = 'streaming' | 'done' | 'stopped' | 'failed';

export interface SessionEvents {
  started(libraries: string[], warnings: string[]): void;
  library(status: LibraryStatus): void;
  progress(progress: LibraryProgress): void;
  /** The clusters to show now, and how many merged works exist so far. */
  list(clusters: Cluster[], total: number): void;
  finished(page: ResultPage, elapsedMs: number): void;
  failed(detail: string): void;
}

const byScore = (a: Cluster, b: Cluster) => (b.score ?? 0) - (a.score ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class SearchSession {
  phase: Phase = 'streaming';
  resultSetId: string | undefined;
  page: ResultPage | undefined;
  private readonly streamed = new Map<string, Cluster>();
  private loaded: Cluster[] = [];
  private readonly pageSize = worksPerPage();
  private visible = this.pageSize;
  private readonly running: RunningSearch;
  private gotEvents = false;

  constructor(params: URLSearchParams, private view: ViewState, private readonly on: SessionEvents) {
    this.running = streamSearch(params, {
      start: (ids, warnings) => {
        this.gotEvents = true;
        // A reconnected stream starts over: its clusters replace the ones streamed before.
        this.streamed.clear();
        on.started(ids, warnings);
      },
      library: (status) => on.library(status),
      progress: (p) => on.progress(p),
      clusters: (changed, removed, total) => {
        for (const id of removed) this.streamed.delete(id);
        for (const c of changed) this.streamed.set(c.id, c);
        if (this.phase === 'streaming') on.list(this.streamedOrder(), total);
      },
      done: (info) => void this.finish(info.resultSetId, info.elapsedMs),
      failed: (detail) => void this.fail(detail, params),
    });
  }

  private streamedOrder(): Cluster[] {
    return [...this.streamed.values()].sort(byScore).slice(0, this.visible);
  }

  get streamedCount(): number {
    return this.streamed.size;
  }

  private async finish(resultSetId: string, elapsedMs: number): Promise<void> {
    this.resultSetId = resultSetId;
    try {
      await this.fetchPage(0, Math.max(this.pageSize, this.visible));
      this.phase = 'done';
      this.on.finished(this.page!, elapsedMs);
    } catch (error) {
      this.phase = 'failed';
      this.on.failed(error instanceof Error ? error.message : String(error));
    }
  }

  private async fail(detail: string, params: URLSearchParams): Promise<void> {
    this.phase = 'failed';
    if (this.gotEvents) return this.on.failed(detail);
    // EventSource hides the HTTP answer; a refused search (400) is fetched once more to read why.
    const controller = new AbortController();
    try {
      const res = await fetch(`/api/search/stream?${params.toString()}`, { signal: controller.signal });
      if (!res.ok) {
        const problem = (await res.json()) as { detail?: string };
        return this.on.failed(problem.detail ?? `HTTP ${res.status}`);
      }
      controller.abort();
    } catch {
      // Network down: the original detail says enough.
    }
    this.on.failed(detail);
  }

  private async fetchPage(offset: number, limit: number): Promise<void> {
    const page = await api.results(this.resultSetId!, toViewParams(this.view, offset, limit));
    this.page = page;
    this.loaded = offset === 0 ? page.clusters : [...this.loaded, ...page.clusters];
  }

  /** Clusters shown and how many there are in all (merged works, after the filters). */
  get shown(): { clusters: Cluster[]; total: number } {
    if (this.phase === 'done' && this.page) return { clusters: this.loaded, total: this.page.total };
    return { clusters: this.streamedOrder(), total: this.streamed.size };
  }

  async more(): Promise<void> {
    if (this.phase === 'done' && this.page) await this.fetchPage(this.loaded.length, this.pageSize);
    else this.visible += this.pageSize;
  }

  async setView(view: ViewState): Promise<void> {
    this.view = view;
    if (this.phase === 'done') await this.fetchPage(0, this.pageSize);
  }

  stop(): void {
    if (this.phase !== 'streaming') return;
    this.running.stop();
    this.phase = 'stopped';
  }
}
