/**
 * Which records a simulated library holds, and its copies, the way its own OPAC would
 * show them (only its own copies, 馆址 = its name). Libraries whose institution code
 * appears in the fixture catalogue serve exactly the authored copies; the others get
 * copies chosen deterministically from the library id and record id, so every run
 * (demo, tests, benchmarks) sees the same statuses. Field layout: fixtures/catalogue/README.md
 * (MARC 21 852 $z status $x 馆藏类型; CNMARC 905 $x status $y 馆藏类型).
 */
import type { SearchField } from '../query/model.ts';
import { createHash } from 'node:crypto';
import { controlValue, isDataField, type DataField, type MarcRecord } from '../records/marc.ts';
import { flavourOf } from './match.ts';

export interface SimulatedLibraryIdentity {
  id: string;
  /** 馆址 written into the copies. */
  branchName: string;
  /** Code of its copies in the fixture records. */
  institution: string;
  /** Share of the catalogue held when the fixture has no copies of this institution. */
  share: number;
  /** Indexes this library has none of: left out of what it says it searches, refused when searched. */
  lacks?: readonly SearchField[];
}

/** A number in [0, 1) from text: the same text always gives the same number. */
function unitHash(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

const HOLDING_TAGS = new Set(['852', '905']);

const STATUSES: { text: string; weight: number }[] = [
  { text: '归还', weight: 4 },
  { text: '可借', weight: 2 },
  { text: '借出-应还日期：2026-12-20', weight: 2 },
  { text: '借出', weight: 1 },
  { text: '阅览', weight: 1 },
  { text: '预约保留', weight: 1 },
  { text: '编目中', weight: 1 },
  { text: '在途', weight: 1 },
];
const TYPES = ['参考外借资料', '参考外借资料', '普通外借资料', '普通外借资料', '仅供阅览资料', '保存资料'];
const LOCATIONS = ['中文图书借阅室', '外文书库', '基藏书库', '社科借阅区-3楼', '综合阅览室-1楼'];

function pick<T>(items: readonly T[], unit: number): T {
  return items[Math.min(items.length - 1, Math.floor(unit * items.length))] as T;
}

function pickStatus(unit: number): string {
  const total = STATUSES.reduce((n, s) => n + s.weight, 0);
  let at = unit * total;
  for (const s of STATUSES) {
    at -= s.weight;
    if (at < 0) return s.text;
  }
  return STATUSES[0]!.text;
}

function holdingFields(record: MarcRecord): DataField[] {
  return record.fields.filter((f): f is DataField => HOLDING_TAGS.has(f.tag) && isDataField(f));
}

function institutionOf(field: DataField): string | undefined {
  return field.subfields.find((s) => s.code === 'a')?.value;
}

function classNumber(record: MarcRecord): string {
  for (const field of record.fields) {
    if (!isDataField(field)) continue;
    if (field.tag === '690' || field.tag === '050' || (field.tag === '084' && field.subfields.some((s) => s.code === '2' && s.value === 'clc'))) {
      const value = field.subfields.find((s) => s.code === 'a')?.value;
      if (value) return value.replace(/\s+/g, '');
    }
  }
  return 'Z228';
}

function generatedCopies(library: SimulatedLibraryIdentity, record: MarcRecord): DataField[] {
  const recordId = controlValue(record, '001') ?? '';
  const count = 1 + Math.floor(unitHash(`${library.id}|count|${recordId}`) * 3);
  const unimarc = flavourOf(record) === 'unimarc';
  const cls = classNumber(record);
  return Array.from({ length: count }, (_, i) => {
    const seed = `${library.id}|${recordId}|${i}`;
    const location = pick(LOCATIONS, unitHash(`${seed}|loc`));
    const callNumber = `${cls}/${1 + Math.floor(unitHash(`${seed}|book`) * 900)}`;
    const barcode = String(10_000_000_000_000 + Math.floor(unitHash(`${seed}|bc`) * 89_999_999_999_999));
    const status = pickStatus(unitHash(`${seed}|status`));
    const type = pick(TYPES, unitHash(`${seed}|type`));
    const sub = (code: string, value: string) => ({ code, value });
    return unimarc
      ? { tag: '905', ind1: ' ', ind2: ' ', subfields: [sub('a', library.branchName), sub('b', barcode), sub('c', location), sub('s', callNumber), sub('x', status), sub('y', type)] }
      : { tag: '852', ind1: ' ', ind2: ' ', subfields: [sub('a', library.branchName), sub('b', location), sub('h', callNumber), sub('p', barcode), sub('z', status), sub('x', type)] };
  });
}

/** Whether the fixture authors copies for this institution anywhere (then only those are served). */
export function hasAuthoredCopies(catalogue: readonly MarcRecord[], institution: string): boolean {
  return catalogue.some((r) => holdingFields(r).some((f) => institutionOf(f) === institution));
}

/**
 * The records this library serves, each with only its own copies. `authored` comes from
 * hasAuthoredCopies (computed once per catalogue and library).
 */
export function librarySelection(catalogue: readonly MarcRecord[], library: SimulatedLibraryIdentity, authored: boolean): MarcRecord[] {
  const out: MarcRecord[] = [];
  catalogue.forEach((record, index) => {
    const holdings = holdingFields(record);
    const others = record.fields.filter((f) => !HOLDING_TAGS.has(f.tag));
    if (authored) {
      const own = holdings.filter((f) => institutionOf(f) === library.institution);
      if (own.length === 0) return;
      const renamed = own.map((f) => ({ ...f, subfields: f.subfields.map((s) => (s.code === 'a' ? { code: 'a', value: library.branchName } : s)) }));
      out.push({ leader: record.leader, fields: [...others, ...renamed] });
      return;
    }
    // Records with no copies anywhere (e-books) have none here either.
    if (holdings.length === 0) return;
    const id = controlValue(record, '001') ?? String(index);
    if (unitHash(`${library.id}|holds|${id}`) >= library.share) return;
    out.push({ leader: record.leader, fields: [...others, ...generatedCopies(library, record)] });
  });
  return out;
}
