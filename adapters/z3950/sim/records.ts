/**
 * Simulator side: one catalogue record as a Z39.50 retrieval record in the syntax asked for.
 * ISO 2709 (src/records/iso2709/writer.ts, UTF-8) under the OID of the record's own flavour, as
 * CNMARC targets answer under UNIMARC whatever was asked; MARCXML for `xml`; for `opac` an
 * OPACRecord whose holdings come from the record's copy fields the way the Zebra peer's
 * OPAC pipeline builds them (peers/zebra/opac-*.xsl): MARC 21 852 / CNMARC 905
 * (layout: fixtures/catalogue/README.md), status text in publicNote, 馆藏类型 in restrictions.
 */
import { vocabularyFor } from '../../../src/holdings/vocabulary.ts';
import { writeIso2709 } from '../../../src/records/iso2709/writer.ts';
import { dataFields, firstSubfield, type DataField, type MarcRecord } from '../../../src/records/marc.ts';
import { marcRecordToXml } from '../../../src/records/marcxml/write.ts';
import { flavourOf } from '../../../src/simulation/match.ts';
import { decodeBer } from '../../../src/z3950/ber-reader.ts';
import { encodeOpacRecord, type OpacCirculation, type OpacHolding, type OpacHoldingsAndCirc } from '../../../src/z3950/apdu/opac.ts';
import type { RecordBody } from '../../../src/z3950/apdu/records.ts';
import { OID } from '../../../src/z3950/oids.ts';

/** Syntaxes the simulator serves; anything else is answered with bib-1 239. */
export const SERVED_SYNTAXES = new Set<string>([OID.USMARC, OID.UNIMARC, OID.OPAC, OID.XML_TEXT, OID.XML_APPLICATION]);

const vocabulary = vocabularyFor({});

function present(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** Status text → availableNow and a due date, read with the gateway's default vocabulary. */
function circulation(status: string | undefined, type: string | undefined, barcode: string | undefined): OpacCirculation {
  const reading = vocabulary.readStatus(status);
  const circ: OpacCirculation = { availableNow: reading.status === 'available', renewable: false, onHold: reading.status === 'on_hold' };
  set(circ, 'availablityDate', reading.status === 'on_loan' ? reading.dueDate : undefined);
  set(circ, 'restrictions', type);
  set(circ, 'itemId', barcode);
  return circ;
}

function from852(f: DataField): OpacHolding {
  const status = present(firstSubfield(f, 'z'));
  const h: OpacHoldingsAndCirc = { volumes: [], circulationData: [circulation(status, present(firstSubfield(f, 'x')), present(firstSubfield(f, 'p')))] };
  const callNumber = [firstSubfield(f, 'h'), firstSubfield(f, 'i')].map(present).filter(Boolean).join(' ');
  set(h, 'nucCode', present(firstSubfield(f, 'a')));
  set(h, 'localLocation', present(firstSubfield(f, 'b')));
  set(h, 'callNumber', callNumber || undefined);
  set(h, 'copyNumber', present(firstSubfield(f, 't')));
  set(h, 'publicNote', status);
  set(h, 'enumAndChron', present(firstSubfield(f, '3')));
  return { kind: 'holdingsAndCirc', ...h };
}

function from905(f: DataField): OpacHolding {
  const status = present(firstSubfield(f, 'x'));
  const h: OpacHoldingsAndCirc = { volumes: [], circulationData: [circulation(status, present(firstSubfield(f, 'y')), present(firstSubfield(f, 'b')))] };
  const parts = [firstSubfield(f, 'd'), firstSubfield(f, 'e')].map(present).filter(Boolean).join('/');
  set(h, 'nucCode', present(firstSubfield(f, 'a')));
  set(h, 'localLocation', present(firstSubfield(f, 'c')));
  set(h, 'callNumber', present(firstSubfield(f, 's')) ?? (parts || undefined));
  set(h, 'publicNote', status);
  set(h, 'enumAndChron', present(firstSubfield(f, 'v')));
  return { kind: 'holdingsAndCirc', ...h };
}

function opacHoldingsOf(record: MarcRecord): OpacHolding[] {
  return flavourOf(record) === 'unimarc' ? dataFields(record, '905').map(from905) : dataFields(record, '852').map(from852);
}

function marcOid(record: MarcRecord): string {
  return flavourOf(record) === 'unimarc' ? OID.UNIMARC : OID.USMARC;
}

/** Memoized encodings of one record: a simulated library answers the same records many times. */
export class EncodedRecord {
  private iso?: Buffer;
  private xml?: Buffer;
  private opac?: Buffer;

  constructor(readonly record: MarcRecord) {}

  /** `syntax` must be one of SERVED_SYNTAXES (or undefined: the record's own MARC). */
  body(syntax: string | undefined): RecordBody {
    if (syntax === OID.XML_TEXT || syntax === OID.XML_APPLICATION) {
      this.xml ??= Buffer.from(marcRecordToXml(this.record), 'utf8');
      return { kind: 'retrieval', external: { directReference: syntax, encoding: { kind: 'octet-aligned', bytes: this.xml } } };
    }
    this.iso ??= writeIso2709(this.record);
    if (syntax === OID.OPAC) {
      this.opac ??= encodeOpacRecord({
        bibliographicRecord: { directReference: marcOid(this.record), encoding: { kind: 'octet-aligned', bytes: this.iso } },
        holdings: opacHoldingsOf(this.record),
      });
      return { kind: 'retrieval', external: { directReference: OID.OPAC, encoding: { kind: 'single-ASN1-type', element: decodeBer(this.opac) } } };
    }
    return { kind: 'retrieval', external: { directReference: marcOid(this.record), encoding: { kind: 'octet-aligned', bytes: this.iso } } };
  }
}
