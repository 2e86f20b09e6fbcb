import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJsonUtf8 } from '../../src/http/json-utf8.ts';

/** What writeJsonUtf8 wrote, as text; a small buffer to start with, so growing it is tested too. */
const written = (value: unknown): string => {
  const { buffer, length } = writeJsonUtf8(value, Buffer.alloc(8));
  return buffer.toString('utf8', 0, length);
};
/** The bytes JSON.stringify's text encodes to ('' for what it answers undefined for). */
const expected = (value: unknown): string => Buffer.from(JSON.stringify(value) ?? '', 'utf8').toString('utf8');
const sameBytes = (value: unknown): void => {
  const { buffer, length } = writeJsonUtf8(value, Buffer.alloc(8));
  expect(buffer.subarray(0, length).equals(Buffer.from(JSON.stringify(value) ?? '', 'utf8'))).toBe(true);
};

/** Every UTF-16 unit that needs care: controls, quote, backslash, DEL, 2- and 3-byte UTF-8, both surrogate halves, U+2028/9, the last unit. */
const edgeUnits = [0, 1, 8, 9, 10, 12, 13, 0x1f, 0x20, 0x22, 0x2f, 0x3c, 0x5c, 0x7e, 0x7f, 0x80, 0xff, 0x7ff, 0x800, 0x2028, 0x2029, 0x4e2d, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfeff, 0xffff];
const edgeString = fc.array(fc.oneof(fc.constantFrom(...edgeUnits), fc.integer({ min: 0, max: 0xffff })), { maxLength: 40 }).map((units) => String.fromCharCode(...units));
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  edgeString,
  fc.constantFrom('</script><script>alert(1)</script>', '中国近代史 "引号" \\ 反斜杠\n', '\ud83d\ude00 \ud83d \ude00', '', 'Checked out, due 2026-12-10'),
);
const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(() => 1), fc.constant(Symbol('s')), fc.date({ noInvalidDate: true }));
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('any'), { maxLength: 6 }),
  object: fc.dictionary(text, tie('any'), { maxKeys: 6 }),
})).any;

describe('writeJsonUtf8', () => {
  it('writes the UTF-8 bytes of JSON.stringify for any value: every escape, surrogates lone and paired, undefined, functions, dates, nesting', () => {
    fc.assert(fc.property(value, (v) => sameBytes(v)), { numRuns: 3000 });
  });

  it('escapes each UTF-16 unit as JSON.stringify does, alone and between others', () => {
    for (let unit = 0; unit <= 0xffff; unit++) {
      const s = String.fromCharCode(unit);
      sameBytes(s);
      sameBytes({ [s]: `a${s}b`, list: [s, `${s}\ud800`, `\udc00${s}`] });
    }
  });

  it('is JSON.stringify for the shapes a search page has: copies with the same asOf/source/ill, CJK, members left out', () => {
    const holding = (i: number) => ({
      library: `lib${i % 4}`,
      statusText: i % 2 ? '在架' : 'Checked out, due 2026-12-10',
      status: i % 2 ? 'available' : 'on_loan',
      loanable: true,
      dueDate: i % 2 ? undefined : '2026-12-10',
      barcode: `3110900${i}`,
      ill: { eligible: i % 3 === 0, reasons: i % 3 === 0 ? [] : [{ code: 'on_loan', zh: '状态为"Checked out"', en: 'on loan' }] },
      asOf: '2026-12-06T13:01:10.543Z',
      source: 'live',
    });
    const page = {
      resultSetId: 'rs-1',
      createdAt: new Date(0),
      fromCache: undefined,
      elapsedMs: 12.5,
      sort: { field: 'relevance', direction: 'desc' },
      filters: undefined,
      clusters: Array.from({ length: 20 }, (_, c) => ({ id: `c${c}`, merged: { title: `中国近代史 ${c}`, year: 1980 + c, authors: [] }, holdings: Array.from({ length: 12 }, (_, i) => holding(c * 12 + i)), score: c / 3 })),
      facets: { year: [{ value: '1980', count: 3 }] },
      nothing: [undefined, () => 1, Symbol('x'), null, Number.NaN, -0, Infinity],
    };
    expect(written(page)).toBe(expected(page));
    expect(written(page).length).toBeGreaterThan(8);
  });

  it('calls toJSON with its key, takes boxed primitives and class instances as JSON does, answers nothing for undefined', () => {
    const keys: string[] = [];
    const probe = { toJSON: (key: string) => (keys.push(key), key === 'skip' ? undefined : `k:${key}`) };
    class Point {
      constructor(readonly x: number, readonly y: number) {}
    }
    const body = { a: probe, skip: probe, list: [probe, new Point(1, 2)], boxed: [new String('s'), new Number(3), new Boolean(false)], nulled: Object.assign(Object.create(null) as object, { z: 1 }) };
    const stringified = JSON.stringify(body);
    const stringifyKeys = keys.splice(0);
    expect(written(body)).toBe(stringified);
    expect(keys).toEqual(stringifyKeys);
    expect(keys).toEqual(['a', 'skip', '0']);
    expect(writeJsonUtf8(undefined, Buffer.alloc(8)).length).toBe(0);
    expect(written(() => 1)).toBe('');
  });

  it('throws as JSON.stringify does on a BigInt and on a cycle', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    expect(() => written({ n: 1n })).toThrow(TypeError);
    expect(() => written(cycle)).toThrow(TypeError);
  });

  it('ignores an enumerable property added to Object.prototype, as JSON.stringify does', () => {
    const body = { a: 1, b: { c: '中' } };
    (Object.prototype as Record<string, unknown>).polluted = 'x';
    try {
      expect(written(body)).toBe(JSON.stringify(body));
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });
});
