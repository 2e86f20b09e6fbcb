/**
 * Facets (library, category, language, decade, availability) and sorting. Every change is a
 * new view of the same result set (/api/results/:id), never a new search.
 */
import type { FacetName, FacetValue, Library, ResultPage } from './api.ts';
import { clear, h } from './dom.ts';
import { fmtNumber, languageName, nameOf, t, tMaybe, type StringKey } from './i18n.ts';
import type { ViewKey, ViewState } from './query-state.ts';

const GROUPS: { name: FacetName; key: StringKey; open: boolean }[] = [
  { name: 'availability', key: 'facet.availability', open: true },
  { name: 'category', key: 'facet.category', open: true },
  { name: 'language', key: 'facet.language', open: true },
  { name: 'decade', key: 'facet.decade', open: false },
  { name: 'library', key: 'facet.library', open: false },
];

export interface FacetPanel {
  element: HTMLElement;
  render(page: ResultPage | undefined, view: ViewState, note?: StringKey): void;
}

function label(name: FacetName, v: FacetValue, libraries: Map<string, Library>): string {
  switch (name) {
    case 'library':
      return nameOf(libraries.get(v.value)?.name, v.label);
    case 'category':
      return tMaybe(`category.${v.value}`, v.label);
    case 'language':
      return languageName(v.value, v.label);
    case 'decade':
      return v.value === 'unknown' ? t('facet.unknownYear') : `${v.value.slice(0, 4)}s`;
    case 'availability':
      return tMaybe(`availability.${v.value}`, v.label);
  }
}

export function createFacetPanel(libraries: Map<string, Library>, onChange: (view: ViewState) => void): FacetPanel {
  const element = h('aside', { class: 'facets', attrs: { 'aria-labelledby': 'facets-heading' } });
  // Beside the list (1000 px and up) the filters are open; above it, on a phone, they are one line
  // that opens, so the first result is on screen after a search.
  const wide = window.matchMedia('(min-width: 1000px)').matches;
  const open = new Map(GROUPS.map((g) => [g.name, g.open && wide]));
  let folded = !wide;

  function sortControls(view: ViewState): HTMLElement {
    const sort = h('select', { attrs: { id: 'sort' }, on: { change: () => onChange({ ...view, sort: sort.value === 'relevance' ? '' : sort.value }) } },
      ...(['relevance', 'title', 'author', 'year'] as const).map((v) => h('option', { attrs: { value: v, selected: (view.sort ?? 'relevance') === v }, text: t(`sort.${v}`) })));
    const order = h('select', { attrs: { id: 'order', 'aria-label': t('results.sort') }, on: { change: () => onChange({ ...view, order: order.value }) } },
      h('option', { attrs: { value: '', selected: !view.order }, text: '—' }),
      ...(['asc', 'desc'] as const).map((v) => h('option', { attrs: { value: v, selected: view.order === v }, text: t(`order.${v}`) })));
    return h('div', { class: 'sort' }, h('label', { attrs: { for: 'sort' }, text: t('results.sort') }), sort, order);
  }

  function group(name: FacetName, key: StringKey, values: FacetValue[], view: ViewState): HTMLElement {
    const param = `filter.${name}` as ViewKey;
    const chosen = new Set((view[param] ?? '').split(',').filter(Boolean));
    const single = name === 'availability';
    const inputs = values.map((v) => {
      const id = `facet-${name}-${v.value}`;
      const checked = single ? (view[param] ?? 'any') === v.value : chosen.has(v.value);
      const input = h('input', { attrs: { type: single ? 'radio' : 'checkbox', name: `facet-${name}`, id, value: v.value, checked } });
      input.addEventListener('change', () => {
        if (single) onChange({ ...view, [param]: v.value === 'any' ? '' : v.value });
        else {
          if (input.checked) chosen.add(v.value);
          else chosen.delete(v.value);
          onChange({ ...view, [param]: [...chosen].join(',') });
        }
      });
      return h('li', {}, h('label', { attrs: { for: id } }, input, h('span', { text: label(name, v, libraries) }), h('span', { class: 'count', text: fmtNumber(v.count) })));
    });
    const details = h('details', { attrs: { open: open.get(name) ?? false } }, h('summary', { text: t(key) }), h('ul', {}, ...inputs));
    details.addEventListener('toggle', () => open.set(name, details.open));
    return details;
  }

  return {
    element,
    render(page, view, note) {
      clear(element);
      const fold = h('details', { class: 'facets-fold', attrs: { open: !folded } }, h('summary', {}, h('h2', { attrs: { id: 'facets-heading' }, text: t('facet.heading') })));
      fold.addEventListener('toggle', () => (folded = !fold.open));
      element.append(fold);
      if (!page) {
        fold.append(h('p', { class: 'muted', text: t(note ?? 'results.facetsLater') }));
        return;
      }
      fold.append(sortControls(view));
      for (const g of GROUPS) {
        const values = page.facets[g.name] ?? [];
        if (values.length > 0) fold.append(group(g.name, g.key, values, view));
      }
      if (Object.entries(view).some(([k, v]) => k.startsWith('filter.') && v)) {
        const cleared: ViewState = { ...(view.sort ? { sort: view.sort } : {}), ...(view.order ? { order: view.order } : {}) };
        fold.append(h('button', { attrs: { type: 'button' }, text: t('facet.clear'), on: { click: () => onChange(cleared) } }));
      }
    },
  };
}
