/**
 * One merged work per line — title with volume, authors, publisher, year, language, the
 * "可馆际互借" badge, the holding libraries — expanding to every library's copies and the
 * reasons the records were merged.
 */
import type { Cluster, Holding, Library } from './api.ts';
import { clear, h } from './dom.ts';
import { fmtNumber, lang, languageName, nameOf, recordLang, t, tMaybe } from './i18n.ts';
import { lendableLine, type RequestHandler } from './holdings-table.ts';
import { volumeGrid, type GridState } from './volume-grid.ts';

export interface ItemContext {
  libraries: Map<string, Library>;
  onRequest(cluster: Cluster, library: string, holding: Holding): void;
}

export interface ResultItem {
  element: HTMLLIElement;
  cluster: Cluster;
  update(cluster: Cluster): void;
}

const SHOWN_LIBRARIES = 4;

export function titleWithVolume(m: Cluster['merged']): string {
  let text = m.subtitle ? `${m.title}: ${m.subtitle}` : m.title;
  const part = [m.partNumber, m.partName].filter(Boolean).join(': ');
  if (part) text = `${text}. ${part}`;
  return text;
}

function whyMerged(cluster: Cluster, libraries: Map<string, Library>): HTMLElement {
  const items = cluster.members.map((m) => h('li', {},
    h('span', { class: 'lib', text: nameOf(libraries.get(m.library)?.name, m.library) }), ' · ',
    h('span', { text: tMaybe(`rule.${m.rule}`, m.rule) }),
    m.value && m.rule !== 'single' ? h('code', { text: m.value }) : null,
    ' ', h('span', { class: 'muted', text: m.recordId })));
  // Folded: a work held by 25 libraries lists 25 records, which would bury the copies on a phone.
  return h('details', { class: 'why' }, h('summary', {}, h('h4', { text: t('record.why') })), h('ul', {}, ...items));
}

/** Other editions, bindings, volumes and translations, each with why it is not this work. */
function related(cluster: Cluster): HTMLElement | null {
  const relations = cluster.relations ?? [];
  if (relations.length === 0) return null;
  const items = relations.map((r) => h('li', { attrs: { 'data-related': r.clusterId } },
    h('span', { class: 'kind', text: tMaybe(`relation.${r.kind}`, r.kind) }), ': ',
    h('span', { text: r.title }),
    r.reason ? h('span', { class: 'reason', text: ` (${lang() === 'zh' ? r.reason.zh : r.reason.en})` }) : null,
    r.via ? h('span', { class: 'muted', text: ` · ${t('relation.via', { value: r.via })}` }) : null));
  // Folded like the merge reasons: a set's other volumes would push the next works off a phone's screen.
  return h('details', { class: 'related' }, h('summary', {}, h('h4', { text: t('record.related') })), h('ul', {}, ...items));
}

export function createResultItem(initial: Cluster, ctx: ItemContext): ResultItem {
  const element = h('li', { class: 'result', attrs: { 'data-cluster': initial.id } });
  const panelId = `panel-${initial.id}`;
  let expanded = false;
  const grid: GridState = { all: false };
  const item: ResultItem = { element, cluster: initial, update };

  function render(): void {
    const c = item.cluster;
    const m = c.merged;
    clear(element);
    const authors = m.authors.slice(0, 3).map((a) => (a.vernacular ? `${a.name} (${a.vernacular})` : a.name)).join('; ');
    const language = m.languages.map((code, i) => languageName(code, m.languageNames[i] ?? code)).join(', ');
    const meta = [authors, m.publisher, m.year !== undefined ? String(m.year) : m.yearText, language, m.materialType].filter((v): v is string => Boolean(v));
    const names = c.libraries.slice(0, SHOWN_LIBRARIES).map((id) => nameOf(ctx.libraries.get(id)?.name, id));
    const more = c.libraries.length > SHOWN_LIBRARIES ? ` ${t('record.more', { n: fmtNumber(c.libraries.length - SHOWN_LIBRARIES) })}` : '';
    const toggle = h('button', {
      class: 'expand',
      attrs: { type: 'button', 'aria-expanded': expanded ? 'true' : 'false', 'aria-controls': panelId },
      text: expanded ? t('record.hide') : t('record.show'),
      on: { click: () => {
        expanded = !expanded;
        render();
        element.querySelector<HTMLButtonElement>('button.expand')?.focus();
      } },
    });
    element.append(
      h('h3', { class: 'result-title' }, h('span', { text: titleWithVolume(m), attrs: { lang: recordLang(m.languages) } })),
      h('p', { class: 'meta', text: meta.join(' · ') }),
      h('p', { class: 'held' },
        c.eligibleLibraries.length > 0 ? h('span', { class: 'badge', text: t('record.ill') }) : null,
        h('span', { text: t('record.heldBy', { list: names.join('、') }) + more })),
      toggle,
    );
    if (expanded) {
      const request: RequestHandler = (library, holding) => ctx.onRequest(item.cluster, library, holding);
      const copies = volumeGrid(c, ctx.libraries, request, grid, (focus) => {
        render();
        element.querySelector<HTMLElement>(focus)?.focus();
      });
      const panel = h('div', { class: 'panel', attrs: { id: panelId } },
        lendableLine(c.holdings),
        copies,
        whyMerged(c, ctx.libraries),
        related(c));
      element.append(panel);
    }
  }

  function update(cluster: Cluster): void {
    item.cluster = cluster;
    render();
  }

  render();
  return item;
}
