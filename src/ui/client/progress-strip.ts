/**
 * The per-library strip: waiting / answered with hits and time / timed out / failed /
 * suspended / stopped. Problems carry a short localized reason on hover (title) and on tap (the
 * chip is a button that shows the reason under the strip). The summary line is aria-live; the
 * chips are not. On a phone the strip is one line of counts that expands to the chips.
 */
import type { Library, LibraryProgress, LibraryState, LibraryStatus } from './api.ts';
import { clear, h } from './dom.ts';
import { fmtMs, fmtNumber, lang, nameOf, t, type StringKey } from './i18n.ts';
import { reasonText, skipText } from './library-outcome.ts';

type ChipState = LibraryState | 'waiting';
type LivePhase = Exclude<LibraryProgress['phase'], 'done' | 'failed'>;

export interface ProgressStrip {
  element: HTMLElement;
  start(ids: string[]): void;
  update(status: LibraryStatus): void;
  /** A waiting library's live phase: queued, connecting, searching, fetching n of N. */
  progress(progress: LibraryProgress): void;
  /** Libraries still waiting become 'skipped' (the reader stopped waiting). */
  stopWaiting(): void;
  counts(): { done: number; total: number };
  /** Every library's current state (waiting ones included). */
  statuses(): { state: ChipState }[];
  render(): void;
}

export function createProgressStrip(libraries: Map<string, Library>): ProgressStrip {
  const states = new Map<string, { state: ChipState; status?: LibraryStatus; live?: LibraryProgress }>();
  const list = h('ul', { class: 'strip', attrs: { 'aria-label': '', id: 'strip-list' } });
  const reason = h('p', { class: 'reason', attrs: { hidden: true, id: 'strip-reason' } });
  let open = false;
  // Shown only on narrow screens (CSS): the strip's counts in one line; the chips stay one tap away.
  const toggle = h('button', { class: 'strip-toggle', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'strip-list' }, on: { click: () => {
    open = !open;
    render();
  } } });
  const element = h('div', { class: 'strip-wrap' }, toggle, list, reason);
  let shownReason: string | undefined;

  const why = (id: string, status: LibraryStatus | undefined) => reasonText(status, libraries.get(id));

  function toggleText(): string {
    const counts = new Map<ChipState, number>();
    for (const { state } of states.values()) counts.set(state, (counts.get(state) ?? 0) + 1);
    const order: ChipState[] = ['ok', 'waiting', 'timeout', 'error', 'suspended', 'skipped'];
    const parts = order.filter((s) => (counts.get(s) ?? 0) > 0).map((s) => t(`strip.${s}` as StringKey, { n: fmtNumber(counts.get(s) ?? 0) }));
    return parts.join(' · ');
  }

  const label = (state: ChipState, status?: LibraryStatus, live?: LibraryProgress) => {
    if (state === 'waiting' && live && live.phase !== 'done' && live.phase !== 'failed') {
      const phase = t(`phase.${live.phase as LivePhase}`);
      return live.phase === 'fetching' && live.total !== undefined ? `${phase} ${live.fetched ?? 0}/${live.total}` : phase;
    }
    if (state === 'ok' && status?.capped) return `${t('state.ok', { hits: status.hits, time: fmtMs(status.elapsedMs) })} · ${lang() === 'zh' ? status.capped.zh : status.capped.en}`;
    if (state === 'ok' && status) return t('state.ok', { hits: status.hits, time: fmtMs(status.elapsedMs) });
    // Not asked on purpose: say why (breaker open since…, retrying at…; index unsupported), never a bare "stopped".
    if (state === 'skipped' && status?.skip) return skipText(status.skip);
    if (state === 'timeout' && status) return `${t('state.timeout')} · ${fmtMs(status.elapsedMs)}`;
    return t(`state.${state}`);
  };

  function render(): void {
    clear(list);
    list.setAttribute('aria-label', t('progress.heading'));
    element.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    toggle.textContent = toggleText();
    for (const [id, { state, status, live }] of states) {
      const name = nameOf(libraries.get(id)?.name, id);
      const text = label(state, status, live);
      const because = why(id, status);
      const content = [h('span', { class: 'chip-name', text: name }), h('span', { class: 'chip-state', text: text })];
      let chip: HTMLElement;
      if (because && state !== 'ok') {
        chip = h('button', {
          class: `chip chip-${state}`,
          attrs: { type: 'button', title: `${t('state.reason')}: ${because}`, 'aria-expanded': shownReason === id ? 'true' : 'false', 'aria-controls': 'strip-reason' },
          on: { click: () => {
            shownReason = shownReason === id ? undefined : id;
            render();
          } },
        }, ...content);
      } else {
        chip = h('span', { class: `chip chip-${state}` }, ...content);
      }
      list.append(h('li', { attrs: { 'data-library': id, 'data-state': state, ...(state === 'waiting' && live ? { 'data-phase': live.phase } : {}) } }, chip));
    }
    const shown = shownReason ? states.get(shownReason) : undefined;
    reason.hidden = !shown;
    reason.textContent = shown && shownReason ? `${nameOf(libraries.get(shownReason)?.name, shownReason)} — ${t('state.reason')}: ${why(shownReason, shown.status)}` : '';
  }

  return {
    element,
    start(ids) {
      states.clear();
      shownReason = undefined;
      open = false;
      for (const id of ids) states.set(id, { state: 'waiting' });
      render();
    },
    update(status) {
      states.set(status.library, { state: status.state, status });
      render();
    },
    progress(p) {
      const entry = states.get(p.library);
      if (!entry || entry.state !== 'waiting') return;
      states.set(p.library, { state: 'waiting', live: p });
      render();
    },
    stopWaiting() {
      for (const [id, entry] of states) if (entry.state === 'waiting') states.set(id, { state: 'skipped' });
      render();
    },
    counts() {
      const all = [...states.values()];
      return { done: all.filter((s) => s.state !== 'waiting').length, total: all.length };
    },
    statuses: () => [...states.values()],
    render,
  };
}

