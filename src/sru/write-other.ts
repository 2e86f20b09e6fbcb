/**
 * explainResponse and scanResponse writers (element order per the LoC 1.2 schema and
 * the OASIS sruResponse.xsd / scan.xsd). searchRetrieve lives in write.ts.
 */
import { escapeXml } from '../records/marcxml/write.ts';
import { diagnosticsXml, echoXml, recordXml, SRU_NS, type SruDiagnosticOut, type SruRecordOut, type SruVersion } from './write.ts';

export interface ExplainOut {
  version: SruVersion;
  record: SruRecordOut;
  echoedRequest?: Record<string, string>;
  diagnostics?: SruDiagnosticOut[];
  extraResponseData?: string;
}

export function explainResponseXml(out: ExplainOut): string {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<zs:explainResponse xmlns:zs="${SRU_NS[out.version].response}">`];
  if (out.version !== '2.0') parts.push(`<zs:version>${out.version}</zs:version>`);
  parts.push(recordXml(out.record, out.version));
  parts.push(echoXml('echoedExplainRequest', out.echoedRequest));
  parts.push(diagnosticsXml(out.diagnostics, out.version));
  if (out.extraResponseData) parts.push(`<zs:extraResponseData>${out.extraResponseData}</zs:extraResponseData>`);
  parts.push('</zs:explainResponse>\n');
  return parts.join('');
}

export interface ScanTermOut {
  value: string;
  numberOfRecords?: number;
  displayTerm?: string;
  whereInList?: 'first' | 'last' | 'only' | 'inner';
}

export interface ScanOut {
  version: SruVersion;
  terms: ScanTermOut[];
  echoedRequest?: Record<string, string>;
  diagnostics?: SruDiagnosticOut[];
  extraResponseData?: string;
}

function termXml(t: ScanTermOut): string {
  return [
    '<zs:term>',
    `<zs:value>${escapeXml(t.value)}</zs:value>`,
    t.numberOfRecords !== undefined ? `<zs:numberOfRecords>${t.numberOfRecords}</zs:numberOfRecords>` : '',
    t.displayTerm !== undefined ? `<zs:displayTerm>${escapeXml(t.displayTerm)}</zs:displayTerm>` : '',
    t.whereInList !== undefined ? `<zs:whereInList>${t.whereInList}</zs:whereInList>` : '',
    '</zs:term>',
  ].join('');
}

export function scanResponseXml(out: ScanOut): string {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>\n<zs:scanResponse xmlns:zs="${SRU_NS[out.version].scan}">`];
  if (out.version !== '2.0') parts.push(`<zs:version>${out.version}</zs:version>`);
  if (out.terms.length > 0) parts.push(`<zs:terms>${out.terms.map(termXml).join('')}</zs:terms>`);
  parts.push(echoXml('echoedScanRequest', out.echoedRequest));
  parts.push(diagnosticsXml(out.diagnostics, out.version));
  if (out.extraResponseData) parts.push(`<zs:extraResponseData>${out.extraResponseData}</zs:extraResponseData>`);
  parts.push('</zs:scanResponse>\n');
  return parts.join('');
}
