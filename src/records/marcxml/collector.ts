/**
 * MARC XML element events → MarcRecord. Parser-independent so SRU/OAI code that already
 * runs a SAX parser can feed the events of its recordData straight in.
 *
 * Elements are matched by local name: MARC 21 slim, MarcXchange, Alma UNIMARC/CNMARC XML
 * and un-namespaced MARCXML all use record/leader/controlfield/datafield/subfield
 * (reference 03 §7). A `record` in a known container namespace (SRU, OAI-PMH) is never a
 * MARC record; an unknown `record` that turns out to hold another `record` was a wrapper.
 */
import { MarcReadError } from '../errors.ts';
import type { DataField, MarcField, MarcRecord } from '../marc.ts';

/** Envelope namespaces whose `record` elements are never MARC records. */
export const CONTAINER_NAMESPACES: ReadonlySet<string> = new Set([
  'http://www.loc.gov/zing/srw/',
  'http://docs.oasis-open.org/ns/search-ws/sruResponse',
  'http://www.openarchives.org/OAI/2.0/',
  'http://www.loc.gov/zing/srw/diagnostic/',
]);

export interface XmlName {
  local: string;
  /** Resolved namespace URI, '' when none or unbound. */
  uri: string;
}

/** Problems the collector finds in well-formed XML. */
/** Element depth a MARCXML document (with its envelope) may reach. */
const MAX_MARCXML_DEPTH = 64;

export class MarcXmlStructureError extends Error {}

const NON_ASCII = /[\u0080-\uffff]/;
export const BLANK_LEADER = ' '.repeat(24);

/** Shared with the fast scanner so both paths normalize identically. */
export function nfc(value: string): string {
  return NON_ASCII.test(value) ? value.normalize('NFC') : value;
}

type Slot = 'none' | 'leader' | 'control' | 'subfield';

export class MarcXmlCollector {
  private readonly onRecord: (record: MarcRecord) => void;
  private depth = 0;
  /** Depth of the open candidate record element, 0 = none. */
  private recordDepth = 0;
  private leader = '';
  private fields: MarcField[] = [];
  private hasContent = false;
  private datafield: DataField | undefined;
  private slot: Slot = 'none';
  private code = '';
  private tag = '';
  private text = '';
  /** Records started so far (for error positions). */
  started = 0;

  get inRecord(): boolean {
    return this.recordDepth !== 0;
  }

  constructor(onRecord: (record: MarcRecord) => void) {
    this.onRecord = onRecord;
  }

  open(name: XmlName, attributes: Readonly<Record<string, string>>): void {
    this.depth++;
    // Envelopes (SRU, OAI-PMH) put records a few levels down; far deeper is hostile, and
    // stopping here keeps both readers linear and shallow (MAX_MARCXML_DEPTH).
    if (this.depth > MAX_MARCXML_DEPTH) {
      throw new MarcReadError({ code: 'bad-marcxml', message: `elements nested more than ${MAX_MARCXML_DEPTH} deep (MAX_MARCXML_DEPTH)`, offset: 0, recordIndex: this.started });
    }
    const { local } = name;
    if (local === 'record' && !CONTAINER_NAMESPACES.has(name.uri)) {
      // A nested record means the outer one was a wrapper (e.g. an unknown envelope).
      this.startRecord();
      return;
    }
    if (this.recordDepth === 0) return;
    switch (local) {
      case 'leader':
        this.begin('leader');
        return;
      case 'controlfield':
        this.tag = requireAttribute(attributes, 'tag', 'controlfield');
        this.begin('control');
        return;
      case 'datafield':
        this.datafield = {
          tag: requireAttribute(attributes, 'tag', 'datafield'),
          ind1: indicator(attributes['ind1']),
          ind2: indicator(attributes['ind2']),
          subfields: [],
        };
        this.fields.push(this.datafield);
        this.hasContent = true;
        return;
      case 'subfield':
        if (this.datafield === undefined) throw new MarcXmlStructureError('subfield outside a datafield');
        this.code = attributes['code'] ?? '';
        this.begin('subfield');
        return;
      default:
        return;
    }
  }

  /** Character data (text or CDATA); outside leader/controlfield/subfield it is layout. */
  characters(text: string): void {
    if (this.slot !== 'none') this.text += text;
  }

  close(local: string): void {
    this.depth--;
    if (this.recordDepth === 0) return;
    if (this.depth < this.recordDepth) {
      this.endRecord();
      return;
    }
    const value = this.text;
    switch (this.slot) {
      case 'leader':
        if (local !== 'leader') return;
        this.leader = value;
        this.hasContent = true;
        break;
      case 'control':
        if (local !== 'controlfield') return;
        this.fields.push({ tag: this.tag, value: nfc(value) });
        this.hasContent = true;
        break;
      case 'subfield':
        if (local !== 'subfield') return;
        this.datafield?.subfields.push({ code: this.code, value: nfc(value) });
        break;
      case 'none':
        if (local === 'datafield') this.datafield = undefined;
        return;
    }
    this.slot = 'none';
    this.text = '';
  }

  private begin(slot: Slot): void {
    this.slot = slot;
    this.text = '';
  }

  private startRecord(): void {
    this.recordDepth = this.depth;
    this.leader = '';
    this.fields = [];
    this.hasContent = false;
    this.datafield = undefined;
    this.slot = 'none';
    this.started++;
  }

  private endRecord(): void {
    this.recordDepth = 0;
    // An empty `record` (an envelope we did not know) is not a MARC record.
    if (!this.hasContent) return;
    this.onRecord({ leader: this.leader === '' ? BLANK_LEADER : this.leader, fields: this.fields });
  }
}

function requireAttribute(attributes: Readonly<Record<string, string>>, name: string, element: string): string {
  const value = attributes[name];
  if (value === undefined) throw new MarcXmlStructureError(`${element} without ${name} attribute`);
  return value;
}

/** Missing or empty indicator = blank, as in ISO 2709. */
function indicator(value: string | undefined): string {
  return value === undefined || value === '' ? ' ' : value;
}
