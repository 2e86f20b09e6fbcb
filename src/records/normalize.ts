/**
 * One MARC record (any reader, any flavour) → one BibRecord of a library: picks the
 * flavour, maps the bibliographic content, reads the copies through the library's
 * holdings fields, vocabulary and ILL rule, and turns mapping problems into warnings.
 */
import { createHash } from 'node:crypto';
import type { HoldingsFieldMap } from '../config/holdings-fields-schema.ts';
import type { LibraryConfig } from '../config/schema.ts';
import type { Holding } from '../holdings/model.ts';
import { detectFlavour, familyOf, type MarcFlavour } from './detect-format.ts';
import { keepMarcSource, type MarcSource } from './lazy-marc.ts';
import { controlValue, type MarcRecord } from './marc.ts';
import { MARC21_HOLDINGS_FIELDS } from './marc21/fields.ts';
import { mapMarc21Into } from './marc21/map.ts';
import { holdingsFromMarc } from './mapping/holdings.ts';
import type { MappingProblems } from './mapping/mapped.ts';
import type { BibRecord, RecordWarning } from './model.ts';
import { UNIMARC_HOLDINGS_FIELDS } from './unimarc/fields.ts';
import { mapUnimarcInto } from './unimarc/map.ts';

export type { MarcFlavour } from './detect-format.ts';

type NormalizeLibrary = Pick<LibraryConfig, 'id' | 'ill' | 'service' | 'vocabulary' | 'holdingsFields'>;

export interface ToBibContext {
  library: NormalizeLibrary;
  /** The format the target declares; 'auto' (default) decides from the record's shape. */
  format?: MarcFlavour | 'auto';
  /** Id the target gave the record (SRU recordIdentifier, Z39.50 local id); else 001. */
  localId?: string;
  charset?: string;
  charsetMismatch?: boolean;
  /** Holdings fields for this call; else the library's `holdingsFields`, else the flavour's defaults. */
  holdingsMap?: readonly HoldingsFieldMap[];
  /** Keep the source MARC on the record (default true: SRU re-serializes it). */
  keepMarc?: boolean;
  /** Kept, the MARC is read again from this when first asked for (lazy-marc.ts), not kept decoded. */
  marcSource?: MarcSource;
}

export function defaultHoldingsMap(flavour: MarcFlavour): readonly HoldingsFieldMap[] {
  return familyOf(flavour) === 'marc21' ? MARC21_HOLDINGS_FIELDS : UNIMARC_HOLDINGS_FIELDS;
}

function warning(library: string, code: string, message: string, addinfo?: string): RecordWarning {
  return addinfo === undefined ? { source: 'record', code, message, library } : { source: 'record', code, message, addinfo, library };
}

/** The flavour to map with, and a warning when the declaration and the shape disagree. */
function chooseFlavour(marc: MarcRecord, declared: MarcFlavour | 'auto', warnings: RecordWarning[], library: string): MarcFlavour {
  const guess = detectFlavour(marc);
  if (declared === 'auto') {
    if (!guess.certain) warnings.push(warning(library, 'format_guessed', `record shape is ambiguous; read as ${guess.flavour}`));
    return guess.flavour;
  }
  // A target declared UNIMARC that sends MARC 21 (or the reverse) is mapped by what it sent.
  if (guess.certain && familyOf(guess.flavour) !== familyOf(declared)) {
    warnings.push(warning(library, 'format_mismatch', `declared ${declared} but the record is ${guess.flavour}; read as ${guess.flavour}`));
    return guess.flavour;
  }
  return declared;
}

function fallbackId(marc: MarcRecord): string {
  return `h${createHash('sha1').update(JSON.stringify(marc)).digest('hex').slice(0, 16)}`;
}

function addHoldingWarnings(holdings: readonly Holding[], library: string, warnings: RecordWarning[]): void {
  for (const h of holdings) {
    if (h.status === 'unknown' && h.statusText !== '') warnings.push(warning(library, 'holding_status_unknown', `status "${h.statusText}" is not in the holdings vocabulary`, h.barcode));
  }
}

/**
 * The record's lists copied at their exact length. The mappers build them by push (and filter),
 * which leaves an array of one to three entries with 17 slots; records are kept in result sets,
 * so that slack (about a third of a mapped record's heap) went through the scavenges into the old
 * space with every record.
 */
function compactArrays(record: BibRecord): void {
  const fields = record as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (Array.isArray(value) && value.length > 0) fields[key] = value.slice();
  }
}

export function toBibRecord(marc: MarcRecord, ctx: ToBibContext): BibRecord {
  const library = ctx.library;
  const warnings: RecordWarning[] = [];
  const flavour = chooseFlavour(marc, ctx.format ?? 'auto', warnings, library.id);
  // The mapper writes the content into the record itself, after its identity keys (id and
  // localId are set once known): the content as an object of its own, then taken apart and
  // spread into the record, was a tenth of the mapping.
  const record = { id: '', library: library.id, localId: '', format: flavour } as BibRecord;
  const problems: MappingProblems = [];
  if (familyOf(flavour) === 'marc21') mapMarc21Into(marc, record, problems);
  else mapUnimarcInto(marc, record, problems);

  let localId = ctx.localId?.trim() || controlValue(marc, '001')?.trim();
  if (!localId) {
    localId = fallbackId(marc);
    warnings.push(warning(library.id, 'no_control_number', 'record has no 001; id derived from its content', localId));
  }
  record.id = `${library.id}:${localId}`;
  record.localId = localId;
  for (const p of problems) warnings.push(warning(library.id, p.code, p.message, p.addinfo));
  for (const isbn of record.isbns) {
    if (!isbn.valid && !isbn.cancelled) warnings.push(warning(library.id, 'isbn_check_digit', `ISBN "${isbn.original}" fails its check digit`, isbn.original));
  }
  if (ctx.charsetMismatch) {
    warnings.push(warning(library.id, 'charset_mismatch', `record bytes disagree with the declared character set${ctx.charset ? `; decoded as ${ctx.charset}` : ''}`));
  }

  const maps = ctx.holdingsMap ?? library.holdingsFields ?? defaultHoldingsMap(flavour);
  const holdings = holdingsFromMarc(marc, maps, library);
  addHoldingWarnings(holdings, library.id, warnings);
  record.holdings = holdings;
  record.warnings = warnings;
  compactArrays(record);
  if (ctx.charset !== undefined) record.charset = ctx.charset;
  if (ctx.charsetMismatch !== undefined) record.charsetMismatch = ctx.charsetMismatch;
  if (ctx.keepMarc !== false) {
    if (ctx.marcSource) keepMarcSource(record, ctx.marcSource);
    else record.marc = marc;
  }
  return record;
}
