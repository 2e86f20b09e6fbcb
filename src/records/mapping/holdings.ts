/**
 * Copies read from holdings fields inside a bibliographic record, driven by a
 * HoldingsFieldMap (src/config/holdings-fields-schema.ts): MARC 21 852 + 876-878,
 * CNMARC 905/906 or a vendor field. Each copy then goes through the library's
 * vocabulary and ILL rule (src/holdings/build.ts).
 */
import type { HoldingsFieldMap } from '../../config/holdings-fields-schema.ts';
import { buildHolding, type HoldingInput, type HoldingLibrary } from '../../holdings/build.ts';
import type { Holding } from '../../holdings/model.ts';
import { vocabularyFor } from '../../holdings/vocabulary.ts';
import { dataFields, firstSubfield, type DataField, type MarcRecord } from '../marc.ts';

/**
 * A field may describe several copies by repeating the per-copy subfields (CNMARC 905 $b,
 * one barcode per copy; dp2 985 groups). Copy i takes the i-th value of a subfield that
 * repeats as often as the barcode does, and the single value of one that does not.
 */
function pick(field: DataField, code: string | undefined, index: number, copies: number): string | undefined {
  if (code === undefined) return undefined;
  let count = 0;
  let first: string | undefined;
  let nth: string | undefined;
  for (const s of field.subfields) {
    if (s.code !== code) continue;
    if (count === 0) first = s.value;
    if (count === index) nth = s.value;
    count++;
  }
  return copies > 1 && count === copies ? nth : first;
}

function readCallNumber(field: DataField, map: HoldingsFieldMap): string | undefined {
  const spec = map.callNumber;
  if (!spec) return undefined;
  const whole = spec.whole === undefined ? undefined : firstSubfield(field, spec.whole)?.trim();
  if (whole) return whole;
  const parts = (spec.parts ?? []).map((code) => firstSubfield(field, code)?.trim()).filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(spec.separator) : undefined;
}

/** The map's location subfields, the present ones trimmed and joined by a space ('' when none is). */
function readLocation(field: DataField, codes: readonly string[]): string {
  let location = '';
  for (const code of codes) {
    const part = firstSubfield(field, code)?.trim();
    if (part) location = location === '' ? part : `${location} ${part}`;
  }
  return location;
}

function countSubfields(field: DataField, code: string): number {
  let n = 0;
  for (const s of field.subfields) if (s.code === code) n++;
  return n;
}

function readField(field: DataField, map: HoldingsFieldMap, library: HoldingLibrary, out: HoldingInput[] = []): HoldingInput[] {
  const copies = Math.max(1, map.barcode === undefined ? 1 : countSubfields(field, map.barcode));
  const location = map.location === undefined ? undefined : readLocation(field, map.location);
  for (let i = 0; i < copies; i++) {
    const code = pick(field, map.branch, i, copies)?.trim();
    if (map.institutions && (code === undefined || !map.institutions.includes(code))) continue;
    const input: HoldingInput = {
      branch: (code === undefined ? undefined : (map.branchNames?.[code] ?? code)) ?? map.defaultBranch,
      location: location === '' ? undefined : location,
      callNumber: readCallNumber(field, map),
      volume: pick(field, map.volume, i, copies),
      barcode: pick(field, map.barcode, i, copies),
      statusText: pick(field, map.status, i, copies),
      collectionType: pick(field, map.collectionType, i, copies),
      dueDate: pick(field, map.dueDate, i, copies),
      note: pick(field, map.note, i, copies),
    };
    // 852 $z is a public note; some systems put the circulation status there.
    if (map.statusFromNote && input.statusText === undefined && input.note !== undefined) {
      if (vocabularyFor(library).readStatus(input.note).status !== 'unknown') {
        input.statusText = input.note;
        input.note = undefined;
      }
    }
    out.push(input);
  }
  return out;
}

/** MARC 21 $8 "1.2" (field link and sequence number): the link number is the part before the dot. */
function linkNumber(field: DataField): string | undefined {
  return firstSubfield(field, '8')?.split('.')[0]?.trim();
}

/** The item input laid over its holdings field: the item's own values win. */
function overlay(base: HoldingInput, item: HoldingInput): HoldingInput {
  const merged: HoldingInput = { ...base };
  for (const [key, value] of Object.entries(item) as [keyof HoldingInput, string | undefined][]) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** A holdings layout sorted once: its fields' maps and, for each, the maps of their items. */
interface Layout {
  parents: { map: HoldingsFieldMap; items: HoldingsFieldMap[] }[];
  /** Item maps whose parent tag has no map of its own. */
  orphans: HoldingsFieldMap[];
}

/** Layouts by map list: a library's list (config) or a flavour's defaults, the same arrays for every record. */
const layouts = new WeakMap<readonly HoldingsFieldMap[], Layout>();

function layoutOf(maps: readonly HoldingsFieldMap[]): Layout {
  let layout = layouts.get(maps);
  if (!layout) {
    const parentMaps = maps.filter((m) => m.itemOf === undefined);
    const itemMaps = maps.filter((m) => m.itemOf !== undefined);
    layout = {
      parents: parentMaps.map((map) => ({ map, items: itemMaps.filter((m) => m.itemOf === map.tag) })),
      orphans: itemMaps.filter((m) => !parentMaps.some((p) => p.tag === m.itemOf)),
    };
    layouts.set(maps, layout);
  }
  return layout;
}

export function holdingsFromMarc(marc: MarcRecord, maps: readonly HoldingsFieldMap[], library: HoldingLibrary): Holding[] {
  const inputs: HoldingInput[] = [];
  const layout = layoutOf(maps);

  for (const { map: parentMap, items: itemMaps } of layout.parents) {
    const parents = dataFields(marc, parentMap.tag);
    // Most records have no item fields at all: no Map for them.
    let itemsByParent: Map<DataField, HoldingInput[]> | undefined;
    for (const itemMap of itemMaps) {
      for (const itemField of dataFields(marc, itemMap.tag)) {
        const link = linkNumber(itemField);
        const parent = link === undefined ? (parents.length === 1 ? parents[0] : undefined) : parents.find((p) => linkNumber(p) === link);
        const items = readField(itemField, itemMap, library);
        if (!parent) {
          inputs.push(...items);
          continue;
        }
        itemsByParent ??= new Map();
        itemsByParent.set(parent, [...(itemsByParent.get(parent) ?? []), ...items]);
      }
    }
    for (const parent of parents) {
      const items = itemsByParent?.get(parent);
      if (!items) {
        readField(parent, parentMap, library, inputs);
        continue;
      }
      const base = readField(parent, parentMap, library);
      const shared = base[0] ?? {};
      inputs.push(...items.map((item) => overlay(shared, item)));
    }
  }
  // Item maps whose parent tag has no map of its own still yield copies.
  for (const itemMap of layout.orphans) {
    for (const field of dataFields(marc, itemMap.tag)) readField(field, itemMap, library, inputs);
  }
  return inputs.map((input) => buildHolding(input, library));
}
