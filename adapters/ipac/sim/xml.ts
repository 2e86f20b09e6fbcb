/**
 * GetXML renderings of the simulated OPAC (reference 04 §3): `searchresponse` with
 * `yoursearch/hits`, `summary/searchresults/results/row` for a list, `fullnonmarc` +
 * `items` for a full display, a `prompt` for a login. Element names follow what the
 * Umlaut, BIU Santé and SPL clients read; which labels SHL uses are assumed (Chinese).
 */
import type { SimRecord } from './catalogue.ts';
import { fullFields, func, itemTable, publication, titleWithResponsibility, type SimTable } from './display.ts';
import { h, xmlDocument, type Child, type Markup } from './markup.ts';

export interface XmlContext {
  encoding: 'UTF-8' | 'GBK';
  session: string;
  term: string;
  index: string;
}

const data = (value: string, link?: string): Markup => h('data', {}, h('text', {}, value), link ? h('link', {}, h('func', {}, link)) : undefined);
const header = (labels: readonly string[]): Markup => h('header', {}, labels.map((l) => h('col', {}, h('label', {}, l))));

function yourSearch(ctx: XmlContext, hits: number, page?: number, npp?: number): Markup {
  return h(
    'yoursearch',
    {},
    h('term', {}, ctx.term),
    h('index', {}, ctx.index),
    h('hits', {}, hits),
    page === undefined ? undefined : h('view', {}, h('currpage', {}, page), h('npp', {}, npp ?? 20)),
  );
}

function response(ctx: XmlContext, ...children: Child[]): string {
  return xmlDocument(ctx.encoding, h('searchresponse', {}, h('session', {}, ctx.session), ...children));
}

export function xmlList(ctx: XmlContext, hits: number, page: number, npp: number, rows: { record: SimRecord; position: number }[]): string {
  const summary = h(
    'summary',
    {},
    h(
      'searchresults',
      {},
      header(['题名', '著者', '出版者', '出版日期']),
      h(
        'results',
        {},
        rows.map(({ record, position }) =>
          h(
            'row',
            {},
            h('key', {}, record.key),
            h('TITLE', {}, data(titleWithResponsibility(record), func(record.key, position))),
            record.authors[0] ? h('AUTHOR', {}, data(record.authors[0])) : undefined,
            record.publisher ? h('PUBLISHER', {}, data(`${record.publisher},`)) : undefined,
            record.date ? h('PUBDATE', {}, data(record.date)) : undefined,
            record.isbn[0] ? h('isbn', {}, record.isbn[0]) : undefined,
            record.issn[0] ? h('issn', {}, record.issn[0]) : undefined,
            h('sourceid', {}, 'horizon'),
          ),
        ),
      ),
    ),
  );
  return response(ctx, yourSearch(ctx, hits, page, npp), summary);
}

function itemsSection(table: SimTable, keys: readonly string[]): Markup {
  return h(
    'items',
    {},
    h(
      'searchresults',
      {},
      header(table.labels),
      h(
        'results',
        {},
        table.rows.map((cells, i) =>
          h(
            'row',
            {},
            h('key', {}, keys[i] ?? String(i + 1)),
            h('LOCALLOCATION', {}, data(cells[1] ?? '')),
            h('CALLNUMBER', {}, data(cells[2] ?? '')),
            cells.map((c) => h('cell', {}, c === '' ? undefined : data(c))),
          ),
        ),
      ),
    ),
  );
}

/** A full display; `hits` set when it answers a search that found exactly one record. */
export function xmlFull(ctx: XmlContext, record: SimRecord, options: { hits?: number; drift?: boolean; itemsPerPage: number }): string {
  const fields = fullFields(record);
  const items = record.items.slice(0, options.itemsPerPage);
  const full = h(
    'fullnonmarc',
    {},
    h(
      'searchresults',
      {},
      header(fields.map(([label]) => label)),
      h(
        'results',
        {},
        h(
          'row',
          {},
          h('key', {}, record.key),
          h('TITLE', {}, data(titleWithResponsibility(record))),
          record.authors[0] ? h('AUTHOR', {}, data(record.authors[0])) : undefined,
          h('PUBLISHER', {}, data(publication(record))),
          fields.map(([, values]) => h('cell', {}, values.map((v) => data(v)))),
        ),
      ),
    ),
  );
  return response(
    ctx,
    options.hits === undefined ? undefined : yourSearch(ctx, options.hits),
    full,
    items.length > 0 ? itemsSection(itemTable(items, options.drift), items.map((i) => i.barcode.slice(-7))) : undefined,
  );
}

export function xmlNoHits(ctx: XmlContext): string {
  return response(ctx, yourSearch(ctx, 0));
}

/** SPL: a `<prompt>` in the answer means the page wants a login. */
export function xmlLogin(ctx: XmlContext): string {
  return xmlDocument(ctx.encoding, h('searchresponse', {}, h('prompt', {}, h('label', {}, '请输入读者证号和密码'))));
}
