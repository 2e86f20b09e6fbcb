/**
 * The library picker: one fieldset per BALIS category (理工类, 农学类, 医学类, 其他类) with a
 * tri-state 全部选择 box, a filter over library names, and suspended libraries shown greyed
 * with their notice and no checkbox to tick.
 */
import { h } from './dom.ts';
import { bilingual, nameOf, onLangChange, t } from './i18n.ts';
import type { Library } from './api.ts';

const CATEGORIES = ['理工类', '农学类', '医学类', '其他类'];

export interface LibraryPicker {
  element: HTMLElement;
  /** null when every active library is ticked (the URL then needs no list). */
  selected(): string[] | null;
  set(ids: string[] | null): void;
}

export function createLibraryPicker(libraries: Library[]): LibraryPicker {
  const boxes = new Map<string, HTMLInputElement>();
  const rows = new Map<string, HTMLElement>();
  const groups: { all: HTMLInputElement; ids: string[]; section: HTMLElement }[] = [];
  const count = h('span', { class: 'picker-count', attrs: { 'aria-live': 'polite' } });
  const noMatch = h('p', { class: 'muted', i18n: 'picker.noMatch', attrs: { hidden: true } });
  const filter = h('input', { attrs: { type: 'search', id: 'library-filter', autocomplete: 'off', 'data-i18n-placeholder': 'picker.filter' } });
  const labels: (() => void)[] = [];

  const active = (l: Library) => l.service.status !== 'suspended';

  const refresh = () => {
    for (const g of groups) {
      const ticked = g.ids.filter((id) => boxes.get(id)?.checked).length;
      g.all.checked = ticked === g.ids.length && ticked > 0;
      g.all.indeterminate = ticked > 0 && ticked < g.ids.length;
    }
    const n = [...boxes.values()].filter((b) => b.checked).length;
    count.textContent = `（${t('picker.count', { n, total: boxes.size })}）`;
    count.classList.toggle('error', n === 0);
  };

  const sections = CATEGORIES.map((category) => {
    const members = libraries.filter((l) => l.category === category);
    const ids = members.filter(active).map((l) => l.id);
    const allId = `cat-all-${CATEGORIES.indexOf(category)}`;
    const all = h('input', { attrs: { type: 'checkbox', id: allId }, on: { change: () => {
      for (const id of ids) boxes.get(id)!.checked = all.checked;
      refresh();
    } } });
    // A category whose members are all suspended has nothing to select.
    all.disabled = ids.length === 0;
    const legend = h('legend', { i18n: `category.${category}` });
    const list = h('ul', { class: 'library-list' });
    for (const lib of members) {
      const name = h('span', { class: 'lib-name' });
      labels.push(() => (name.textContent = nameOf(lib.name, lib.id)));
      let row: HTMLElement;
      if (active(lib)) {
        const box = h('input', { attrs: { type: 'checkbox', id: `lib-${lib.id}`, value: lib.id, checked: true }, on: { change: refresh } });
        boxes.set(lib.id, box);
        row = h('li', {}, h('label', { attrs: { for: `lib-${lib.id}` } }, box, name));
      } else {
        // Not a disabled checkbox: a suspended library is not a choice, and its notice must stay readable.
        const notice = h('span', { class: 'notice' });
        const tag = h('span', { class: 'tag tag-suspended', i18n: 'picker.suspended' });
        labels.push(() => (notice.textContent = lib.service.notice ? bilingual(lib.service.notice) : ''));
        row = h('li', { class: 'suspended', attrs: { 'data-library': lib.id } }, name, ' ', tag, notice);
      }
      row.dataset.library = lib.id;
      rows.set(lib.id, row);
      list.append(row);
    }
    const section = h('fieldset', { class: 'category' }, legend, h('label', { class: 'select-all', attrs: { for: allId } }, all, h('span', { i18n: 'picker.selectAll' })), list);
    groups.push({ all, ids, section });
    return section;
  });

  filter.addEventListener('input', () => {
    const needle = filter.value.trim().toLowerCase();
    let shown = 0;
    for (const lib of libraries) {
      const hit = needle === '' || lib.name.zh.toLowerCase().includes(needle) || lib.name.en.toLowerCase().includes(needle) || lib.id.includes(needle);
      const row = rows.get(lib.id);
      if (row) row.hidden = !hit;
      if (hit) shown++;
    }
    for (const g of groups) g.section.hidden = [...g.section.querySelectorAll('li')].every((li) => li.hidden);
    noMatch.hidden = shown > 0;
  });

  const filterLabel = h('label', { class: 'visually-hidden', i18n: 'picker.filter', attrs: { for: 'library-filter' } });
  // Closed by default: 32 names would push the results below the fold; the summary keeps the count in view.
  const element = h('details', { class: 'picker' },
    h('summary', {}, h('span', { i18n: 'picker.legend' }), ' ', count),
    h('div', { class: 'picker-body', attrs: { role: 'group', 'data-i18n-label': 'picker.legend' } }, filterLabel, filter, noMatch, h('div', { class: 'categories' }, ...sections)));
  const relabel = () => {
    for (const l of labels) l();
    refresh();
  };
  onLangChange(relabel);
  relabel();

  return {
    element,
    selected: () => {
      const ids = [...boxes].filter(([, b]) => b.checked).map(([id]) => id);
      return ids.length === boxes.size ? null : ids;
    },
    set: (ids) => {
      for (const [id, box] of boxes) box.checked = ids === null || ids.includes(id);
      // A chosen subset is worth seeing; "all" is the default and needs no attention.
      if (ids !== null) element.open = true;
      refresh();
    },
  };
}
