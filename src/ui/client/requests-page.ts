/**
 * 我的申请 at `/requests`: the signed-in reader's drafts and requests by ST number, with where each
 * one is (BALIS's progress once it holds the request), a cancel while the lender has not started,
 * and the printable form again.
 */
import { api, ApiError, printUrl, type ReaderRequest } from './api.ts';
import { setUpChrome } from './chrome.ts';
import { byId, clear, h } from './dom.ts';
import { bilingual, fmtDateTime, nameOf, onLangChange, t, tMaybe, type StringKey } from './i18n.ts';

async function main(): Promise<void> {
  setUpChrome();
  const app = byId('app');
  const status = h('p', { attrs: { role: 'status', 'aria-live': 'polite', id: 'requests-status' } });
  const body = h('div', { class: 'table-scroll' });
  app.append(h('section', { class: 'panel-section', attrs: { 'aria-labelledby': 'requests-heading' } },
    h('h2', { attrs: { id: 'requests-heading' }, i18n: 'requests.heading' }), status, body));
  let requests: ReaderRequest[] = [];

  const td = (key: StringKey, ...content: (Node | string)[]) => h('td', { attrs: { 'data-label': t(key) } }, ...content);

  function render(): void {
    clear(body);
    if (requests.length === 0) return void body.append(h('p', { class: 'muted', text: t('drafts.none') }));
    const cols: StringKey[] = ['drafts.number', 'drafts.titleCol', 'drafts.lender', 'drafts.status', 'drafts.created', 'requests.actions'];
    body.append(h('table', { class: 'requests' },
      h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { attrs: { scope: 'col' }, text: t(c) })))),
      h('tbody', {}, ...requests.map((r) => h('tr', { attrs: { 'data-draft': r.id, 'data-status': r.status } },
        td('drafts.number', h('span', { class: 'barcode', text: r.requestNumber ?? '—' })),
        td('drafts.titleCol', r.title),
        td('drafts.lender', nameOf(r.lender.name, r.lender.id)),
        td('drafts.status', tMaybe(`draftStatus.${r.status}`, r.status), r.source === 'balis' ? h('span', { class: 'muted', text: ` · ${t('requests.asOf', { time: fmtDateTime(r.asOf) })}` }) : ''),
        td('drafts.created', fmtDateTime(r.createdAt)),
        td('requests.actions',
          h('a', { attrs: { href: printUrl(r.id), target: '_blank', rel: 'noopener' }, text: t('ill.print') }), ' ',
          r.canCancel ? h('button', { class: 'cancel', attrs: { type: 'button' }, text: t('requests.cancel'), on: { click: () => void cancel(r) } }) : ''))))));
  }

  async function load(): Promise<void> {
    try {
      requests = await api.requests();
      render();
    } catch (error) {
      status.textContent = t('error.network', { detail: error instanceof ApiError ? String(error.status) : '' });
    }
  }

  async function cancel(r: ReaderRequest): Promise<void> {
    try {
      await api.cancelDraft(r.id);
      // Announce once the table shows it, so a screen reader (or anyone) reading the row agrees with the message.
      await load();
      status.textContent = t('requests.cancelled', { number: r.requestNumber ?? r.title });
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : undefined;
      status.textContent = problem?.zh && problem.en ? bilingual({ zh: problem.zh, en: problem.en }) : t('requests.cannotCancel');
    }
  }

  onLangChange(render);
  await load();
}

void main();
