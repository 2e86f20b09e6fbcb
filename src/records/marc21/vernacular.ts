/**
 * 880 Alternate Graphic Representation (MARC 21 Bibliographic, 880 and Appendix A
 * "Control Subfields" $6 Linkage). A romanized field carries $6 "880-NN"; its 880
 * twin carries $6 "TAG-NN/script" (e.g. "245-01/$1" for CJK). Occurrence "00" means
 * the 880 has no romanized partner.
 */
import { dataFields, firstSubfield, type DataField, type MarcRecord } from '../marc.ts';

/** $6 "880-01", "245-01/$1": the linked tag and the occurrence number. */
const LINKAGE = /^(\d{3})-(\d{2})/u;

interface Linkage {
  tag: string;
  occurrence: string;
}

function parseLinkage(value: string | undefined): Linkage | undefined {
  const match = LINKAGE.exec(value?.trim() ?? '');
  return match ? { tag: match[1] as string, occurrence: match[2] as string } : undefined;
}

export class VernacularIndex {
  // Made when the record has 880s: most records have none (two Maps per record for nothing).
  private byLink: Map<string, DataField> | undefined;
  private unlinked: Map<string, DataField[]> | undefined;

  constructor(marc: MarcRecord) {
    for (const field of dataFields(marc, '880')) {
      const link = parseLinkage(firstSubfield(field, '6'));
      if (!link) continue;
      if (link.occurrence === '00') {
        const unlinked = (this.unlinked ??= new Map());
        unlinked.set(link.tag, [...(unlinked.get(link.tag) ?? []), field]);
      } else (this.byLink ??= new Map()).set(`${link.tag}-${link.occurrence}`, field);
    }
  }

  /** The 880 paired with a regular field (through the regular field's $6 "880-NN"). */
  of(field: DataField): DataField | undefined {
    if (this.byLink === undefined) return undefined;
    const link = parseLinkage(firstSubfield(field, '6'));
    if (!link || link.tag !== '880') return undefined;
    return this.byLink.get(`${field.tag}-${link.occurrence}`);
  }

  /** 880s standing alone for a tag ($6 "245-00"): vernacular data without a romanized twin. */
  unpaired(tag: string): readonly DataField[] {
    return this.unlinked?.get(tag) ?? NONE;
  }
}

const NONE: readonly DataField[] = Object.freeze([]);
