/**
 * Fixture-driven ISO 2709 tests: fixtures/records/<case>/input.mrc + expected.json
 * (made by test/records/make-fixtures.ts). Each case is read whole, in 1-byte chunks, in
 * odd chunk sizes and as a stream, and checked field-for-field against yaz-marcdump.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Iso2709Reader, readIso2709, readIso2709Stream, type Iso2709ReaderOptions, type MarcReadItem } from '../../src/records/iso2709/reader.ts';
import { MarcReadError } from '../../src/records/errors.ts';
import { hasYaz, requirePeers, yazJson, yazSkipReason } from './yaz.ts';

const ROOT = fileURLToPath(new URL('../../fixtures/records/', import.meta.url));
const cases = readdirSync(ROOT).filter((name) => existsSync(join(ROOT, name, 'input.mrc'))).sort();

interface Spec {
  description: string;
  options?: Iso2709ReaderOptions;
  yazFrom?: string;
  items: unknown[];
}

function plain(item: MarcReadItem): unknown {
  if (item.type === 'record') {
    const { record } = item;
    return {
      type: 'record',
      offset: record.offset,
      charset: record.charset,
      charsetMismatch: record.charsetMismatch,
      warnings: record.warnings.map((w) => w.code),
      record: record.toMarcRecord(),
    };
  }
  if (item.type === 'error') return { type: 'error', code: item.error.code, offset: item.error.offset, recordIndex: item.error.recordIndex };
  return { type: 'warning', code: item.warning.code, offset: item.warning.offset };
}

function chunked(bytes: Buffer, size: number, options: Iso2709ReaderOptions | undefined): unknown[] {
  const reader = new Iso2709Reader(options);
  const out: MarcReadItem[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...reader.push(bytes.subarray(i, i + size)));
  out.push(...reader.end());
  return out.map(plain);
}

describe.each(cases)('ISO 2709 fixture %s', (name) => {
  const input = readFileSync(join(ROOT, name, 'input.mrc'));
  const spec = JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')) as Spec;

  it('reads the whole buffer as expected', () => {
    expect([...readIso2709(input, spec.options)].map(plain)).toEqual(spec.items);
  });

  it('gives the same result in 1-byte chunks', () => {
    expect(chunked(input, 1, spec.options)).toEqual(spec.items);
  });

  it.each([2, 7, 23, 24, 25, 1000])('gives the same result in %i-byte chunks', (size) => {
    expect(chunked(input, size, spec.options)).toEqual(spec.items);
  });

  it('gives the same result from a stream', async () => {
    const items: unknown[] = [];
    for await (const item of readIso2709Stream(Readable.from([input.subarray(0, 33), input.subarray(33)]), spec.options)) items.push(plain(item));
    expect(items).toEqual(spec.items);
  });

  it('decodes each field lazily to the same values', () => {
    for (const item of readIso2709(input, spec.options)) {
      if (item.type !== 'record') continue;
      const all = item.record.toMarcRecord();
      expect(all.fields.map((_, i) => item.record.field(i))).toEqual(all.fields);
      expect(all.fields.map((_, i) => item.record.tag(i))).toEqual(all.fields.map((f) => f.tag));
    }
  });

  // Cases with broken structure have no yaz reference (yaz reads them differently or not at all).
  if (spec.yazFrom !== undefined) {
  it.skipIf(!hasYaz && !requirePeers)(
    hasYaz || requirePeers ? 'matches yaz-marcdump -o json field for field' : `matches yaz-marcdump (skipped: ${yazSkipReason})`,
    () => {
      const theirs = yazJson(join(ROOT, name, 'input.mrc'), ['-i', 'marc', '-f', spec.yazFrom as string, '-t', 'UTF-8']);
      const ours = [...readIso2709(input, spec.options)].flatMap((item) => (item.type === 'record' ? [item.record.toMarcRecord()] : []));
      expect(ours.length).toBe(theirs.length);
      expect(ours.length).toBeGreaterThan(0);
      for (const [i, record] of ours.entries()) {
        const reference = theirs[i];
        expect(reference).toBeDefined();
        expect(record.fields).toEqual(reference?.fields);
        // yaz rewrites leader/09 when it converts to UTF-8; every other position must agree.
        expect(record.leader.slice(0, 9) + record.leader.slice(10)).toBe((reference?.leader.slice(0, 9) ?? '') + reference?.leader.slice(10));
      }
    },
  );
  }
});

describe('ISO 2709 errors are typed values', () => {
  it('carries library, offset and record index', () => {
    const input = readFileSync(join(ROOT, 'truncated-then-good', 'input.mrc'));
    const first = readIso2709(input, { library: 'nlc' }).next().value as MarcReadItem;
    expect(first.type).toBe('error');
    if (first.type !== 'error') return;
    expect(first.error).toBeInstanceOf(MarcReadError);
    expect(first.error).toMatchObject({ code: 'truncated', offset: 0, recordIndex: 0, library: 'nlc' });
  });

  it('never hangs on garbage and reports it', () => {
    const garbage = Buffer.from('12345 this is not a record at all \x1d\r\n99999xyz');
    const items = [...readIso2709(garbage)];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.type !== 'record')).toBe(true);
    const errors = items.flatMap((item) => (item.type === 'error' ? [item.error] : []));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error instanceof MarcReadError && error.offset >= 0)).toBe(true);
  });

  it('rejects push() after end()', () => {
    const reader = new Iso2709Reader();
    reader.end();
    expect(() => reader.push(Buffer.from('x'))).toThrow(/after end/);
  });
});
