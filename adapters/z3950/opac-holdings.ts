/**
 * OPAC holdings (HoldingsAndCircData / CircRecord, Z39.50 OPAC syntax) → Holdings.
 * One Holding per CircRecord (a copy), or one per holdings record without circulation data.
 * Status text: targets put it in different members (Horizon: availableThru "Available" or
 * shelvingData "Checked In"; our Zebra config: publicNote), so the first text the library's
 * vocabulary recognizes wins; otherwise availableNow (mandatory in the ASN.1) speaks.
 * nucCode is the OPAC counterpart of a holdings field's branch subfield, so the library's
 * holdingsFields code mappings apply to it too: `institutions` keeps only the library's own
 * copies of a union record, `branchNames` turns a code (SHL) into the 馆址 its ILL rule names.
 */
import type { LibraryConfig } from '../../src/config/schema.ts';
import { buildHolding, type HoldingInput } from '../../src/holdings/build.ts';
import type { Holding } from '../../src/holdings/model.ts';
import { vocabularyFor } from '../../src/holdings/vocabulary.ts';
import type { OpacCirculation, OpacHolding, OpacHoldingsAndCirc } from '../../src/z3950/apdu/opac.ts';

type HoldingLibrary = Pick<LibraryConfig, 'id' | 'ill' | 'service' | 'vocabulary' | 'holdingsFields'>;

interface BranchCodes {
  /** Codes kept; undefined = every copy. */
  institutions?: Set<string>;
  names: Record<string, string>;
}

function branchCodes(library: HoldingLibrary): BranchCodes {
  const maps = library.holdingsFields ?? [];
  const listed = maps.flatMap((m) => m.institutions ?? []);
  const codes: BranchCodes = { names: Object.assign({}, ...maps.map((m) => m.branchNames ?? {})) as Record<string, string> };
  if (listed.length > 0) codes.institutions = new Set(listed);
  return codes;
}

function present(text: string | undefined): string | undefined {
  const t = text?.trim();
  return t ? t : undefined;
}

function statusText(h: OpacHoldingsAndCirc, c: OpacCirculation | undefined, library: HoldingLibrary): string | undefined {
  const vocabulary = vocabularyFor(library);
  const candidates = [h.publicNote, c?.availableThru, h.shelvingData].map(present).filter((t): t is string => t !== undefined);
  const recognized = candidates.find((t) => vocabulary.readStatus(t).status !== 'unknown');
  if (recognized) return recognized;
  if (c?.availableNow === true) return 'Available';
  if (c?.availableNow === false) {
    if (c.onHold) return 'On hold';
    const due = present(c.availablityDate);
    return due ? `Due ${due}` : (candidates[0] ?? 'Checked out');
  }
  return candidates[0];
}

function holdingInput(h: OpacHoldingsAndCirc, c: OpacCirculation | undefined, library: HoldingLibrary, codes: BranchCodes): HoldingInput {
  const code = present(h.nucCode);
  const location = [present(h.localLocation), present(h.shelvingLocation)].filter(Boolean).join(' / ');
  return {
    branch: code === undefined ? undefined : (codes.names[code] ?? code),
    location: location || present(c?.temporaryLocation),
    callNumber: present(h.callNumber),
    volume: present(c?.enumAndChron) ?? present(h.enumAndChron) ?? present(h.copyNumber),
    barcode: present(c?.itemId),
    statusText: statusText(h, c, library),
    collectionType: present(c?.restrictions),
    dueDate: present(c?.availablityDate),
    note: present(h.publicNote),
  };
}

export function opacHoldings(holdings: readonly OpacHolding[], library: HoldingLibrary): Holding[] {
  const codes = branchCodes(library);
  return holdings.flatMap((h) => {
    if (h.kind !== 'holdingsAndCirc') return []; // MARC holdings records (MFHD) are not mapped here
    const code = present(h.nucCode);
    if (codes.institutions && (code === undefined || !codes.institutions.has(code))) return [];
    const copies = h.circulationData.length > 0 ? h.circulationData : [undefined];
    return copies.map((c) => buildHolding(holdingInput(h, c, library, codes), library));
  });
}
