/**
 * The iPac 2.0 / Horizon Information Portal adapter (the Shanghai Library's OPAC,
 * `ipac20/ipac.jsp`): index/term searches, GetXML or HTML pages, brief records first,
 * then full displays with holdings read by column label (reference 04).
 */
import type { AdapterDescriptor } from '../../src/adapter-api/contract.ts';
import type { HtmlReadOptions } from './html-pages.ts';
import { IpacPages, type SiteState } from './pages.ts';
import { runSearch } from './search-flow.ts';
import { fullLabels, ipacSettingsSchema, itemLabels, type IpacSettings } from './settings.ts';
import { IpacTransport } from './transport.ts';
import { probeIpac } from './probe.ts';

export const ipacAdapter: AdapterDescriptor<IpacSettings> = {
  kind: 'ipac',
  settingsSchema: ipacSettingsSchema,
  create(settings, context) {
    const shared = context.limits ? { limits: context.limits, library: context.library.id } : undefined;
    const transport = new IpacTransport(settings, context.httpDispatcher(settings.timeouts.connectMs), Date.now, shared);
    // Session and GetXML support are properties of the site, learned once and shared by its searches.
    const state: SiteState = { xml: 'unknown' };
    const labels = fullLabels(settings);
    const html: HtmlReadOptions = {
      noHitsTexts: settings.noHitsTexts,
      itemLabels: Object.values(itemLabels(settings)),
      // The title label first: the HTML reader takes the title from it.
      fullLabels: [labels.title, ...Object.values(labels).filter((l) => l !== labels.title)],
      otherBranchesText: settings.otherBranchesText,
      holdingsHeading: settings.holdingsHeading,
    };
    return {
      // Pages per search: they carry its request id to the OPAC.
      search: (request) => runSearch({ settings, pages: new IpacPages(settings, transport, state, html, request.requestId), transport, library: context.library }, state, request),
      probe: ({ signal }) => probeIpac(settings, transport, signal),
      async close() {
        // The dispatcher is shared and closed by the gateway.
      },
    };
  },
};
