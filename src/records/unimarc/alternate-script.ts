/**
 * UNIMARC alternate graphic representation (UNIMARC Manual, "Alternate graphics":
 * control subfields $6 interfield linking data and $7 script of field). A field repeated
 * in another script carries the same $6 link ("a01": a = alternate graphic
 * representation, 01 = link number) as its primary; the first occurrence is primary.
 */
import { firstSubfield, isDataField, type DataField, type MarcRecord } from '../marc.ts';

/** $6 "a01": alternate graphic representation, link 01. */
const ALTERNATE_LINK = /^a\d{2}/u;

export class AlternateScripts {
  // Made when the record has a linked pair: most records have none, and three hash tables per
  // record for nothing were a tenth of the mapping's allocation.
  private twins: Map<DataField, DataField> | undefined;
  private secondary: Set<DataField> | undefined;

  constructor(marc: MarcRecord) {
    let firstByLink: Map<string, DataField> | undefined;
    for (const field of marc.fields) {
      if (!isDataField(field)) continue;
      const link = firstSubfield(field, '6')?.trim();
      if (!link || !ALTERNATE_LINK.test(link)) continue;
      const key = `${field.tag}|${link.slice(0, 3)}`;
      firstByLink ??= new Map();
      const primary = firstByLink.get(key);
      if (!primary) {
        firstByLink.set(key, field);
      } else {
        (this.twins ??= new Map()).set(primary, field);
        (this.secondary ??= new Set()).add(field);
      }
    }
  }

  /** Data fields that are not an alternate-script repeat of another field. */
  primary(marc: MarcRecord): DataField[] {
    const secondary = this.secondary;
    return marc.fields.filter((f): f is DataField => isDataField(f) && !(secondary?.has(f) ?? false));
  }

  isSecondary(field: DataField): boolean {
    return this.secondary?.has(field) ?? false;
  }

  twin(field: DataField): DataField | undefined {
    return this.twins?.get(field);
  }
}
