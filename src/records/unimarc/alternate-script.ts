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
  private readonly twins = new Map<DataField, DataField>();
  private readonly secondary = new Set<DataField>();

  constructor(marc: MarcRecord) {
    const firstByLink = new Map<string, DataField>();
    for (const field of marc.fields) {
      if (!isDataField(field)) continue;
      const link = firstSubfield(field, '6')?.trim();
      if (!link || !ALTERNATE_LINK.test(link)) continue;
      const key = `${field.tag}|${link.slice(0, 3)}`;
      const primary = firstByLink.get(key);
      if (!primary) {
        firstByLink.set(key, field);
      } else {
        this.twins.set(primary, field);
        this.secondary.add(field);
      }
    }
  }

  /** Data fields that are not an alternate-script repeat of another field. */
  primary(marc: MarcRecord): DataField[] {
    return marc.fields.filter((f): f is DataField => isDataField(f) && !this.secondary.has(f));
  }

  isSecondary(field: DataField): boolean {
    return this.secondary.has(field);
  }

  twin(field: DataField): DataField | undefined {
    return this.twins.get(field);
  }
}
