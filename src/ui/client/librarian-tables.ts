/**
 * The librarian's tables: member libraries with their recent health (/api/libraries), and
 * the ILL drafts (/api/ill/drafts?all=1) with status and title — reader fields masked.
 */
import { api, type Draft, type Library } from './api.ts';
import { clear, h } from './dom.ts';
import { bilingual, fmtDateTime, fmtMs, fmtNumber, fmtPercent, nameOf, t, tMaybe, type StringKey } from './i18n.ts';

const td = (key: StringKey, ...content: (Node | string)[]) => h('td', { attrs: { 'data-label': t(key) } }, ...content);
const head = (keys: StringKey[]) => h('thead', {}, h('tr', {}, ...keys.map((k) => h('th', { attrs: { scope: 'col' }, text: t(k) }))));

function healthTable(libraries: Library[]): HTMLTableElement {
  const cols: StringKey[] = ['lib.name', 'lib.category', 'lib.service', 'lib.searches', 'lib.answerRate', 'lib.median', 'lib.lastError', 'lib.breaker', 'lib.timeout', 'lib.capabilities'];
  return h('table', { class: 'health' }, head(cols), h('tbody', {}, ...libraries.map((l) => {
    const health = l.health;
    const error = health?.lastError;
    return h('tr', { class: l.service.status === 'suspended' ? 'suspended' : '', attrs: { 'data-library': l.id } },
      td('lib.name', nameOf(l.name, l.id)),
      td('lib.category', tMaybe(`category.${l.category}`, l.category)),
      td('lib.service', l.service.status === 'suspended' ? `${t('state.suspended')}${l.service.notice ? ` — ${bilingual(l.service.notice)}` : ''}` : t('lib.active')),
      td('lib.searches', fmtNumber(health?.searches ?? 0)),
      td('lib.answerRate', health?.answerRate === undefined ? t('lib.none') : fmtPercent(health.answerRate)),
      td('lib.median', health?.medianMs === undefined ? t('lib.none') : fmtMs(health.medianMs)),
      td('lib.lastError', error ? `${error.message} (${fmtDateTime(error.at)})` : t('lib.none')),
      td('lib.breaker', ...breakerCell(l)),
      td('lib.timeout', timeoutText(l)),
      td('lib.capabilities', ...capabilityCell(l)));
  })));
}

function breakerCell(l: Library): (Node | string)[] {
  const breaker = l.health?.breaker;
  if (!breaker || breaker.state === 'closed') return [t('lib.breakerClosed')];
  if (breaker.state === 'half-open') return [t('lib.breakerHalfOpen')];
  const text = t('lib.breakerOpen', { since: fmtDateTime(breaker.since ?? ''), failures: breaker.failures, retry: fmtDateTime(breaker.retryAt ?? '') });
  const status = h('span', { attrs: { role: 'status' } });
  // "Retry now": the gateway probes the library at once and answers with the breaker's new state.
  const button = h('button', { attrs: { type: 'button', 'data-retry': l.id }, i18n: 'lib.retryNow', on: { click: () => {
    button.setAttribute('disabled', '');
    void api.retryLibrary(l.id).then(
      (answer) => { status.textContent = answer.breaker.state === 'closed' ? t('lib.breakerClosed') : t('lib.breakerOpen', { since: fmtDateTime(answer.breaker.since ?? ''), failures: answer.breaker.failures, retry: fmtDateTime(answer.breaker.retryAt ?? '') }); },
      (error: unknown) => { status.textContent = error instanceof Error ? error.message : String(error); },
    ).finally(() => button.removeAttribute('disabled'));
  } } });
  return [text, ' ', button, ' ', status];
}

function timeoutText(l: Library): string {
  const chosen = l.health?.timeout;
  if (!chosen) return t('lib.none');
  const text = chosen.learned ? t('lib.timeoutLearned', { ms: fmtMs(chosen.ms), how: chosen.learned }) : fmtMs(chosen.ms);
  const early = l.health?.earlyEnd;
  return early ? `${text}; ${t('lib.earlyEnd', { ms: fmtMs(early.ms), how: early.rule })}` : text;
}

/** The indexes the library searches (configured or probed), its protocol facts, and the probe's last word. */
function capabilityCell(l: Library): (Node | string)[] {
  const c = l.capabilities;
  const lines: string[] = [];
  if (c.known && c.indexes) {
    lines.push(c.indexes.join(' · '));
    lines.push(c.configured ? t('lib.capConfigured') : t('lib.capDiscovered', { source: c.source ?? '', at: fmtDateTime(c.at ?? '') }));
    const facts = factsText(c.facts);
    if (facts) lines.push(facts);
  } else lines.push(t('lib.capUnknown'));
  if (c.lastProbe?.outcome === 'failed') lines.push(t('lib.capProbeFailed', { at: fmtDateTime(c.lastProbe.at), error: c.lastProbe.error ?? '' }));
  if (c.nextProbeAt) lines.push(t('lib.capNextProbe', { at: fmtDateTime(c.nextProbeAt) }));
  return lines.flatMap((line, i) => (i === 0 ? [line] : [h('br'), line]));
}

/** Protocol facts in the protocols' own words (SRU version and maximumRecords; the Z39.50 options agreed). */
function factsText(facts: Library['capabilities']['facts']): string {
  if (!facts) return '';
  if (facts.protocol === 'sru') return [`SRU ${facts.version ?? ''}`.trim(), facts.maximumRecords === undefined ? '' : `maximumRecords ${facts.maximumRecords}`, facts.schemas.join(', ')].filter(Boolean).join(' · ');
  if (facts.protocol === 'z3950') {
    const flags = { namedResultSets: facts.namedResultSets, scan: facts.scan, sort: facts.sort, charsetNegotiation: facts.charsetNegotiation, Explain: facts.explain };
    return ['Z39.50', ...Object.entries(flags).map(([name, on]) => `${on ? '✓' : '✗'} ${name}`), explainText(facts)].filter(Boolean).join(' · ');
  }
  return facts.options.map((o) => o.label).join(' · ');
}

/** What Explain settled: "Explain: 8 indexes, 1,234 records" (the indexes it decided as supported; the records of the library's databases). */
function explainText(facts: Extract<Library['capabilities']['facts'], { protocol: 'z3950' }>): string {
  const info = facts.explainInfo;
  if (!info) return '';
  const indexes = facts.useAttributes.filter((u) => u.from === 'explain' && u.supported).length;
  const counted = info.databases.filter((d) => d.recordCount !== undefined);
  const records = counted.length === 0 ? '?' : `${counted.some((d) => d.approximate) ? '~' : ''}${fmtNumber(counted.reduce((n, d) => n + (d.recordCount ?? 0), 0))}`;
  return t('lib.capExplain', { indexes: fmtNumber(indexes), records });
}

/** Enough of the barcode for a librarian to recognize a request at the desk, no more. */
function maskBarcode(value: string | undefined): string {
  if (!value) return '';
  return value.length <= 4 ? '••••' : `${'•'.repeat(Math.min(8, value.length - 2))}${value.slice(-2)}`;
}

function draftsTable(drafts: Draft[]): HTMLElement {
  if (drafts.length === 0) return h('p', { class: 'muted', text: t('drafts.none') });
  const cols: StringKey[] = ['drafts.created', 'drafts.status', 'drafts.titleCol', 'drafts.lender', 'drafts.number', 'drafts.reader'];
  return h('table', { class: 'drafts' }, head(cols), h('tbody', {}, ...drafts.map((d) => h('tr', { attrs: { 'data-draft': d.id } },
    td('drafts.created', fmtDateTime(d.createdAt)),
    td('drafts.status', tMaybe(`draftStatus.${d.status}`, d.status), (d.duplicates ?? []).length > 0 ? h('span', { class: 'tag tag-duplicate', attrs: { 'data-duplicates': (d.duplicates ?? []).join(' ') }, text: t('drafts.duplicate') }) : ''),
    td('drafts.titleCol', d.form.title),
    td('drafts.lender', nameOf(d.lender.name, d.lender.id)),
    td('drafts.number', d.submission.requestNumber ?? ''),
    td('drafts.reader', maskBarcode(d.reader?.readerBarcode))))));
}

export function refreshable(headingKey: StringKey, id: string, load: () => Promise<HTMLElement>): { element: HTMLElement; refresh(): Promise<void> } {
  const body = h('div', { class: 'table-scroll' });
  const status = h('p', { attrs: { role: 'status', 'aria-live': 'polite' } });
  const refresh = async () => {
    try {
      const content = await load();
      clear(body);
      body.append(content);
      status.textContent = '';
    } catch (error) {
      status.textContent = t('error.network', { detail: error instanceof Error ? error.message : String(error) });
    }
  };
  const element = h('section', { class: 'panel-section', attrs: { 'aria-labelledby': id } },
    h('div', { class: 'section-head' }, h('h2', { attrs: { id }, i18n: headingKey }), h('button', { attrs: { type: 'button' }, i18n: 'lib.refresh', on: { click: () => void refresh() } })),
    status, body);
  return { element, refresh };
}

export const loaders = {
  health: async () => healthTable(await api.libraries()),
  drafts: async () => draftsTable(await api.drafts()),
};
