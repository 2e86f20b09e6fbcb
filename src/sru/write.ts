/**
 * Writes SRU responses (1.1/1.2 in the LoC namespace, 2.0 in the OASIS one), elements in
 * the order sruResponse.xsd gives. Used by the SRU simulators and the gateway's SRU endpoint.
 */
import { escapeXml } from '../records/marcxml/write.ts';

export type SruVersion = '1.1' | '1.2' | '2.0';

export const SRU_NS: Record<SruVersion, { response: string; diagnostic: string; scan: string }> = {
  '1.1': { response: 'http://www.loc.gov/zing/srw/', diagnostic: 'http://www.loc.gov/zing/srw/diagnostic/', scan: 'http://www.loc.gov/zing/srw/' },
  '1.2': { response: 'http://www.loc.gov/zing/srw/', diagnostic: 'http://www.loc.gov/zing/srw/diagnostic/', scan: 'http://www.loc.gov/zing/srw/' },
  '2.0': {
    response: 'http://docs.oasis-open.org/ns/search-ws/sruResponse',
    diagnostic: 'http://docs.oasis-open.org/ns/search-ws/diagnostic',
    // 2.0 moved scan into its own namespace (scan.xsd).
    scan: 'http://docs.oasis-open.org/ns/search-ws/scan',
  },
};

export interface SruDiagnosticOut {
  /** N of info:srw/diagnostic/1/N */
  code: number;
  details?: string;
  message?: string;
}

export interface SruRecordOut {
  schema: string;
  /** The record's XML (one element). */
  xml: string;
  position: number;
  /** 1.x: xml | string; 2.0: recordXMLEscaping xml | string. */
  escaping?: 'xml' | 'string';
  /** 2.0 only: the recordPacking echoed for the record (default packed). */
  packing?: 'packed' | 'unpacked';
}

export interface SearchRetrieveOut {
  version: SruVersion;
  numberOfRecords: number;
  /** Written with resultSetIdleTime (1.x) or resultSetTTL (2.0) when `resultSetTTL` is given too. */
  resultSetId?: string;
  /** Seconds the result set is kept; the element name depends on the version. */
  resultSetTTL?: number;
  /** 2.0 only (e.g. info:srw/vocabulary/resultCountPrecision/1/exact). */
  resultCountPrecision?: string;
  records: SruRecordOut[];
  nextRecordPosition?: number;
  diagnostics?: SruDiagnosticOut[];
  /** Already-serialized XML for extraResponseData. */
  extraResponseData?: string;
  /** Echoed parameters, in the schema's element order (insertion order is kept). */
  echoedRequest?: Record<string, string>;
}

export function diagnosticXml(d: SruDiagnosticOut, version: SruVersion, prefix = 'diag'): string {
  const p = prefix ? `${prefix}:` : '';
  return [
    `<${p}diagnostic${prefix ? '' : ` xmlns="${SRU_NS[version].diagnostic}"`}>`,
    `<${p}uri>info:srw/diagnostic/1/${d.code}</${p}uri>`,
    d.details !== undefined ? `<${p}details>${escapeXml(d.details)}</${p}details>` : '',
    d.message !== undefined ? `<${p}message>${escapeXml(d.message)}</${p}message>` : '',
    `</${p}diagnostic>`,
  ].join('');
}

/** `<zs:diagnostics>` in the version's diagnostic namespace, or '' when there are none. */
export function diagnosticsXml(list: readonly SruDiagnosticOut[] | undefined, version: SruVersion, prefix = 'zs'): string {
  if (!list || list.length === 0) return '';
  return `<${prefix}:diagnostics xmlns:diag="${SRU_NS[version].diagnostic}">${list.map((d) => diagnosticXml(d, version)).join('')}</${prefix}:diagnostics>`;
}

/** An echoed request element (`echoedSearchRetrieveRequest` ...); '' when nothing to echo. */
export function echoXml(element: string, entries: Record<string, string> | undefined, prefix = 'zs'): string {
  if (!entries || Object.keys(entries).length === 0) return '';
  const inner = Object.entries(entries)
    .map(([k, v]) => `<${prefix}:${k}>${escapeXml(v)}</${prefix}:${k}>`)
    .join('');
  return `<${prefix}:${element}>${inner}</${prefix}:${element}>`;
}

export function recordXml(r: SruRecordOut, version: SruVersion): string {
  const escaping = r.escaping ?? 'xml';
  const data = escaping === 'string' ? escapeXml(r.xml) : r.xml;
  const packing =
    version === '2.0'
      ? `<zs:recordPacking>${r.packing ?? 'packed'}</zs:recordPacking><zs:recordXMLEscaping>${escaping}</zs:recordXMLEscaping>`
      : `<zs:recordPacking>${escaping}</zs:recordPacking>`;
  return `<zs:record><zs:recordSchema>${escapeXml(r.schema)}</zs:recordSchema>${packing}<zs:recordData>${data}</zs:recordData><zs:recordPosition>${r.position}</zs:recordPosition></zs:record>`;
}

export function searchRetrieveXml(out: SearchRetrieveOut): string {
  const ns = SRU_NS[out.version];
  const v2 = out.version === '2.0';
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<zs:searchRetrieveResponse xmlns:zs="${ns.response}">`];
  if (!v2) parts.push(`<zs:version>${out.version}</zs:version>`);
  parts.push(`<zs:numberOfRecords>${out.numberOfRecords}</zs:numberOfRecords>`);
  if (out.resultSetId !== undefined) parts.push(`<zs:resultSetId>${escapeXml(out.resultSetId)}</zs:resultSetId>`);
  // 1.x resultSetIdleTime is a positiveInteger and sits right after resultSetId.
  if (!v2 && out.resultSetId !== undefined && out.resultSetTTL !== undefined && out.resultSetTTL > 0) {
    parts.push(`<zs:resultSetIdleTime>${out.resultSetTTL}</zs:resultSetIdleTime>`);
  }
  if (out.records.length > 0) parts.push(`<zs:records>${out.records.map((r) => recordXml(r, out.version)).join('')}</zs:records>`);
  if (out.nextRecordPosition !== undefined) parts.push(`<zs:nextRecordPosition>${out.nextRecordPosition}</zs:nextRecordPosition>`);
  parts.push(echoXml('echoedSearchRetrieveRequest', out.echoedRequest));
  parts.push(diagnosticsXml(out.diagnostics, out.version));
  if (out.extraResponseData) parts.push(`<zs:extraResponseData>${out.extraResponseData}</zs:extraResponseData>`);
  // 2.0 additions come after extraResponseData (sruResponse.xsd).
  if (v2 && out.resultSetId !== undefined && out.resultSetTTL !== undefined) parts.push(`<zs:resultSetTTL>${out.resultSetTTL}</zs:resultSetTTL>`);
  if (v2 && out.resultCountPrecision !== undefined) parts.push(`<zs:resultCountPrecision>${escapeXml(out.resultCountPrecision)}</zs:resultCountPrecision>`);
  parts.push('</zs:searchRetrieveResponse>\n');
  return parts.join('');
}
