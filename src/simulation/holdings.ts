/**
 * Copies a simulated library holds, chosen deterministically from the library id and the
 * record id, so every run (demo, tests, benchmarks) sees the same statuses. Written into
 * the records the way real systems do: MARC 21 852, CNMARC 905 (see fixtures/catalogue/README.md).
 */
import { createHash } from 'node:crypto';
import { controlValue, type DataField, type MarcRecord } from '../records/marc.ts';
import { flavourOf } from './match.ts';

export interface SimulatedCopy {
  branch: string;
  location: string;
  callNumber: string;
  barcode: string;
  statusText: string;
  collectionType: string;
}

/** A number in [0, 1) from text: the same text always gives the same number. */
export function unitHash(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

export function holdsRecord(libraryId: string, recordId: string, share: number): boolean {
  return unitHash(`${libraryId}|holds|${recordId}`) < share;
}

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
const LOCATIONS = ['综合阅览室-1楼', '中文图书借阅室', '外文书库', '基藏书库', '社科借阅区-3楼'];

function pick<T>(items: readonly T[], unit: number): T {
  return items[Math.min(items.length - 1, Math.floor(unit * items.length))] as T;
}

function pickWeighted(unit: number): string {
  const total = STATUSES.reduce((n, s) => n + s.weight, 0);
  let at = unit * total;
  for (const s of STATUSES) {
    at -= s.weight;
    if (at < 0) return s.text;
  }
  return STATUSES[0]!.text;
}

function classNumber(record: MarcRecord): string {
  for (const field of record.fields) {
    if (!('subfields' in field)) continue;
    if (field.tag === '690' || field.tag === '050' || (field.tag === '084' && field.subfields.some((s) => s.code === '2' && s.value === 'clc'))) {
      const value = field.subfields.find((s) => s.code === 'a')?.value;
      if (value) return value.replace(/\s+/g, '');
    }
  }
  return 'Z228';
}

export function simulatedCopies(libraryId: string, branchName: string, record: MarcRecord): SimulatedCopy[] {
  const recordId = controlValue(record, '001') ?? '';
  const count = 1 + Math.floor(unitHash(`${libraryId}|count|${recordId}`) * 3);
  const cls = classNumber(record);
  const copies: SimulatedCopy[] = [];
  for (let i = 0; i < count; i++) {
    const seed = `${libraryId}|${recordId}|${i}`;
    copies.push({
      branch: branchName,
      location: pick(LOCATIONS, unitHash(`${seed}|loc`)),
      callNumber: `${cls}/${1 + Math.floor(unitHash(`${seed}|book`) * 900)}`,
      barcode: String(10_000_000_000_000 + Math.floor(unitHash(`${seed}|bc`) * 89_999_999_999_999)),
      statusText: pickWeighted(unitHash(`${seed}|status`)),
      collectionType: pick(TYPES, unitHash(`${seed}|type`)),
    });
  }
  return copies;
}

/** MARC 21 852 (holdings) or CNMARC 905 (local holdings), one field per copy. */
export function copyField(record: MarcRecord, institution: string, copy: SimulatedCopy): DataField {
  if (flavourOf(record) === 'unimarc') {
    return {
      tag: '905',
      ind1: ' ',
      ind2: ' ',
      subfields: [
        { code: 'a', value: institution },
        { code: 'b', value: copy.barcode },
        { code: 'c', value: copy.location },
        { code: 's', value: copy.callNumber },
        { code: 'f', value: copy.statusText },
        { code: 'g', value: copy.collectionType },
        { code: 'h', value: copy.branch },
      ],
    };
  }
  return {
    tag: '852',
    ind1: ' ',
    ind2: ' ',
    subfields: [
      { code: 'a', value: copy.branch },
      { code: 'b', value: copy.location },
      { code: 'h', value: copy.callNumber },
      { code: 'p', value: copy.barcode },
      { code: 'z', value: copy.statusText },
      { code: 'x', value: copy.collectionType },
    ],
  };
}

/** The record as this library serves it: its own copies replace any holdings fields. */
export function withSimulatedHoldings(record: MarcRecord, libraryId: string, branchName: string): MarcRecord {
  const copies = simulatedCopies(libraryId, branchName, record);
  const kept = record.fields.filter((f) => f.tag !== '852' && f.tag !== '905');
  return { leader: record.leader, fields: [...kept, ...copies.map((c) => copyField(record, libraryId, c))] };
}
