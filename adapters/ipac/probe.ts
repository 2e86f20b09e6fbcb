/**
 * iPac's capabilities: the basic search form on its start page (`<select name="index">`,
 * .TW 题名关键词, ISBN…). A field is supported when the form offers the index code this
 * library's searches use; a year limit needs no index (query.ts applies it to the records).
 */
import type { Capabilities } from '../../src/adapter-api/capabilities.ts';
import { formCapabilities } from '../../src/adapter-api/form-capabilities.ts';
import { selectOptions } from '../../src/adapter-api/search-form.ts';
import type { SearchField } from '../../src/query/model.ts';
import { queryIndexes, type IpacSettings } from './settings.ts';
import type { IpacTransport } from './transport.ts';
import { startParams, withParams } from './url.ts';

export async function probeIpac(settings: IpacSettings, transport: IpacTransport, signal: AbortSignal): Promise<Capabilities> {
  const page = await transport.get(withParams(settings.url, startParams(settings.profile), transport.charset), signal);
  const sent: Partial<Record<SearchField, string | true>> = { year: true };
  for (const [field, code] of Object.entries(queryIndexes(settings)) as [SearchField, string | null][]) if (code !== null) sent[field] = code;
  return formCapabilities(selectOptions(page.text, 'index'), sent, new Date());
}
