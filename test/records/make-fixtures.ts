/**
 * Writes fixtures/records/<case>/ (input.mrc + expected.json). Run once, commit the output:
 *   npx tsx test/records/make-fixtures.ts
 * Expected values come from the source records defined here, never from our reader.
 * Encodings: iconv-lite for GBK/Shift_JIS (directory lengths are byte counts of the encoded
 * fields, see writeIso2709), `yaz-marcdump -f UTF-8 -t MARC8` for MARC-8.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import type { DataField, MarcRecord } from '../../src/records/marc.ts';
import { writeIso2709 } from '../../src/records/iso2709/writer.ts';

const ROOT = fileURLToPath(new URL('../../fixtures/records/', import.meta.url));

type Expected =
  | { type: 'record'; offset: number; charset: string; charsetMismatch: boolean; warnings: string[]; record: MarcRecord }
  | { type: 'error'; code: string; offset: number; recordIndex: number }
  | { type: 'warning'; code: string; offset: number };

interface Case {
  description: string;
  options?: Record<string, unknown>;
  /** yaz-marcdump -f charset for the round-trip check; omitted = no yaz comparison. */
  yazFrom?: string;
  items: Expected[];
}

function df(tag: string, ind1: string, ind2: string, ...subfields: [string, string][]): DataField {
  return { tag, ind1, ind2, subfields: subfields.map(([code, value]) => ({ code, value })) };
}

function withLength(record: MarcRecord, bytes: Buffer): MarcRecord {
  return { ...record, leader: bytes.toString('latin1', 0, 24) };
}

function cnmarc(id: string, charset: string, title: string, extra: DataField[] = []): MarcRecord {
  return {
    leader: '00000nam0 2200000   450 ',
    fields: [
      { tag: '001', value: id },
      df('010', ' ', ' ', ['a', '978-7-115-16362-2'], ['d', 'CNY49.00']),
      df('100', ' ', ' ', ['a', `20080101d2007    em y0chiy${charset}ea`]),
      df('200', '1', ' ', ['a', title], ['f', '(美) Michael C. Feathers著'], ['g', '刘未鹏译']),
      df('210', ' ', ' ', ['a', '北京'], ['c', '人民邮电出版社'], ['d', '2007']),
      ...extra,
      df('801', ' ', '0', ['a', 'CN'], ['b', 'TEST'], ['c', '20080101']),
    ],
  };
}

function marc21(id: string, title: string, leader09 = 'a'): MarcRecord {
  return {
    leader: `00000nam ${leader09}2200000 a 4500`,
    fields: [
      { tag: '001', value: id },
      { tag: '008', value: '240101s2007    xx            000 0 eng d' },
      df('245', '1', '0', ['a', title], ['c', 'by someone.']),
      df('650', ' ', '0', ['a', 'Libraries'], ['x', 'History.']),
    ],
  };
}

function rec(offset: number, bytes: Buffer, record: MarcRecord, charset: string, warnings: string[] = [], charsetMismatch = false): Expected {
  return { type: 'record', offset, charset, charsetMismatch, warnings, record: withLength(record, bytes) };
}

function write(name: string, input: Buffer, spec: Case): void {
  const dir = join(ROOT, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'input.mrc'), input);
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(spec, null, 2)}\n`);
}

const gbk = (s: string): Buffer => iconv.encode(s, 'gbk');
const sjis = (s: string): Buffer => iconv.encode(s, 'shift_jis');

// 1. UTF-8 CNMARC with Chinese (100$a/26-27 = 50).
{
  const a = cnmarc('UTF8-1', '50      ', '修改代码的艺术');
  const b = cnmarc('UTF8-2', '50      ', '中国图书馆学报', [df('606', '0', ' ', ['a', '图书馆学'], ['x', '研究'])]);
  const [ba, bb] = [writeIso2709(a), writeIso2709(b)];
  write('utf8-cnmarc', Buffer.concat([ba, bb]), {
    description: 'two UTF-8 CNMARC records with Chinese, 100$a charset 50',
    yazFrom: 'UTF-8',
    items: [rec(0, ba, a, 'utf-8'), rec(ba.length, bb, b, 'utf-8')],
  });
}

// 2. GBK CNMARC (GB 2312-era 100$a "0110"); lengths are GBK byte counts.
{
  const a = cnmarc('GBK-1', '0110    ', '数据结构与算法', [df('690', ' ', ' ', ['a', 'TP311.12'], ['v', '4'])]);
  const ba = writeIso2709(a, gbk);
  write('gbk-cnmarc', ba, {
    description: 'GBK-encoded CNMARC, 100$a charset 0110, directory in GBK bytes',
    yazFrom: 'GBK',
    items: [rec(0, ba, a, 'gb18030')],
  });
}

// 3. Shift_JIS Japanese CNMARC: charset only from the library config (100$a cannot say it).
{
  const a = cnmarc('SJIS-1', '50      ', 'ソフトウェア開発の技法', [df('101', '0', ' ', ['a', 'jpn'])]);
  // Shift_JIS has no simplified Chinese (刘, 鹏): Japanese responsibility and imprint.
  a.fields.splice(3, 2, df('200', '1', ' ', ['a', 'ソフトウェア開発の技法'], ['f', '山田太郎著'], ['g', '鈴木一郎訳']), df('210', ' ', ' ', ['a', '東京'], ['c', '翔泳社'], ['d', '2009']));
  const ba = writeIso2709(a, sjis);
  write('sjis-cnmarc', ba, {
    description: 'Shift_JIS Japanese CNMARC; library configured as shift_jis',
    options: { charset: 'shift_jis' },
    yazFrom: 'SHIFT_JIS',
    items: [rec(0, ba, a, 'shift_jis')],
  });
}

// 4. MARC-8 (leader/09 blank): ANSEL diacritics, Cyrillic, Greek, EACC, written by YAZ.
{
  const a = marc21('M8-1', 'Café crème à Đoàn', ' ');
  a.fields.push(df('700', '1', ' ', ['a', 'Kierkegaard, Søren'], ['e', 'Zoë Brontë, Œuvres']), df('880', '0', '0', ['a', 'Москва'], ['b', 'Αθηνα'], ['c', '中国图书馆']));
  const tmp = mkdtempSync(join(tmpdir(), 'fixtures-'));
  try {
    writeFileSync(join(tmp, 'u.mrc'), writeIso2709(a));
    const marc8 = execFileSync('yaz-marcdump', ['-i', 'marc', '-o', 'marc', '-f', 'UTF-8', '-t', 'MARC8', '-l', '9=32', join(tmp, 'u.mrc')]);
    write('marc8-diacritics', marc8, {
      description: 'MARC 21 in MARC-8 (ANSEL combining marks before the base letter, ESC ( N Cyrillic, ESC ( S Greek, ESC $ 1 EACC)',
      yazFrom: 'MARC8',
      items: [rec(0, marc8, a, 'marc-8')],
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// 5. Directory counted in characters (computed before a GBK→UTF-8 conversion) + good record.
{
  const a = cnmarc('DIR-1', '50      ', '修改代码的艺术');
  const good = cnmarc('DIR-2', '50      ', '软件工程');
  // Lengths as if every character were one byte: right count of fields, wrong offsets.
  const asChars = writeIso2709(a, (s) => Buffer.from(s.replace(/[\u0080-\uffff]/g, 'x'), 'latin1'));
  const utf8 = writeIso2709(a);
  const bad = Buffer.concat([asChars.subarray(0, 24 + (a.fields.length * 12) + 1), utf8.subarray(24 + a.fields.length * 12 + 1)]);
  const gb = writeIso2709(good);
  write('char-counted-directory', Buffer.concat([bad, gb]), {
    description: 'record whose leader length and directory were computed in characters; split on 0x1E/0x1D with warnings',
    items: [
      rec(0, bad, a, 'utf-8', ['length-mismatch', 'directory-mismatch']),
      rec(bad.length, gb, good, 'utf-8'),
    ],
  });
}

// 6. Garbage directory (wrong field count, non-numeric) then a good record.
{
  const a = marc21('BAD-1', 'Broken directory');
  const good = marc21('GOOD-1', 'After the broken one');
  const bytes = writeIso2709(a);
  const broken = Buffer.from(bytes);
  broken.write('24xQQ99', 24 + 12 * 2, 'latin1');
  // A stray 0x1E inside the directory: it no longer ends where the base address says,
  // and what precedes the 0x1E is not a whole number of entries.
  broken[24 + 12 * 3 + 3] = 0x1e;
  const gb = writeIso2709(good);
  write('bad-directory', Buffer.concat([broken, gb]), {
    description: 'directory with a non-numeric entry and a stray 0x1E; the next record still comes out',
    items: [
      { type: 'error', code: 'bad-directory', offset: 0, recordIndex: 0 },
      rec(broken.length, gb, good, 'utf-8'),
    ],
  });
}

// 7. Truncated record followed by a good one.
{
  const a = marc21('T-1', 'Cut short');
  const good = marc21('T-2', 'Survivor');
  const cut = writeIso2709(a).subarray(0, 100);
  const gb = writeIso2709(good);
  write('truncated-then-good', Buffer.concat([cut, gb, cut]), {
    description: 'a record cut after 100 bytes, a good record, then the stream ends inside a record',
    items: [
      { type: 'error', code: 'truncated', offset: 0, recordIndex: 0 },
      rec(cut.length, gb, good, 'utf-8'),
      { type: 'error', code: 'truncated', offset: cut.length + gb.length, recordIndex: 2 },
    ],
  });
}

// 8. CR/LF and junk between records.
{
  const [a, b, c] = [marc21('CR-1', 'One'), marc21('CR-2', 'Two'), marc21('CR-3', 'Three')];
  const [ba, bb, bc] = [writeIso2709(a), writeIso2709(b), writeIso2709(c)];
  const junk = Buffer.from('\r\n');
  const noise = Buffer.from('\r\n--- 12 junk ---\n');
  write('crlf-between', Buffer.concat([ba, junk, bb, noise, bc, junk]), {
    description: 'CR/LF after each record and a junk line; every record survives, each skip is a warning',
    items: [
      rec(0, ba, a, 'utf-8'),
      { type: 'warning', code: 'junk-skipped', offset: ba.length },
      rec(ba.length + 2, bb, b, 'utf-8'),
      { type: 'warning', code: 'junk-skipped', offset: ba.length + 2 + bb.length },
      rec(ba.length + 2 + bb.length + noise.length, bc, c, 'utf-8'),
      { type: 'warning', code: 'junk-skipped', offset: ba.length + 2 + bb.length + noise.length + bc.length },
    ],
  });
}

// 9. MARC 21 leader/09 blank (MARC-8) but the bytes are UTF-8.
{
  const a = marc21('MIS-1', 'Thinking in 中文 — naïve', ' ');
  const ba = writeIso2709(a);
  write('mislabelled-utf8', ba, {
    description: 'leader/09 says MARC-8, bytes are multi-byte UTF-8: decoded as UTF-8, charsetMismatch',
    yazFrom: 'UTF-8',
    items: [rec(0, ba, a, 'utf-8', ['charset-mismatch'], true)],
  });
}

// 10. Oversized: over the configured limit, and over 99,999 bytes without a terminator.
{
  const small = marc21('OV-1', 'Small');
  const big = marc21('OV-2', 'Big');
  big.fields.push(...Array.from({ length: 6 }, (_, i) => df('500', ' ', ' ', ['a', `${i} ${'x'.repeat(500)}`])));
  const after = marc21('OV-3', 'After');
  const [bs, bb, ba] = [writeIso2709(small), writeIso2709(big), writeIso2709(after)];
  // A record whose 0x1D never comes within 99,999 bytes (runaway data).
  const runaway = Buffer.concat([writeIso2709(small).subarray(0, 60), Buffer.alloc(120_000, 0x41)]);
  const last = writeIso2709(after);
  write('oversized', Buffer.concat([bs, bb, ba, runaway, last]), {
    description: 'limit 2000 bytes: a 3 KB record is oversized; then 120 KB without 0x1D is oversized; neighbours survive',
    options: { maxRecordBytes: 2000 },
    items: [
      rec(0, bs, small, 'utf-8'),
      { type: 'error', code: 'oversized', offset: bs.length, recordIndex: 1 },
      rec(bs.length + bb.length, ba, after, 'utf-8'),
      { type: 'error', code: 'oversized', offset: bs.length + bb.length + ba.length, recordIndex: 3 },
      rec(bs.length + bb.length + ba.length + runaway.length, last, after, 'utf-8'),
    ],
  });
}

console.log(`fixtures written under ${ROOT}`);
