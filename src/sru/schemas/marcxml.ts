/**
 * MARCXML (MARC 21 slim) of the source record with the copies of every member library as
 * 852 fields. The library's own 852s are replaced (the normalized holdings were read from
 * them or from its local fields, so nothing is lost and nothing doubled); its other local
 * fields (CNMARC 905/906 ...) stay. UNIMARC/CNMARC records keep their own tags: 852 is
 * undefined in the UNIMARC bibliographic format, so it cannot clash.
 *
 * 852 mapping: ind1 ' ', ind2 ' '; $a library id; $b location (馆藏地, else 馆址 branch);
 * $c branch (馆址) when both are known; $h call number; $3 volume; $p barcode;
 * $z status as the library wrote it (the normalized status when it wrote none).
 */
import type { DataField, MarcRecord } from '../../records/marc.ts';
import { marcRecordToXml } from '../../records/marcxml/write.ts';
import type { Holding } from '../../holdings/model.ts';
import { SruDiagnosticError } from '../diagnostics.ts';
import type { ServedRecord } from '../serve.ts';
import type { RenderContext } from './registry.ts';

export function holding852(holding: Holding): DataField {
  const subfields: DataField['subfields'] = [{ code: 'a', value: holding.library }];
  const location = holding.location ?? holding.branch;
  if (location) subfields.push({ code: 'b', value: location });
  if (holding.location && holding.branch) subfields.push({ code: 'c', value: holding.branch });
  if (holding.callNumber) subfields.push({ code: 'h', value: holding.callNumber });
  if (holding.volume) subfields.push({ code: '3', value: holding.volume });
  if (holding.barcode) subfields.push({ code: 'p', value: holding.barcode });
  subfields.push({ code: 'z', value: holding.statusText || holding.status });
  return { tag: '852', ind1: ' ', ind2: ' ', subfields };
}

export function withHoldings(marc: MarcRecord, holdings: readonly Holding[]): MarcRecord {
  const kept = marc.fields.filter((f) => f.tag !== '852');
  // Placed before the first higher tag; the source's own field order is otherwise kept.
  const at = kept.findIndex((f) => f.tag > '852');
  const cut = at === -1 ? kept.length : at;
  return { leader: marc.leader, fields: [...kept.slice(0, cut), ...holdings.map(holding852), ...kept.slice(cut)] };
}

export function marcxmlRecordXml(item: ServedRecord, context: RenderContext): string {
  const source = item.members.find((m) => m.marc !== undefined && !context.withholdMarc.has(m.library));
  if (!source?.marc) {
    if (item.members.some((m) => m.marc !== undefined)) {
      throw new SruDiagnosticError(68, item.id, 'Not authorised to send record: the holding library does not allow its MARC to be passed on');
    }
    throw new SruDiagnosticError(67, item.id, 'Record not available in this schema: the library sent no MARC for it');
  }
  return marcRecordToXml(withHoldings(source.marc, item.holdings));
}
