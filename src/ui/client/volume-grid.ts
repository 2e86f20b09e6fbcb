/**
 * An expanded work's copies as a grid: libraries down, volumes across (one column when the
 * work is one volume). Each cell counts that library's copies of that volume by verdict —
 * lendable, on loan until a date, reading room only, suspended, not lent — and opens those
 * copies under its row: the first three, then "show all N". A volume's copies appear only in
 * its column, so a set's v.8 copy is never offered under v.7.
 */
import type { Cluster, Holding, Library } from './api.ts';
import { h } from './dom.ts';
import { fmtDayMonth, fmtNumber, nameOf, t, type StringKey } from './i18n.ts';
import { copiesTable, distinctCopies, type RequestHandler } from './holdings-table.ts';
import { narrowScreen } from './narrow-screen.ts';

const FIRST_COPIES = 3;
/** Libraries shown before "show all N libraries" (those with a lendable copy come first); fewer on a phone. */
const firstLibraries = () => (narrowScreen() ? 4 : 8);

type Verdict = 'lendable' | 'onLoan' | 'readingRoom' | 'suspended' | 'other';
const VERDICTS: Verdict[] = ['lendable', 'onLoan', 'readingRoom', 'suspended', 'other'];

function verdictOf(copy: Holding): Verdict {
  if (copy.ill?.eligible) return 'lendable';
  const codes = new Set((copy.ill?.reasons ?? []).map((r) => r.code));
  if (codes.has('lender_suspended')) return 'suspended';
  if (copy.status === 'on_loan') return 'onLoan';
  if (copy.status === 'reading_room_only' || codes.has('reading_room_only')) return 'readingRoom';
  return 'other';
}

const volumeOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Which cell is open and whether it shows all its copies: kept by the result item across re-renders. */
export interface GridState {
  open?: { library: string; volume: string };
  /** The open cell shows all its copies. */
  all: boolean;
  /** Every library's row is shown. */
  allLibraries?: boolean;
}

interface Group {
  library: string;
  /** '' = the volume is not stated (or the work is one volume). */
  volume: string;
  copies: Holding[];
}

function groupCopies(cluster: Cluster): { volumes: string[]; libraries: string[]; cells: Map<string, Group> } {
  const all = cluster.holdings.flatMap((row) => distinctCopies(row.holdings).map((copy) => ({ library: row.library, copy })));
  const stated = [...new Set(all.map((c) => c.copy.volume ?? '').filter((v) => v !== ''))].sort(volumeOrder.compare);
  // One stated volume is the work's own: no columns, every copy in the one column.
  const multi = stated.length >= 2;
  const cells = new Map<string, Group>();
  for (const { library, copy } of all) {
    const volume = multi ? (copy.volume ?? '') : '';
    const key = cellKey(library, volume);
    const group = cells.get(key) ?? { library, volume, copies: [] };
    group.copies.push(copy);
    cells.set(key, group);
  }
  const volumes = multi ? [...stated, ...(all.some((c) => !c.copy.volume) ? [''] : [])] : [''];
  // Libraries with a lendable copy first: the grid's top rows are the reader's choices.
  const rows = [...cluster.holdings].sort((a, b) => Number(b.eligible) - Number(a.eligible)).map((row) => row.library);
  return { volumes, libraries: rows, cells };
}

const cellKey = (library: string, volume: string) => `${library}\u0000${volume}`;
const cellSelector = (library: string, volume: string) => `button.cell[data-library="${CSS.escape(library)}"][data-volume="${CSS.escape(volume)}"]`;

function verdictLines(copies: Holding[]): HTMLElement[] {
  const counts = new Map<Verdict, number>();
  for (const copy of copies) counts.set(verdictOf(copy), (counts.get(verdictOf(copy)) ?? 0) + 1);
  return VERDICTS.filter((v) => counts.has(v)).map((v) => {
    let label = t(`verdict.${v}` as StringKey);
    if (v === 'onLoan') {
      const due = copies.filter((c) => verdictOf(c) === 'onLoan' && c.dueDate).map((c) => c.dueDate!).sort()[0];
      if (due) label = t('verdict.onLoanUntil', { date: fmtDayMonth(due) });
    }
    return h('span', { class: `verdict verdict-${v}` }, label, ' ', h('span', { class: 'n', text: `×${fmtNumber(counts.get(v) ?? 0)}` }));
  });
}

/** `changed(focus)`: the state changed; render again and focus what the selector names. */
export function volumeGrid(cluster: Cluster, libraries: Map<string, Library>, onRequest: RequestHandler, state: GridState, changed: (focus: string) => void): HTMLElement {
  const { volumes, libraries: rows, cells } = groupCopies(cluster);
  const multi = volumes.length > 1;
  const volumeName = (v: string) => (v === '' ? t('grid.noVolume') : v);
  // A small work (one library, one volume) opens at once: there is nothing to choose.
  if (!state.open && rows.length === 1 && volumes.length === 1 && rows[0] !== undefined) state.open = { library: rows[0], volume: '' };

  const head = h('thead', {}, h('tr', {},
    h('th', { attrs: { scope: 'col' }, text: t('grid.library') }),
    ...volumes.map((v) => h('th', { attrs: { scope: 'col' }, text: multi ? volumeName(v) : t('grid.copies') }))));
  const body = h('tbody');
  const openRow = state.open ? rows.indexOf(state.open.library) : -1;
  const first = firstLibraries();
  const shownRows = state.allLibraries || openRow >= first ? rows : rows.slice(0, first);
  for (const library of shownRows) {
    const name = nameOf(libraries.get(library)?.name, library);
    const tr = h('tr', { attrs: { 'data-library': library } }, h('th', { attrs: { scope: 'row', tabindex: '-1' }, text: name }));
    for (const volume of volumes) {
      const group = cells.get(cellKey(library, volume));
      if (!group) {
        tr.append(h('td', { class: 'empty', text: '—' }));
        continue;
      }
      const isOpen = state.open?.library === library && state.open.volume === volume;
      const panelId = `copies-${cluster.id}-${library}-${volumes.indexOf(volume)}`;
      tr.append(h('td', {}, h('button', {
        class: 'cell',
        attrs: { type: 'button', 'aria-expanded': isOpen ? 'true' : 'false', 'aria-controls': panelId, 'data-library': library, 'data-volume': volume },
        on: { click: () => {
          state.open = isOpen ? undefined : { library, volume };
          state.all = false;
          changed(cellSelector(library, volume));
        } },
      }, ...verdictLines(group.copies))));
    }
    body.append(tr);
    const open = state.open?.library === library ? cells.get(cellKey(library, state.open.volume)) : undefined;
    if (open) body.append(h('tr', { class: 'copies-row' }, h('td', { attrs: { colspan: volumes.length + 1 } }, copiesBlock(open, name))));
  }

  function copiesBlock(group: Group, name: string): HTMLElement {
    const shown = state.all ? group.copies : group.copies.slice(0, FIRST_COPIES);
    const title = multi ? t('holdings.copiesOfVolume', { library: name, volume: volumeName(group.volume), n: fmtNumber(group.copies.length) }) : t('holdings.copiesOf', { library: name, n: fmtNumber(group.copies.length) });
    const id = `copies-${cluster.id}-${group.library}-${volumes.indexOf(group.volume)}`;
    const showAll = group.copies.length > shown.length
      ? h('button', { class: 'show-all', attrs: { type: 'button' }, text: t('holdings.showAll', { n: fmtNumber(group.copies.length) }), on: { click: () => {
        state.all = true;
        changed(`#${CSS.escape(id)} h4`);
      } } })
      : null;
    return h('section', { class: 'library-holdings', attrs: { id, 'data-library': group.library, 'data-volume': group.volume } },
      h('h4', { attrs: { tabindex: '-1' }, text: title }), copiesTable(group.library, title, shown, onRequest), showAll);
  }

  const moreLibraries = shownRows.length < rows.length
    ? h('button', { class: 'show-all', attrs: { type: 'button' }, text: t('grid.showAllLibraries', { n: fmtNumber(rows.length) }), on: { click: () => {
      state.allLibraries = true;
      changed(`tr[data-library="${CSS.escape(rows[first] ?? '')}"] th`);
    } } })
    : null;
  return h('div', { class: 'grid-wrap' },
    h('div', { class: 'grid-scroll' }, h('table', { class: `volume-grid${multi ? ' multi' : ''}` },
      h('caption', { class: 'visually-hidden', text: t('grid.caption') }), head, body)),
    moreLibraries);
}
