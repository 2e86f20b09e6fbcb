/**
 * The result list. While libraries answer, clusters arrive and merge; the list re-sorts —
 * except while the reader's pointer or keyboard focus is in it, when the order is held and a
 * "n new results ↑" button says what is waiting. Leaving the list (or the button) applies it.
 * Items are keyed by cluster id, so an expanded item stays expanded as the list moves.
 */
import type { Cluster } from './api.ts';
import { h } from './dom.ts';
import { t } from './i18n.ts';
import { createResultItem, type ItemContext, type ResultItem } from './result-item.ts';

export interface ResultsList {
  element: HTMLElement;
  /** What should be shown, in order; applied now or when the hold ends. */
  show(clusters: Cluster[]): void;
  clear(): void;
  rerender(): void;
  shownCount(): number;
}

export function createResultsList(ctx: ItemContext): ResultsList {
  const items = new Map<string, ResultItem>();
  let desired: Cluster[] = [];
  let pointerInside = false;
  let focusInside = false;

  const list = h('ol', { class: 'results', attrs: { id: 'result-list' } });
  const pending = h('button', { class: 'new-results', attrs: { type: 'button', hidden: true }, on: { click: () => {
    pointerInside = false;
    focusInside = false;
    apply();
    list.scrollIntoView({ block: 'start' });
  } } });
  const heldNote = h('p', { class: 'visually-hidden', attrs: { 'aria-live': 'polite' } });
  const element = h('div', { class: 'results-wrap' }, pending, heldNote, list);

  const held = () => pointerInside || focusInside;

  list.addEventListener('pointerenter', () => (pointerInside = true));
  list.addEventListener('pointerleave', () => {
    pointerInside = false;
    if (!held()) apply();
  });
  list.addEventListener('focusin', () => (focusInside = true));
  list.addEventListener('focusout', (event) => {
    if (list.contains(event.relatedTarget as Node | null)) return;
    focusInside = false;
    if (!held()) apply();
  });

  function itemFor(cluster: Cluster): ResultItem {
    let item = items.get(cluster.id);
    if (!item) {
      item = createResultItem(cluster, ctx);
      items.set(cluster.id, item);
    } else if (item.cluster !== cluster) {
      item.update(cluster);
    }
    return item;
  }

  /** Puts the desired order on screen; moving nodes keeps each item's state. */
  function apply(): void {
    const elements = desired.map((c) => itemFor(c).element);
    const keep = new Set(desired.map((c) => c.id));
    for (const id of [...items.keys()]) if (!keep.has(id)) items.delete(id);
    list.replaceChildren(...elements);
    pending.hidden = true;
  }

  /** Held: refresh what is on screen where it is (never the item being used), count the rest. */
  function refreshInPlace(): void {
    const onScreen = new Set([...list.children].map((li) => (li as HTMLElement).dataset.cluster));
    let fresh = 0;
    for (const c of desired) {
      if (!onScreen.has(c.id)) {
        fresh++;
        continue;
      }
      const item = items.get(c.id);
      if (item && item.cluster !== c && !item.element.contains(document.activeElement)) item.update(c);
    }
    pending.hidden = fresh === 0;
    pending.textContent = t('results.new', { n: fresh });
    heldNote.textContent = fresh > 0 ? t('results.held') : '';
  }

  return {
    element,
    show(clusters) {
      desired = clusters;
      if (held()) refreshInPlace();
      else apply();
    },
    clear() {
      desired = [];
      items.clear();
      list.replaceChildren();
      pending.hidden = true;
    },
    rerender() {
      for (const item of items.values()) item.update(item.cluster);
      if (!pending.hidden) pending.textContent = t('results.new', { n: desired.filter((c) => !list.querySelector(`[data-cluster="${CSS.escape(c.id)}"]`)).length });
    },
    shownCount: () => list.children.length,
  };
}
