/**
 * Holdings status across members. ISBN and title are ordinary searches. A barcode or call number
 * is sent to every library as a keyword (catalogues that index it find the record) and the copies
 * are matched here; or the librarian names a search (title or any word) to look among its copies.
 * When nothing matches, the page names the libraries that could not look the term up.
 * Each copy can be rechecked live: its library is asked again now and the row shows the answer
 * (or says plainly that the copy is no longer listed, or that the library could not be asked);
 * so can every copy of one library at once (library-recheck.ts).
 */
import { api, type Cluster, type CopyRecheckAnswer, type Holding, type Library, type LibraryStatus } from './api.ts';
import { clear, h } from './dom.ts';
import { bilingual, fmtDate, fmtNumber, fmtTime, lang, nameOf, recordLang, t, tMaybe, type StringKey } from './i18n.ts';
import { distinctCopies } from './holdings-table.ts';
import { titleWithVolume } from './result-item.ts';
import { copyAnswer, tally, worksOf, type LibraryTally } from './library-recheck.ts';

type Kind = 'isbn' | 'title' | 'barcode' | 'callNumber';
const MAX_WORKS = 1000;

interface Found {
  resultSetId: string;
  cluster: Cluster;
  copy: Holding;
  /** The last live recheck of this copy, or `asking` while it runs. */
  recheck?: CopyRecheckAnswer | 'asking' | { failed: string };
}

const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();

const volumeOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

async function allClusters(params: URLSearchParams): Promise<{ resultSetId: string; clusters: Cluster[]; libraries: LibraryStatus[] }> {
  // records=1: a copy is rechecked through the source record that lists it (copyOf).
  params.set('limit', '200');
  params.set('records', '1');
  const first = await api.search(params);
  const clusters = [...first.clusters];
  while (clusters.length < Math.min(first.total, MAX_WORKS)) {
    const next = await api.results(first.resultSetId, new URLSearchParams({ offset: String(clusters.length), limit: '200', records: '1' }));
    if (next.clusters.length === 0) break;
    clusters.push(...next.clusters);
  }
  return { resultSetId: first.resultSetId, clusters, libraries: first.libraries };
}

const copyKey = (c: Holding) => [c.barcode, c.callNumber, c.location, c.statusText, c.volume].join('|');

/** The source record listing this copy, and how to name the copy to it: by barcode, else by its position there. */
function copyOf(cluster: Cluster, copy: Holding): { recordId: string; pick: { barcode: string } | { copy: number } } | undefined {
  for (const record of cluster.records ?? []) {
    if (record.library !== copy.library) continue;
    const index = copy.barcode ? record.holdings.findIndex((h) => h.barcode === copy.barcode) : record.holdings.findIndex((h) => copyKey(h) === copyKey(copy));
    if (index >= 0) return { recordId: record.id, pick: copy.barcode ? { barcode: copy.barcode } : { copy: index } };
  }
  return undefined;
}

function matches(kind: Kind, term: string, copy: Holding): boolean {
  if (kind === 'barcode') return squash(copy.barcode ?? '') === squash(term);
  if (kind === 'callNumber') return squash(copy.callNumber ?? '').includes(squash(term));
  return true;
}

export function createLookup(libraries: Map<string, Library>): { element: HTMLElement; rerender(): void } {
  const kind = h('select', { attrs: { id: 'lookup-kind' } }, ...(['isbn', 'title', 'barcode', 'callNumber'] as const).map((k) => h('option', { attrs: { value: k }, i18n: `lookup.${k}` })));
  const term = h('input', { attrs: { id: 'lookup-term', type: 'text', required: true, autocomplete: 'off' } });
  const within = h('input', { attrs: { id: 'lookup-within', type: 'text', autocomplete: 'off', 'aria-describedby': 'lookup-within-hint' } });
  const withinRow = h('div', { class: 'field', attrs: { hidden: true } },
    h('label', { attrs: { for: 'lookup-within' }, i18n: 'lookup.within' }), within, h('p', { class: 'hint', attrs: { id: 'lookup-within-hint' }, i18n: 'lookup.withinHint' }));
  const status = h('p', { attrs: { role: 'status', 'aria-live': 'polite' } });
  const output = h('div', { class: 'table-scroll' });
  let last: { kind: Kind; found: Found[]; unable: string[]; failed: string[] } | undefined;
  /** Each library's last "recheck live" of all its copies here, or `asking` while it runs. */
  let libraryChecks = new Map<string, LibraryTally | 'asking'>();

  kind.addEventListener('change', () => (withinRow.hidden = kind.value !== 'barcode' && kind.value !== 'callNumber'));

  const form = h('form', { class: 'lookup', attrs: { novalidate: true } },
    h('div', { class: 'grid' },
      h('div', { class: 'field' }, h('label', { attrs: { for: 'lookup-kind' }, i18n: 'lookup.kind' }), kind),
      h('div', { class: 'field' }, h('label', { attrs: { for: 'lookup-term' }, i18n: 'lookup.term' }), term)),
    withinRow,
    h('div', { class: 'actions' }, h('button', { class: 'primary', attrs: { type: 'submit' }, i18n: 'lookup.go' })));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(kind.value as Kind, term.value.trim(), within.value.trim());
  });

  async function run(k: Kind, value: string, scope: string): Promise<void> {
    if (value === '') {
      status.textContent = t('form.empty');
      return;
    }
    status.textContent = t('ill.working');
    const copyTerm = k === 'barcode' || k === 'callNumber';
    // Without a scope the term itself is the search: a catalogue that indexes barcodes or call numbers as keywords finds it.
    const params = new URLSearchParams(k === 'isbn' ? { isbn: value } : k === 'title' ? { title: value } : { q: scope || value });
    params.set('lang', lang());
    try {
      const { resultSetId, clusters, libraries: statuses } = await allClusters(params);
      const found: Found[] = clusters
        .flatMap((cluster) => cluster.holdings.flatMap((row) => distinctCopies(row.holdings).filter((copy) => matches(k, value, copy)).map((copy) => ({ resultSetId, cluster, copy }))))
        .sort((a, b) => titleWithVolume(a.cluster.merged).localeCompare(titleWithVolume(b.cluster.merged)) || volumeOrder.compare(a.copy.volume ?? '', b.copy.volume ?? ''));
      // Searched by the term itself: the libraries that did not find a copy with it could not look it up (or do not hold it).
      const holders = new Set(found.map((f) => f.copy.library));
      const byTerm = copyTerm && !scope;
      const unable = byTerm ? statuses.filter((st) => st.state === 'ok' && !holders.has(st.library)).map((st) => st.library) : [];
      const failed = byTerm ? statuses.filter((st) => st.state === 'timeout' || st.state === 'error').map((st) => st.library) : [];
      last = { kind: k, found, unable, failed };
      libraryChecks = new Map();
      render();
    } catch (error) {
      status.textContent = t('error.network', { detail: error instanceof Error ? error.message : String(error) });
    }
  }

  async function recheck(found: Found): Promise<void> {
    const target = copyOf(found.cluster, found.copy);
    if (!target) return;
    found.recheck = 'asking';
    render();
    try {
      const answer = await api.recheckCopy(found.resultSetId, target.recordId, target.pick);
      found.recheck = answer;
      if (answer.holding) found.copy = answer.holding;
    } catch (error) {
      found.recheck = { failed: error instanceof Error ? error.message : String(error) };
    }
    render();
    // The table was drawn again: the keyboard stays on this row's button.
    output.querySelectorAll<HTMLButtonElement>('button.recheck')[last?.found.indexOf(found) ?? -1]?.focus();
  }

  /** Every copy of one library found here, asked again at once: one request per work, each row gets its answer. */
  async function recheckLibrary(library: string): Promise<void> {
    if (!last) return;
    const shown = last;
    const rows = shown.found.filter((f) => f.copy.library === library && copyOf(f.cluster, f.copy));
    const targets = new Map(rows.map((f) => [f, copyOf(f.cluster, f.copy)!]));
    for (const f of rows) f.recheck = 'asking';
    libraryChecks.set(library, 'asking');
    render();
    await Promise.all(
      worksOf(rows).map(async (group) => {
        const { resultSetId, cluster } = group[0]!;
        try {
          const work = await api.recheckLibrary(resultSetId, cluster.id, library);
          for (const f of group) {
            const answer = copyAnswer(library, targets.get(f)!, work);
            f.recheck = answer;
            if (answer.holding) f.copy = answer.holding;
          }
          // Every row of this work (other libraries' too) reads the work as it is now.
          for (const f of shown.found) if (f.resultSetId === resultSetId && f.cluster.id === cluster.id) f.cluster = work;
        } catch (error) {
          for (const f of group) f.recheck = { failed: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    if (last !== shown) return;
    libraryChecks.set(library, tally(rows.map((f) => f.recheck as CopyRecheckAnswer | { failed: string }), new Date().toISOString()));
    render();
    output.querySelector<HTMLButtonElement>(`button.recheck-library[data-library="${CSS.escape(library)}"]`)?.focus();
  }

  /** One button per library holding copies found here, and what its last recheck found. */
  function libraryBar(found: readonly Found[]): HTMLElement {
    const counts = new Map<string, number>();
    for (const f of found) counts.set(f.copy.library, (counts.get(f.copy.library) ?? 0) + 1);
    return h('div', { class: 'library-recheck', attrs: { role: 'group', 'aria-labelledby': 'library-recheck-heading' } },
      h('span', { attrs: { id: 'library-recheck-heading' }, text: t('lookup.recheckLibraries') }),
      ...[...counts].map(([id, n]) => {
        const name = nameOf(libraries.get(id)?.name, id);
        const check = libraryChecks.get(id);
        const button = h('button', {
          class: 'recheck-library',
          attrs: { type: 'button', 'data-library': id, disabled: check === 'asking', 'aria-label': t('lookup.recheckLibraryLabel', { library: name, n: fmtNumber(n) }) },
          text: t('lookup.recheckLibrary', { library: name, n: fmtNumber(n) }),
          on: { click: () => void recheckLibrary(id) },
        });
        const note = check === undefined ? [] : [h('span', { class: 'recheck-note', attrs: { role: 'status', 'data-library': id }, text: check === 'asking' ? t('lookup.rechecking') : t('lookup.libraryRechecked', { time: fmtTime(check.at), live: fmtNumber(check.live), gone: fmtNumber(check.gone), failed: fmtNumber(check.failed) }) })];
        return h('span', { class: 'library-check' }, button, ...note);
      }));
  }

  /** The live column: the button, and what the last recheck found. */
  function liveCell(found: Found): HTMLElement[] {
    const r = found.recheck;
    const button = h('button', {
      class: 'recheck',
      attrs: { type: 'button', disabled: r === 'asking' || !copyOf(found.cluster, found.copy), 'aria-label': t('lookup.recheckLabel', { barcode: found.copy.barcode ?? '—' }) },
      text: t('lookup.recheck'),
      on: { click: () => void recheck(found) },
    });
    if (r === undefined) return [button];
    if (r === 'asking') return [button, h('span', { class: 'recheck-note', text: t('lookup.rechecking') })];
    const note = (text: string, state: string) => h('span', { class: `recheck-note recheck-${state}`, attrs: { 'data-state': state, role: 'status' }, text });
    if ('failed' in r) return [button, note(t('lookup.recheckFailed', { reason: r.failed }), 'failed')];
    switch (r.state) {
      case 'live':
        return [button, note(t('lookup.liveAsOf', { time: fmtTime(r.asOf ?? new Date().toISOString()) }), 'live')];
      case 'not-listed':
        return [button, note(t('lookup.notListed'), 'not-listed')];
      case 'record-not-listed':
        return [button, note(t('lookup.recordNotListed'), 'record-not-listed')];
      default:
        return [button, note(t('lookup.recheckFailed', { reason: r.error?.message ?? r.state }), 'failed')];
    }
  }

  function render(): void {
    clear(output);
    if (!last) return;
    status.textContent = last.found.length === 0 ? t('lookup.none') : t('lookup.found', { n: fmtNumber(last.found.length) });
    const names = (ids: string[]) => ids.map((id) => nameOf(libraries.get(id)?.name, id)).join(t('lookup.listSeparator'));
    if (last.unable.length > 0) {
      output.append(h('p', { class: 'hint', attrs: { id: 'lookup-unable' }, text: t(last.kind === 'barcode' ? 'lookup.unableBarcode' : 'lookup.unableCallNumber', { list: names(last.unable) }) }));
    }
    if (last.failed.length > 0) output.append(h('p', { class: 'hint', attrs: { id: 'lookup-failed' }, text: t('lookup.failed', { list: names(last.failed) }) }));
    if (last.found.length === 0) return;
    output.append(libraryBar(last.found));
    const cols: StringKey[] = ['lookup.record', 'holdings.volume', 'lookup.library', 'holdings.branch', 'holdings.location', 'holdings.callNumber', 'holdings.status', 'holdings.dueDate', 'holdings.collectionType', 'holdings.barcode', 'holdings.ill', 'lookup.live'];
    const td = (key: StringKey, ...content: (Node | string)[]) => h('td', { attrs: { 'data-label': t(key) } }, ...content);
    output.append(h('table', { class: 'holdings lookup-table' },
      h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { attrs: { scope: 'col' }, text: t(c) })))),
      h('tbody', {}, ...last.found.map((found) => {
        const { cluster, copy } = found;
        return h('tr', { class: copy.ill?.eligible ? 'eligible' : 'ineligible', attrs: { 'data-barcode': copy.barcode ?? '' } },
        td('lookup.record', h('span', { text: titleWithVolume(cluster.merged), attrs: { lang: recordLang(cluster.merged.languages) } })),
        td('holdings.volume', copy.volume ?? ''),
        td('lookup.library', nameOf(libraries.get(copy.library)?.name, copy.library)),
        td('holdings.branch', copy.branch ?? ''),
        td('holdings.location', copy.location ?? ''),
        td('holdings.callNumber', copy.callNumber ?? ''),
        td('holdings.status', `${copy.statusText} `, h('span', { class: `status status-${copy.status}`, text: tMaybe(`status.${copy.status}`, copy.status) })),
        td('holdings.dueDate', copy.dueDate ? fmtDate(copy.dueDate) : ''),
        td('holdings.collectionType', copy.collectionType ?? ''),
        td('holdings.barcode', h('span', { class: 'barcode', text: copy.barcode ?? '' })),
        td('holdings.ill', copy.ill?.eligible ? t('holdings.eligible') : (copy.ill?.reasons ?? []).map(bilingual).join('；')),
        td('lookup.live', h('span', { class: 'live-check' }, ...liveCell(found))));
      }))));
  }

  const element = h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'lookup-heading' } },
    h('h2', { attrs: { id: 'lookup-heading' }, i18n: 'lookup.heading' }), form, status, output);
  return { element, rerender: render };
}
