/**
 * One served record (a merged work: src/sru/serve.ts) in the record syntax a Z39.50 client asked
 * for, element set B (brief) or F (full):
 * - USMARC/MARC21 and UNIMARC: the member's source MARC as ISO 2709 in UTF-8, with every member
 *   library's copies as 852 fields (the SRU MARCXML rule, src/sru/schemas/marcxml.ts). There is no
 *   MARC 21 ↔ UNIMARC conversion, so when the work has no record in the preferred flavour the
 *   other one is sent under its own OID (Z39.50 lets the target do so; the EXTERNAL says which).
 * - XML: the same record as MARCXML (OID 1.2.840.10003.5.109.10).
 * - OPAC: the MARC record without 852s plus one holdingsAndCirc per copy, circulation status in
 *   circulationData (availableNow, due date, status text), from every library.
 * A work whose MARC may not be passed on (gateway.sru.withholdMarc) gets surrogate diagnostic 15
 * in the MARC syntaxes and an OPAC record with holdings only.
 */
import type { Holding } from '../holdings/model.ts';
import type { BibRecord } from '../records/model.ts';
import { writeIso2709 } from '../records/iso2709/writer.ts';
import type { MarcField, MarcRecord } from '../records/marc.ts';
import { marcRecordToXml } from '../records/marcxml/write.ts';
import { withHoldings } from '../sru/schemas/marcxml.ts';
import type { RenderContext } from '../sru/schemas/registry.ts';
import { renderedOnce, type ServedRecord } from '../sru/serve.ts';
import { decodeBer } from '../z3950/ber-reader.ts';
import type { OpacHolding } from '../z3950/apdu/opac.ts';
import { encodeOpacRecord } from '../z3950/apdu/opac.ts';
import type { RecordBody } from '../z3950/apdu/records.ts';
import { OID } from '../z3950/oids.ts';
import { Bib1Error } from './bib1-error.ts';

export type ServedSyntax = 'usmarc' | 'unimarc' | 'xml' | 'opac';
export type ElementSet = 'B' | 'F';

const SYNTAX_BY_OID: ReadonlyMap<string, ServedSyntax> = new Map([
  [OID.USMARC, 'usmarc'],
  [OID.UNIMARC, 'unimarc'],
  [OID.XML_TEXT, 'xml'],
  [OID.XML_APPLICATION, 'xml'],
  [OID.OPAC, 'opac'],
]);

/** The syntax to serve for a preferredRecordSyntax; none asked → USMARC. Throws 239 for others. */
export function servedSyntax(oid: string | undefined): ServedSyntax {
  if (oid === undefined) return 'usmarc';
  const syntax = SYNTAX_BY_OID.get(oid);
  if (!syntax) throw new Bib1Error(239, oid);
  return syntax;
}

/** Element set name → B or F (none asked → F). Throws 25 for others. */
export function elementSet(name: string | undefined): ElementSet {
  if (name === undefined) return 'F';
  const upper = name.trim().toUpperCase();
  if (upper === 'B' || upper === 'F') return upper;
  throw new Bib1Error(25, name);
}

type Flavour = 'marc21' | 'unimarc';

function flavourOf(record: BibRecord): Flavour | undefined {
  if (!record.marc) return undefined;
  return record.format === 'marc21' ? 'marc21' : record.format === 'unimarc' || record.format === 'cnmarc' ? 'unimarc' : undefined;
}

/** Brief records keep identification, main entry, title, edition, imprint and extent. */
const BRIEF_TAGS: Record<Flavour, ReadonlySet<string>> = {
  marc21: new Set(['001', '003', '005', '008', '010', '020', '022', '100', '110', '111', '130', '245', '250', '260', '264', '300', '852']),
  unimarc: new Set(['001', '005', '010', '011', '100', '101', '200', '205', '210', '214', '215', '700', '701', '702', '710', '711', '712', '852']),
};

/** Records are sent in UTF-8: MARC 21 leader/09 'a'; UNIMARC 100 $a/26-29 "50  " (ISO 10646). */
function declareUtf8(marc: MarcRecord, flavour: Flavour): MarcRecord {
  if (flavour === 'marc21') return { leader: `${marc.leader.slice(0, 9)}a${marc.leader.slice(10)}`, fields: marc.fields };
  const fields = marc.fields.map((f): MarcField => {
    if (f.tag !== '100' || !('subfields' in f)) return f;
    return { ...f, subfields: f.subfields.map((s) => (s.code === 'a' && s.value.length >= 30 ? { ...s, value: `${s.value.slice(0, 26)}50  ${s.value.slice(30)}` } : s)) };
  });
  return { leader: marc.leader, fields };
}

function withoutHoldings(marc: MarcRecord): MarcRecord {
  return { leader: marc.leader, fields: marc.fields.filter((f) => f.tag !== '852') };
}

function brief(marc: MarcRecord, flavour: Flavour): MarcRecord {
  return { leader: marc.leader, fields: marc.fields.filter((f) => BRIEF_TAGS[flavour].has(f.tag)) };
}

interface Source {
  record: BibRecord;
  marc: MarcRecord;
  flavour: Flavour;
}

/** The member whose MARC is served: the preferred flavour first, the title source's record first. */
function marcSource(item: ServedRecord, prefer: Flavour, context: RenderContext): Source | 'withheld' | undefined {
  const candidates = [item.record, ...item.members.filter((m) => m !== item.record)].filter((m) => flavourOf(m) !== undefined);
  if (candidates.length === 0) return undefined;
  const allowed = candidates.filter((m) => !context.withholdMarc.has(m.library));
  const chosen = allowed.find((m) => flavourOf(m) === prefer) ?? allowed[0];
  if (!chosen?.marc) return 'withheld';
  return { record: chosen, marc: chosen.marc, flavour: flavourOf(chosen)! };
}

function shapedMarc(source: Source, holdings: readonly Holding[], set: ElementSet): MarcRecord {
  const full = declareUtf8(withHoldings(source.marc, holdings), source.flavour);
  return set === 'B' ? brief(full, source.flavour) : full;
}

function marcOid(flavour: Flavour): string {
  return flavour === 'marc21' ? OID.USMARC : OID.UNIMARC;
}

function opacHolding(h: Holding, context: RenderContext): OpacHolding {
  const library = context.libraries.get(h.library);
  const status = `${h.status}${h.statusText && h.statusText !== h.status ? ` (${h.statusText})` : ''}${h.loanable ? '' : '; not for loan'}`;
  const circulation = {
    availableNow: h.status === 'available',
    onHold: h.status === 'on_hold',
    renewable: false,
    restrictions: status,
    ...(h.dueDate ? { availablityDate: h.dueDate } : {}),
    ...(h.barcode ? { itemId: h.barcode } : {}),
  };
  return {
    kind: 'holdingsAndCirc',
    nucCode: h.library,
    localLocation: [...new Set([library?.name.zh, h.branch].filter((x): x is string => Boolean(x)))].join(' ') || h.library,
    ...(h.location ? { shelvingLocation: h.location } : {}),
    ...(h.callNumber ? { callNumber: h.callNumber } : {}),
    ...(h.volume ? { enumAndChron: h.volume } : {}),
    ...(h.note ? { publicNote: h.note } : {}),
    volumes: [],
    circulationData: [circulation],
  };
}

/** The NamePlusRecord body for one work, encoded once per format (serve.ts renderedOnce); a surrogate diagnostic when it cannot be given so. */
export function recordBody(item: ServedRecord, syntax: ServedSyntax, set: ElementSet, context: RenderContext): RecordBody {
  return renderedOnce(item, context, `z39.50 ${syntax}/${set}`, () => encodeBody(item, syntax, set, context));
}

function encodeBody(item: ServedRecord, syntax: ServedSyntax, set: ElementSet, context: RenderContext): RecordBody {
  const prefer: Flavour = syntax === 'unimarc' ? 'unimarc' : 'marc21';
  const source = marcSource(item, prefer, context);
  try {
    if (syntax === 'opac') {
      // The copies travel as holdingsData, so the library's own 852s leave the bibliographic part.
      const bib = typeof source === 'object' ? declareUtf8(withoutHoldings(set === 'B' ? brief(source.marc, source.flavour) : source.marc), source.flavour) : undefined;
      const bytes = encodeOpacRecord({
        ...(bib && typeof source === 'object' ? { bibliographicRecord: { directReference: marcOid(source.flavour), encoding: { kind: 'octet-aligned', bytes: writeIso2709(bib) } } } : {}),
        holdings: item.holdings.map((h) => opacHolding(h, context)),
      });
      return { kind: 'retrieval', external: { directReference: OID.OPAC, encoding: { kind: 'single-ASN1-type', element: decodeBer(bytes) } } };
    }
    if (source === 'withheld') return surrogate(15, item.id);
    if (!source) return surrogate(227, item.id);
    const marc = shapedMarc(source, item.holdings, set);
    if (syntax === 'xml') {
      return { kind: 'retrieval', external: { directReference: OID.XML_TEXT, encoding: { kind: 'octet-aligned', bytes: Buffer.from(marcRecordToXml(marc), 'utf8') } } };
    }
    return { kind: 'retrieval', external: { directReference: marcOid(source.flavour), encoding: { kind: 'octet-aligned', bytes: writeIso2709(marc) } } };
  } catch (error) {
    // A record too large for ISO 2709 (or otherwise unwritable) costs the client that record only.
    if (error instanceof RangeError) return surrogate(14, `${item.id}: ${error.message}`);
    throw error;
  }
}

function surrogate(condition: number, addinfo: string): RecordBody {
  return { kind: 'surrogate', diagnostic: new Bib1Error(condition, addinfo).diagnostic };
}
