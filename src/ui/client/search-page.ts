/**
 * The reader's page at `/`: form → streamed progress → merged results → ILL request.
 * The URL holds the search and the view, so a search can be bookmarked, shared and reloaded.
 */
import { api, type Library, type LibraryStatus } from './api.ts';
import { setUpChrome, showError } from './chrome.ts';
import { byId, h } from './dom.ts';
import { createFacetPanel } from './facets.ts';
import { fmtMs, fmtNumber, lang, onLangChange, t } from './i18n.ts';
import { createIllDialog } from './ill-dialog.ts';
import { failureParts, noneAnswered, outcomeCounts } from './library-outcome.ts';
import { createProgressStrip } from './progress-strip.ts';
import { fromPageQuery, hasTerms, toApiParams, toPageQuery, type SearchState, type ViewState } from './query-state.ts';
import { createResultsList } from './results-list.ts';
import { createSearchForm } from './search-form.ts';
import { SearchSession } from './session.ts';

async function main(): Promise<void> {
  setUpChrome();
  const app = byId('app');
  const pageError = h('p', { class: 'error', attrs: { role: 'alert', hidden: true } });
  // Warnings about the search as sent (isbn 0521243320: check digit should be 7), from the gateway in the UI language.
  const searchWarnings = h('p', { class: 'warning', attrs: { id: 'search-warnings', role: 'status', hidden: true } });
  app.append(pageError, searchWarnings);
  let libraryList: Library[];
  try {
    libraryList = await api.libraries();
  } catch (error) {
    showError(pageError, t('error.network', { detail: error instanceof Error ? error.message : String(error) }));
    return;
  }
  const libraries = new Map(libraryList.map((l) => [l.id, l]));

  let session: SearchSession | undefined;
  let search: SearchState | undefined;
  let view: ViewState = {};
  let elapsedMs = 0;

  const dialog = createIllDialog(libraries);
  const strip = createProgressStrip(libraries);
  const list = createResultsList({
    libraries,
    onRequest: (cluster, library, holding) => {
      if (!session?.resultSetId) return;
      dialog.open({ resultSetId: session.resultSetId, cluster, library, holding }, document.activeElement as HTMLElement);
    },
  });
  const facets = createFacetPanel(libraries, (next) => void changeView(next));
  const form = createSearchForm(libraryList, (s) => {
    history.pushState(null, '', `/?${toPageQuery(s, {}).toString()}`);
    start(s, {});
    showProgress();
  });

  // Where a search sends the reader (focus and scroll): the one line that says how it went.
  const summary = h('p', { class: 'summary', attrs: { id: 'progress-summary', 'aria-live': 'polite', 'aria-atomic': 'true', tabindex: '-1' } });
  const stop = h('button', { attrs: { type: 'button', id: 'stop' }, i18n: 'progress.stop', on: { click: () => stopWaiting() } });
  const again = h('button', { attrs: { type: 'button', id: 'again', hidden: true }, i18n: 'progress.again', on: { click: () => search && start(search, view) } });
  const progress = h('section', { class: 'progress', attrs: { hidden: true, 'aria-labelledby': 'progress-heading' } },
    h('h2', { attrs: { id: 'progress-heading' }, i18n: 'progress.heading' }), h('div', { class: 'progress-bar' }, summary, stop, again), strip.element);

  const count = h('p', { class: 'count', attrs: { id: 'result-count' } });
  const retry = h('button', { class: 'primary', attrs: { type: 'button', id: 'retry', hidden: true }, i18n: 'outcome.retry', on: { click: () => {
    if (!search) return;
    start(search, view);
    showProgress();
  } } });
  const more = h('button', { class: 'more', attrs: { type: 'button', hidden: true }, i18n: 'results.more', on: { click: () => void loadMore() } });
  const layout = h('div', { class: 'layout' }, facets.element, h('div', { class: 'list-column' }, list.element, more));
  const results = h('section', { class: 'results-section', attrs: { hidden: true, 'aria-labelledby': 'results-heading' } },
    h('h2', { attrs: { id: 'results-heading' }, i18n: 'results.heading' }), h('div', { class: 'count-line' }, count, retry),
    layout);

  // On a phone the form folds away once a search runs (it filled the screen above the answers); one button opens it again.
  form.element.id = 'search-form';
  const editSearch = h('button', { class: 'edit-search', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'search-form' }, i18n: 'form.edit', on: { click: () => {
    const editing = searchSection.classList.toggle('editing');
    editSearch.setAttribute('aria-expanded', String(editing));
    if (editing) form.element.querySelector('input')?.focus();
  } } });
  const searchSection = h('section', { class: 'search', attrs: { 'aria-label': t('form.search') } }, editSearch, form.element);
  app.append(searchSection, progress, results, dialog.element);

  /** Every library failed, or some did: said in so many words, never as "nothing found". */
  function finishedText(): string {
    const outcome = outcomeCounts(strip.statuses());
    const parts = failureParts(outcome);
    if (noneAnswered(outcome)) return t('outcome.noneAnswered', { parts });
    const done = { total: fmtNumber(session?.page?.total ?? 0), time: fmtMs(elapsedMs) };
    return parts ? t('progress.finishedPartial', { ...done, answered: fmtNumber(outcome.answered), parts }) : t('progress.finished', done);
  }

  function renderCounts(): void {
    if (!session) return;
    const { clusters, total } = session.shown;
    const outcome = outcomeCounts(strip.statuses());
    const nobody = session.phase === 'done' && noneAnswered(outcome);
    count.textContent =
      nobody ? t('outcome.noneAnswered', { parts: failureParts(outcome) })
      : total === 0 && session.phase !== 'streaming' ? t('results.none')
      : t('results.count', { n: fmtNumber(total) });
    count.classList.toggle('error', nobody);
    retry.hidden = !nobody;
    layout.hidden = nobody;
    more.hidden = clusters.length >= total;
    const { done, total: all } = strip.counts();
    summary.textContent =
      session.phase === 'done' ? finishedText()
      : session.phase === 'stopped' ? t('progress.stopped', { n: fmtNumber(session.streamedCount) })
      : session.phase === 'failed' ? summary.textContent ?? ''
      : t('progress.summary', { done, total: all });
    stop.hidden = session.phase !== 'streaming';
    again.hidden = session.phase !== 'stopped' && session.phase !== 'failed';
  }

  /** After the reader asks for a search: on a phone the form fills the screen, so go to where the answers come. */
  function showProgress(): void {
    progress.scrollIntoView({ block: 'start' });
    summary.focus({ preventScroll: true });
  }

  function start(s: SearchState, v: ViewState): void {
    session?.stop();
    searchSection.classList.add('searched');
    searchSection.classList.remove('editing');
    editSearch.setAttribute('aria-expanded', 'false');
    search = s;
    view = v;
    form.write(s);
    list.clear();
    strip.start([]);
    progress.hidden = false;
    results.hidden = false;
    showError(pageError, '');
    facets.render(undefined, view);
    const params = toApiParams(s);
    // Refusals (400) and warnings come back in the UI's language.
    params.set('lang', lang());
    searchWarnings.hidden = true;
    const current = new SearchSession(params, v, {
      started: (ids, warnings) => {
        searchWarnings.textContent = warnings.join('; ');
        searchWarnings.hidden = warnings.length === 0;
        strip.start(ids);
        renderCounts();
      },
      library: (status: LibraryStatus) => {
        strip.update(status);
        renderCounts();
      },
      progress: (p) => strip.progress(p),
      list: (clusters) => {
        list.show(clusters);
        renderCounts();
      },
      finished: (page, elapsed) => {
        elapsedMs = elapsed;
        for (const status of page.libraries) strip.update(status);
        list.show(current.shown.clusters);
        facets.render(page, view);
        renderCounts();
      },
      failed: (detail) => {
        summary.textContent = t('progress.failedSearch', { detail });
        renderCounts();
      },
    });
    session = current;
    renderCounts();
  }

  function stopWaiting(): void {
    if (!session || session.phase !== 'streaming') return;
    session.stop();
    strip.stopWaiting();
    facets.render(undefined, view, 'results.facetsStopped');
    renderCounts();
  }

  async function changeView(next: ViewState): Promise<void> {
    if (!session || !search) return;
    view = next;
    history.replaceState(null, '', `/?${toPageQuery(search, view).toString()}`);
    try {
      await session.setView(next);
      list.show(session.shown.clusters);
      facets.render(session.page, view);
      renderCounts();
    } catch (error) {
      showError(pageError, expiredOr(error));
    }
  }

  async function loadMore(): Promise<void> {
    if (!session) return;
    try {
      await session.more();
      list.show(session.shown.clusters);
      renderCounts();
    } catch (error) {
      showError(pageError, expiredOr(error));
    }
  }

  function expiredOr(error: unknown): string {
    if (error instanceof Error && 'status' in error && error.status === 404) return t('error.expired');
    return t('error.network', { detail: error instanceof Error ? error.message : String(error) });
  }

  function fromUrl(): void {
    const { search: s, view: v } = fromPageQuery(new URLSearchParams(location.search));
    if (hasTerms(s)) start(s, v);
    else form.write(s);
  }

  onLangChange(() => {
    strip.render();
    list.rerender();
    if (session?.phase === 'done' && session.page) {
      facets.render(session.page, view);
    } else facets.render(undefined, view, session?.phase === 'stopped' ? 'results.facetsStopped' : undefined);
    renderCounts();
  });
  window.addEventListener('popstate', fromUrl);
  fromUrl();
}

void main();
