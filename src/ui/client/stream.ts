/**
 * One streamed search over /api/search/stream (Server-Sent Events). Closing the
 * EventSource is the "stop waiting": the server aborts the search when the client goes away.
 */
import type { Cluster, LibraryProgress, LibraryStatus } from './api.ts';
import { t } from './i18n.ts';

const MAX_RECONNECTS = 1;

export interface StreamHandlers {
  /** Also after a reconnect, when the stream starts over: what was streamed so far is replaced. `warnings`: what the gateway says about the search as sent (a wrong ISBN check digit), in the UI language. */
  start(libraries: string[], warnings: string[]): void;
  library(status: LibraryStatus, records: number): void;
  /** A library's live state before it settles (queued, connecting, searching, fetching n/N). */
  progress(progress: LibraryProgress): void;
  clusters(changed: Cluster[], removed: string[], total: number): void;
  done(info: { resultSetId: string; total: number; elapsedMs: number; fromCache: boolean }): void;
  failed(detail: string): void;
}

export interface RunningSearch {
  stop(): void;
  readonly finished: boolean;
}

export function streamSearch(params: URLSearchParams, on: StreamHandlers): RunningSearch {
  const source = new EventSource(`/api/search/stream?${params.toString()}`);
  let finished = false;
  const finish = () => {
    finished = true;
    source.close();
  };
  const listen = <T>(name: string, handle: (data: T) => void) =>
    source.addEventListener(name, (event) => {
      if (finished) return;
      handle(JSON.parse((event as MessageEvent<string>).data) as T);
    });

  listen<{ libraries: string[]; warnings?: { message: string }[] }>('start', (d) => on.start(d.libraries, (d.warnings ?? []).map((w) => w.message)));
  listen<LibraryProgress & { status?: LibraryStatus; records?: number }>('library', (d) => (d.status ? on.library(d.status, d.records ?? 0) : on.progress(d)));
  listen<{ changed: Cluster[]; removed: string[]; total: number }>('clusters', (d) => on.clusters(d.changed, d.removed, d.total));
  listen<{ resultSetId: string; total: number; elapsedMs: number; fromCache: boolean }>('done', (d) => {
    finish();
    on.done(d);
  });
  // The gateway is shutting down (SIGTERM): this search will not finish; the reader searches again.
  listen<{ title: string }>('restart', () => {
    finish();
    on.failed(t('error.restarting'));
  });
  // The server's own 'error' event carries JSON; the transport's error event has no data.
  let reconnects = 0;
  source.addEventListener('error', (event) => {
    if (finished) return;
    const data = (event as MessageEvent<string | undefined>).data;
    if (typeof data === 'string') {
      finish();
      // The server's title is English; the reader gets the UI's own words.
      return on.failed(t('error.searchFailed'));
    }
    // The connection dropped (behind a load balancer: the instance went away). The browser
    // reconnects by itself, through the balancer, to the same search; events carry no ids, so
    // the stream starts over there (`start` again), from the kept result set if the search had
    // finished or as a new search if not. Once: a second loss is reported.
    if (source.readyState === EventSource.CONNECTING && reconnects < MAX_RECONNECTS) {
      reconnects += 1;
      return;
    }
    finish();
    on.failed(t('error.connectionLost'));
  });
  // Parameters the API refuses come back as a 400 before any event: EventSource only sees an error.
  return {
    stop: finish,
    get finished() {
      return finished;
    },
  };
}
