/**
 * The Shanghai Library's Japanese-book catalogue (日文书目数据库, ~20,000 CNMARC records of
 * new Japanese books, searched apart from the main iPac OPAC). Basic or advanced search,
 * then the page's records fetched as ISO 2709 and read in the configured charset.
 */
import type { AdapterDescriptor, SearchRequest, SearchResult } from '../../src/adapter-api/contract.ts';
import { reportFetched, reportSearching } from '../../src/adapter-api/progress.ts';
import { fetchExport, searchFormPage, searchPage, type JpCall } from './client.ts';
import { formCapabilities } from '../../src/adapter-api/form-capabilities.ts';
import { selectOptions } from '../../src/adapter-api/search-form.ts';
import { SEARCH_FIELDS } from '../../src/query/model.ts';
import { toCriteria } from './query.ts';
import { readExport } from './records.ts';
import { fieldName, jpCatalogueSettingsSchema, type JpCatalogueSettings } from './settings.ts';

export const jpCatalogueAdapter: AdapterDescriptor<JpCatalogueSettings> = {
  kind: 'jp-catalogue',
  settingsSchema: jpCatalogueSettingsSchema,
  create(settings, context) {
    const dispatcher = context.httpDispatcher(settings.timeouts.connectMs);
    return {
      async search(request: SearchRequest): Promise<SearchResult> {
        const criteria = toCriteria(request.query, settings);
        const call: JpCall = { settings, dispatcher, signal: request.signal, ...(request.requestId === undefined ? {} : { requestId: request.requestId }) };
        const result: SearchResult = { hits: 0, records: [], diagnostics: [] };
        reportSearching(request);
        let position = request.start;
        let wanted = request.count;
        do {
          const envelope = await searchPage(call, criteria, position, Math.min(wanted, settings.maxRows));
          result.hits = envelope.hits;
          if (envelope.ids.length === 0 || !envelope.exportHref) break;
          const exported = await fetchExport(call, envelope.exportHref);
          // The configured charset wins over the HTTP label (README "charsets").
          const page = readExport(exported.body, context.library, settings.charset ?? exported.label, `export of records ${position}-${position + envelope.ids.length - 1}`);
          result.records.push(...page.records);
          result.diagnostics.push(...page.diagnostics);
          reportFetched(request, result.records.length, result.hits);
          position += envelope.ids.length;
          wanted -= envelope.ids.length;
        } while (wanted > 0 && position <= result.hits);
        return result;
      },
      // The basic search form's field options: a field is searchable when the form offers the name sent for it.
      async probe({ signal }) {
        const html = await searchFormPage({ settings, dispatcher, signal });
        const sent = Object.fromEntries(SEARCH_FIELDS.map((field) => [field, fieldName(settings, field) ?? undefined]).filter(([, name]) => name !== undefined));
        return formCapabilities(selectOptions(html, 'field'), sent, new Date());
      },
      async close() {
        // The dispatcher is shared and closed by the gateway.
      },
    };
  },
};
