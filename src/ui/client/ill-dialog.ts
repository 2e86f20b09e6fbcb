/**
 * The ILL request as the seed walks it: the prefilled 馆际互借申请单 (the reader adds their
 * own fields), the 确认申请单 page from the draft the gateway made, then the request number.
 * A copy that cannot be lent answers 409: the reasons and the eligible alternatives are shown,
 * each one a click away from its own request.
 */
import { api, ApiError, isoUrl, printUrl, type Cluster, type CopyRef, type Draft, type DuplicateRef, type Holding, type Library } from './api.ts';
import { clear, h } from './dom.ts';
import { balisValue, bilingual, nameOf, recordLang, t, tMaybe, type StringKey } from './i18n.ts';
import { createBibForm, type BibForm, type BibKey } from './ill-bib-fields.ts';
import { createReaderForm, textLength, type ReaderKey } from './ill-fields.ts';
import { outcomeLine, submissionReason } from './ill-outcome.ts';
import { titleWithVolume } from './result-item.ts';

export interface IllRequest {
  resultSetId: string;
  cluster: Cluster;
  library: string;
  holding: Pick<Holding, 'barcode' | 'branch' | 'location' | 'callNumber' | 'volume'> & { index?: number };
}

/** BALIS's only delivery (the seed's form offers nothing else). */
const DELIVERY = '物流';
/** BALIS's length limits, shown as counters on the form and the confirmation. */
const LIMITS: Partial<Record<string, number>> = { title: 240, lenderDetail: 100, note: 50 };

/** The seed's confirmation page, in its order. */
const CONFIRM_FIELDS: (keyof Draft['form'] | ReaderKey)[] = [
  'title', 'language', 'year', 'authors', 'publisher', 'isbnIssn', 'lenderCode', 'materialType', 'lenderName', 'lenderDetail', 'delivery', 'pickup', 'fee',
  'readerBarcode', 'readerName', 'recipientName', 'email', 'phone', 'paymentMethod', 'customReference', 'note',
];

/** The work and, for a set, the volume of the chosen copy (the draft is made for that volume). */
function workLine(request: IllRequest): string {
  const m = request.cluster.merged;
  const volume = request.holding.volume;
  return volume && !m.partNumber ? `${titleWithVolume(m)} · ${volume}` : titleWithVolume(m);
}

function detailText(holding: IllRequest['holding']): string {
  const parts = [holding.branch, holding.location, holding.callNumber ? `索书号 ${holding.callNumber}` : '', holding.barcode ? `条码 ${holding.barcode}` : ''];
  return parts.filter(Boolean).join('，');
}

/** Fields whose values are BALIS's own words (物流, 现金支付, 0元): shown in the UI language. */
const BALIS_VALUES = new Set<string>(['field.language', 'field.materialType', 'field.delivery', 'field.pickup', 'field.fee', 'field.paymentMethod']);
/** Fields that hold record text: marked with the record's language. */
const RECORD_TEXT = new Set<string>(['field.title', 'field.authors', 'field.publisher']);

function row(label: StringKey, value: string, options: { limit?: number; lang?: string | undefined } = {}): HTMLElement {
  const { limit } = options;
  const counter = limit ? h('span', { class: `counter${textLength(value) > limit ? ' over' : ''}`, text: `${t('ill.limit', { n: limit })} · ${t('ill.counter', { n: textLength(value), max: limit })}` }) : null;
  const shown = BALIS_VALUES.has(label) ? balisValue(value) : value;
  const text = h('span', { text: shown, attrs: { 'data-field': label.slice('field.'.length), ...(RECORD_TEXT.has(label) && options.lang ? { lang: options.lang } : {}) } });
  return h('div', { class: 'row' }, h('dt', { text: t(label) }), h('dd', {}, text, counter));
}

export function createIllDialog(libraries: Map<string, Library>): { element: HTMLDialogElement; open(request: IllRequest, opener?: HTMLElement): void } {
  const heading = h('h2', { attrs: { id: 'ill-heading', tabindex: '-1' } });
  const body = h('div', { class: 'ill-body' });
  const status = h('p', { class: 'ill-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const element = h('dialog', { class: 'ill', attrs: { 'aria-labelledby': 'ill-heading' } }, heading, status, body);
  let opener: HTMLElement | undefined;
  /** The reader part of the form on screen (replaced by each fill). */
  let currentReader: ReturnType<typeof createReaderForm> | undefined;
  element.addEventListener('close', () => opener?.focus());

  const button = (key: StringKey, onClick: () => void, primary = false) =>
    h('button', { class: primary ? 'primary' : '', attrs: { type: 'button' }, text: t(key), on: { click: onClick } });

  function focusInvalid(bib: BibForm, reader: ReturnType<typeof createReaderForm>): void {
    const invalid = bib.firstInvalid();
    if (invalid) invalid.focus();
    else reader.focusFirst();
  }

  /** What the reader typed so far, kept across "back" and the alternatives. */
  interface Typed {
    reader: Record<ReaderKey, string>;
    bibliographic: Partial<Record<BibKey, string>>;
  }

  /** The draft's reference to the work and the copy (shared by the preview and the draft). */
  function reference(request: IllRequest) {
    const holding = request.holding.barcode ? { barcode: request.holding.barcode } : { index: request.holding.index ?? 0 };
    return { resultSetId: request.resultSetId, clusterId: request.cluster.id, lender: request.library, holding };
  }

  function fill(request: IllRequest, previous?: Partial<Typed>): void {
    heading.textContent = t('ill.fill');
    status.textContent = '';
    clear(body);
    const lender = libraries.get(request.library);
    const language = recordLang(request.cluster.merged.languages);
    const preview = h('dl', { class: 'form-preview' },
      row('field.lenderName', `${nameOf(lender?.name, request.library)}${lender?.lenderCode ? ` (${lender.lenderCode})` : ''}`),
      row('field.lenderDetail', detailText(request.holding), { limit: 100 }),
      row('field.delivery', DELIVERY));
    const about = h('p', { class: 'hint', attrs: { id: 'ill-fields-note' }, text: t('ill.fieldsNext') });
    // The bibliographic fields are the gateway's, made for the copy's volume (the same step as the draft), and the reader's to correct.
    const bib = createBibForm(language);
    const reader = createReaderForm(previous?.reader);
    currentReader = reader;
    const failure = outcomeLine('ill-next-outcome');
    // The reader's open requests for this volume (409 duplicate_request): shown here, by the button, until confirmed.
    const duplicate = h('div', { class: 'duplicate', attrs: { id: 'ill-duplicate', role: 'alert', tabindex: '-1', hidden: true } });
    const form = h('form', { attrs: { novalidate: true } }, h('p', { class: 'work-title', text: workLine(request), attrs: { lang: language } }), preview, about, bib.element, reader.element,
      h('div', { class: 'actions' }, h('button', { class: 'primary', attrs: { type: 'submit' }, text: t('ill.next') }), button('ill.cancel', () => element.close()), failure.element),
      duplicate);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const bibOk = bib.validateAll();
      if (!reader.validateAll() || !bibOk) {
        status.textContent = t('ill.fixErrors');
        focusInvalid(bib, reader);
        return;
      }
      failure.clear();
      duplicate.hidden = true;
      void createDraft(request, { reader: reader.values(), bibliographic: bib.corrections() }, { reader, bib, failure, duplicate });
    });
    body.append(form);
    reader.focusFirst();
    void api.previewDraft(reference(request)).then(
      (answer) => {
        if (!body.contains(form)) return;
        bib.load(answer, previous?.bibliographic);
        // The lender and the copy as the draft will name them (a catalogue's lender, 上海图书馆, not the catalogue).
        const lenderText = `${nameOf(answer.lender.name, answer.form.lenderName)}${answer.form.lenderCode ? ` (${answer.form.lenderCode})` : ''}`;
        preview.replaceChildren(row('field.lenderName', lenderText), row('field.lenderDetail', answer.form.lenderDetail, { limit: 100 }), row('field.delivery', answer.form.delivery));
      },
      (error: unknown) => {
        if (!body.contains(form)) return;
        if (error instanceof ApiError && error.status === 409 && !error.problem.code) refused(request, error.problem.reasons ?? [], error.problem.alternatives ?? [], { reader: reader.values(), bibliographic: {} });
        else failure.show(t('ill.previewFailed', { why: submissionReason(error) }));
      },
    );
  }

  interface FormParts {
    reader: ReturnType<typeof createReaderForm>;
    bib: BibForm;
    failure: ReturnType<typeof outcomeLine>;
    duplicate: HTMLElement;
  }

  async function createDraft(request: IllRequest, typed: Typed, parts: FormParts, confirmDuplicate = false): Promise<void> {
    const { reader, bib, failure } = parts;
    status.textContent = t('ill.working');
    const { customReference, note, ...readerValues } = typed.reader;
    const readerBody = Object.fromEntries(Object.entries(readerValues).filter(([, v]) => v !== ''));
    const { bibliographic } = typed;
    try {
      const draft = await api.createDraft({
        ...reference(request), reader: readerBody, ...(Object.keys(bibliographic).length > 0 ? { bibliographic } : {}),
        ...(customReference ? { customReference } : {}), ...(note ? { note } : {}), ...(confirmDuplicate ? { confirmDuplicate: true } : {}),
      });
      confirm(request, draft, typed);
    } catch (error) {
      const errors = error instanceof ApiError && error.status === 400 ? (error.problem.errors ?? []) : [];
      const onReader = reader.serverErrors(errors);
      if (bib.serverErrors(errors) || onReader) {
        status.textContent = t('ill.fixErrors');
        focusInvalid(bib, reader);
      } else if (error instanceof ApiError && error.status === 409 && error.problem.code === 'duplicate_request') {
        status.textContent = '';
        showDuplicates(error.problem.duplicates ?? [], () => void createDraft(request, typed, parts, true), parts.duplicate);
      } else if (error instanceof ApiError && error.status === 409) {
        refused(request, error.problem.reasons ?? [], error.problem.alternatives ?? [], typed);
      } else {
        status.textContent = '';
        failure.show(t('ill.draftFailed', { why: submissionReason(error) }));
      }
    }
  }

  function showDuplicates(duplicates: DuplicateRef[], anyway: () => void, box: HTMLElement): void {
    clear(box);
    box.append(
      h('p', { class: 'duplicate-title', text: t('ill.duplicate') }),
      h('ul', {}, ...duplicates.map((d) => h('li', { attrs: { 'data-draft': d.id } }, bilingual(d), ' · ', tMaybe(`draftStatus.${d.status}`, d.status)))),
      h('div', { class: 'actions' }, button('ill.duplicateAnyway', anyway, true), button('ill.cancel', () => element.close())));
    box.hidden = false;
    box.focus();
  }

  function refused(request: IllRequest, reasons: { zh: string; en: string }[], alternatives: CopyRef[], typed: Typed): void {
    heading.textContent = t('ill.heading');
    status.textContent = t('ill.notEligible');
    clear(body);
    body.append(h('ul', { class: 'reasons' }, ...reasons.map((r) => h('li', { text: bilingual(r) }))));
    if (alternatives.length > 0) {
      body.append(h('h3', { text: t('ill.alternatives') }), h('ul', { class: 'alternatives-list' }, ...alternatives.map((alt) => h('li', {},
        h('span', { text: [nameOf(libraries.get(alt.library)?.name, alt.libraryName), alt.location, alt.callNumber, alt.statusText, alt.collectionType].filter(Boolean).join(' · ') }), ' ',
        button('ill.useAlternative', () => fill({ ...request, library: alt.library, holding: { ...alt, ...(alt.barcode ? {} : { index: alt.index }) } }, { reader: typed.reader }))))));
    }
    body.append(h('div', { class: 'actions' }, button('ill.close', () => element.close())));
    heading.focus();
  }

  function confirm(request: IllRequest, draft: Draft, typed: Typed): void {
    heading.textContent = t('ill.confirm');
    status.textContent = '';
    clear(body);
    const shown: Record<string, string> = { ...draft.form, ...(draft.reader ?? {}) };
    const language = recordLang(request.cluster.merged.languages);
    const list = h('dl', { class: 'confirm' }, ...CONFIRM_FIELDS.map((key) => row(`field.${key}` as StringKey, shown[key] ?? '', { lang: language, ...(LIMITS[key] ? { limit: LIMITS[key] } : {}) })));
    const warnings = draft.warnings.length > 0 ? h('ul', { class: 'warnings' }, ...draft.warnings.map((w) => h('li', { text: bilingual(w) }))) : null;
    const submit = button('ill.submit', () => void doSubmit(), true);
    // The reader is at the button: a failure is said here, not at the top of a long dialog.
    const failure = outcomeLine('ill-submit-outcome');
    body.append(list, warnings ?? '', h('div', { class: 'actions' }, submit, button('ill.back', () => fill(request, typed)), button('ill.cancel', () => element.close()), failure.element));
    heading.focus();

    async function doSubmit(): Promise<void> {
      submit.disabled = true;
      failure.clear();
      status.textContent = t('ill.working');
      try {
        done((await api.submitDraft(draft.id)).draft);
      } catch (error) {
        // The draft is kept as it was: the same button submits it again.
        submit.disabled = false;
        status.textContent = '';
        failure.show(t('ill.submitFailed', { why: submissionReason(error) }));
      }
    }
  }

  function done(draft: Draft): void {
    heading.textContent = t('ill.done');
    status.textContent = '';
    clear(body);
    body.append(
      h('p', { class: 'request-number' }, t('ill.requestNumber'), ' ', h('strong', { attrs: { id: 'request-number' }, text: draft.submission.requestNumber ?? '' })),
      draft.submission.warnings.length > 0 ? h('div', { class: 'warnings' }, h('p', { text: t('ill.warnings') }), h('ul', {}, ...draft.submission.warnings.map((w) => h('li', {}, h('code', { text: w }))))) : '',
      h('p', { class: 'links' },
        h('a', { attrs: { href: printUrl(draft.id), target: '_blank', rel: 'noopener' }, text: t('ill.print') }), ' ',
        h('a', { attrs: { href: isoUrl(draft.id), download: `ill-${draft.id}.xml` }, text: t('ill.iso') })),
      h('div', { class: 'actions' }, button('ill.close', () => element.close(), true)));
    heading.focus();
  }

  return {
    element,
    open(request, from) {
      opener = from;
      if (!element.open) element.showModal();
      fill(request);
      // The reader's details from their last form, kept by the gateway (never in the browser's storage).
      // Filled in place while the reader fields are empty: corrections already made to the
      // bibliographic fields stay, and so does the focus.
      const form = currentReader;
      void api.readerDetails().then((reader) => {
        if (!reader || !element.open || heading.textContent !== t('ill.fill') || currentReader !== form) return;
        form?.prefill({ readerBarcode: reader.readerBarcode, readerName: reader.readerName ?? '', recipientName: reader.recipientName, email: reader.email, phone: reader.phone ?? '' });
      }).catch(() => undefined);
    },
  };
}
