/**
 * Writes SRU responses (1.1/1.2 in the LoC namespace, 2.0 in the OASIS one), elements in
 * the order sruResponse.xsd gives. Used by the SRU simulators and the gateway's SRU endpoint.
 */
import { escapeXml } from '../records/marcxml/write.ts';

export type SruVersion = '1.1' | '1.2' | '2.0';

export const SRU_NS: Record<SruVersion, { response: string; diagnostic: string }> = {
  '1.1': { response: 'http://www.loc.gov/zing/srw/', diagnostic: 'http://www.loc.gov/zing/srw/diagnostic/' },
  '1.2': { response: 'http://www.loc.gov/zing/srw/', diagnostic: 'http://www.loc.gov/zing/srw/diagnostic/' },
  '2.0': { response: 'http://docs.oasis-open.org/ns/search-ws/sruResponse', diagnostic: 'http://docs.oasis-open.org/ns/search-ws/diagnostic' },
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
}

export interface SearchRetrieveOut {
  version: SruVersion;
  numberOfRecords: number;
  records: SruRecordOut[];
  nextRecordPosition?: number;
  diagnostics?: SruDiagnosticOut[];
  /** Already-serialized XML for extraResponseData. */
  extraResponseData?: string;
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

function recordXml(r: SruRecordOut, version: SruVersion): string {
  const escaping = r.escaping ?? 'xml';
  const data = escaping === 'string' ? escapeXml(r.xml) : r.xml;
  const packing =
    version === '2.0'
      ? `<zs:recordPacking>packed</zs:recordPacking><zs:recordXMLEscaping>${escaping}</zs:recordXMLEscaping>`
      : `<zs:recordPacking>${escaping}</zs:recordPacking>`;
  return `<zs:record><zs:recordSchema>${escapeXml(r.schema)}</zs:recordSchema>${packing}<zs:recordData>${data}</zs:recordData><zs:recordPosition>${r.position}</zs:recordPosition></zs:record>`;
}

export function searchRetrieveXml(out: SearchRetrieveOut): string {
  const ns = SRU_NS[out.version];
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<zs:searchRetrieveResponse xmlns:zs="${ns.response}">`];
  if (out.version !== '2.0') parts.push(`<zs:version>${out.version}</zs:version>`);
  parts.push(`<zs:numberOfRecords>${out.numberOfRecords}</zs:numberOfRecords>`);
  if (out.records.length > 0) parts.push(`<zs:records>${out.records.map((r) => recordXml(r, out.version)).join('')}</zs:records>`);
  if (out.nextRecordPosition !== undefined) parts.push(`<zs:nextRecordPosition>${out.nextRecordPosition}</zs:nextRecordPosition>`);
  if (out.echoedRequest) {
    const inner = Object.entries(out.echoedRequest)
      .map(([k, v]) => `<zs:${k}>${escapeXml(v)}</zs:${k}>`)
      .join('');
    parts.push(`<zs:echoedSearchRetrieveRequest>${inner}</zs:echoedSearchRetrieveRequest>`);
  }
  if (out.diagnostics && out.diagnostics.length > 0) {
    parts.push(`<zs:diagnostics xmlns:diag="${ns.diagnostic}">${out.diagnostics.map((d) => diagnosticXml(d, out.version)).join('')}</zs:diagnostics>`);
  }
  if (out.extraResponseData) parts.push(`<zs:extraResponseData>${out.extraResponseData}</zs:extraResponseData>`);
  parts.push('</zs:searchRetrieveResponse>\n');
  return parts.join('');
}
