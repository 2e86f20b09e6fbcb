/**
 * Capabilities of a catalogue searched through an HTML form: a canonical index is supported
 * when the form offers the option value this library's adapter sends for it. Shared by the
 * web-form adapters (iPac, BALIS union, the Japanese catalogue).
 */
import type { Capabilities } from './capabilities.ts';
import { SEARCH_FIELDS, type SearchField } from '../query/model.ts';
import { TargetError, gatewayDiagnostic } from '../diagnostics.ts';
import type { FormOption } from './search-form.ts';

/**
 * `sent` maps each field to the option value(s) the adapter sends for it (undefined: the
 * adapter cannot search it; `true`: needs no form option, e.g. a year it filters itself).
 * Values compare case-insensitively. A page without any option is no answer: the probe fails.
 */
export function formCapabilities(options: FormOption[], sent: Partial<Record<SearchField, string | readonly string[] | true>>, at: Date): Capabilities {
  if (options.length === 0) throw new TargetError(gatewayDiagnostic('no-search-form', 'the page has no search form index options'));
  const offered = new Set(options.map((o) => o.value.toUpperCase()));
  const indexes = SEARCH_FIELDS.filter((field) => {
    const value = sent[field];
    if (value === undefined) return false;
    if (value === true) return true;
    return (typeof value === 'string' ? [value] : value).some((v) => offered.has(v.toUpperCase()));
  });
  return { indexes, facts: { protocol: 'form', options }, source: 'search-form', at: at.toISOString() };
}
