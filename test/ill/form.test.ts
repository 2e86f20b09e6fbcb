import { describe, expect, it } from 'vitest';
import { alternatives, chooseCopy, listCopies } from '../../src/ill/copies.ts';
import { fillForm } from '../../src/ill/form.ts';
import { codePointLength, limitText } from '../../src/ill/text.ts';
import { LIBRARIES, SEED_ROW, seedRecords, shl } from './fixtures.ts';
import { ServiceSnapshot } from '../../src/holdings/lender-service.ts';

const services = ServiceSnapshot.configured(LIBRARIES, '2026-12-05T00:00:00.000Z');

const library = (id: string) => LIBRARIES.find((l) => l.id === id);

describe('character limits (code points, whole graphemes)', () => {
  it('counts one CJK character as one, like a browser maxlength for BMP text', () => {
    expect(codePointLength('万历十五年')).toBe(5);
    expect(limitText('万历十五年', 3)).toEqual({ text: '万历十', truncated: true });
  });

  it('counts a supplementary-plane ideograph as one and never cuts it in half', () => {
    const ext = '𠀀𠀁𠀂'; // CJK Extension B: two UTF-16 units each
    expect(ext.length).toBe(6);
    expect(codePointLength(ext)).toBe(3);
    const cut = limitText(`ab${ext}`, 3);
    expect(cut).toEqual({ text: 'ab𠀀', truncated: true });
    expect(cut.text).not.toMatch(/[\uD800-\uDBFF]$/u);
  });

  it('keeps a combining mark with its letter rather than split the grapheme', () => {
    const cut = limitText('abe\u0301cd', 3); // "é" as e + U+0301 does not fit in 3
    expect(cut.text).toBe('ab');
    expect(limitText('short', 240)).toEqual({ text: 'short', truncated: false });
  });
});

describe('BALIS form from the seed record', () => {
  const [shlRecord] = seedRecords();

  it('fills every box as the seed reader did', () => {
    const { form, warnings, bibliographic } = fillForm({ record: shlRecord!, holding: shlRecord!.holdings[0]!, lender: shl, customReference: 'MY-1', note: '请尽快' });
    expect(form).toEqual({
      title: 'The Cambridge History of China. v.7: The Ming Dynasty, 1368-1644',
      language: '英文',
      year: '1988',
      authors: 'Twitchett, Denis Crispin., Fairbank, John King,, Mote, Frederick W.',
      publisher: 'Cambridge University Press',
      isbnIssn: '',
      lenderName: '上海图书馆',
      lenderCode: '123114',
      lenderDetail: '上海图书馆，综合阅览室-1楼，索书号 K20/C178/v.7/，条码 54122100517423',
      delegateLibrary: '',
      materialType: '图书',
      delivery: '物流',
      pickup: '到本校图书馆取书',
      fee: '0元',
      paymentMethod: '现金支付',
      customReference: 'MY-1',
      note: '请尽快',
    });
    expect(warnings).toEqual([]);
    expect(bibliographic).toEqual({ titleProper: 'The Cambridge History of China', volume: 'v.7: The Ming Dynasty, 1368-1644', place: 'Cambridge' });
  });

  it('takes the volume from the copy when the record describes the whole set', () => {
    const set = { ...shlRecord!, partNumber: undefined, partName: undefined, title: 'The Cambridge history of China /' };
    const { form } = fillForm({ record: set, holding: { ...shlRecord!.holdings[0]!, volume: 'v.7' }, lender: shl });
    expect(form.title).toBe('The Cambridge history of China. v.7');
  });

  it('cuts a long title at 240 characters with a warning, and a long lender detail at 100', () => {
    const title = '中'.repeat(239) + '𠀀𠀁';
    const { form, warnings } = fillForm({ record: { ...shlRecord!, title, partNumber: undefined, partName: undefined }, holding: { ...shlRecord!.holdings[0]!, location: '库'.repeat(120) }, lender: shl });
    expect(codePointLength(form.title)).toBe(240);
    expect(form.title.endsWith('𠀀')).toBe(true);
    expect(codePointLength(form.lenderDetail)).toBeLessThanOrEqual(100);
    expect(warnings.map((w) => [w.field, w.code])).toEqual([
      ['title', 'truncated'],
      ['lenderDetail', 'truncated'],
    ]);
    expect(warnings[0]!.zh).toContain('240');
  });

  it('shows the valid ISBN-13, else the ISSN, and warns when the lender has no BALIS code', () => {
    const [, pkuRecord] = seedRecords();
    const pku = library('pku')!;
    expect(fillForm({ record: pkuRecord!, lender: pku }).form.isbnIssn).toBe('9780521243322');
    const serial = { ...pkuRecord!, isbns: [], issns: ['0305-7410'], materialType: '期刊' };
    expect(fillForm({ record: serial, lender: pku }).form).toMatchObject({ isbnIssn: '0305-7410', materialType: '期刊' });
    const noCode = { ...pku, ill: { ...pku.ill, lenderCode: undefined } };
    expect(fillForm({ record: pkuRecord!, lender: noCode }).warnings.map((w) => w.code)).toEqual(['lender_code_missing']);
  });
});

describe('copies, eligibility and alternatives', () => {
  const copies = listCopies(seedRecords(), library, services);

  it('numbers copies per library and re-applies each lender rule', () => {
    expect(copies.map((c) => [c.ref.library, c.ref.index, c.eligibility.eligible])).toEqual([
      ['shl', 0, true],
      ['shl', 1, false],
      ['pku', 0, true],
      ['ruc', 0, false],
    ]);
    expect(copies[1]!.eligibility.reasons).toEqual([{ code: 'on_loan', zh: '状态为"借出"，应还日期 2026-12-10', en: 'on loan until 2026-12-10' }]);
    expect(copies[3]!.eligibility.reasons[0]!.code).toBe('lender_suspended');
  });

  it('chooses the named copy, else the first eligible one', () => {
    expect(chooseCopy(copies, 'shl')).toMatchObject({ kind: 'copy', copy: { ref: { barcode: SEED_ROW.barcode } } });
    expect(chooseCopy(copies, 'shl', { index: 1 })).toMatchObject({ kind: 'copy', copy: { ref: { barcode: '54122100517424' } } });
    expect(chooseCopy(copies, 'shl', { barcode: 'nope' })).toEqual({ kind: 'unknownHolding' });
    expect(chooseCopy(listCopies(seedRecords().slice(1), library, services), 'shl')).toEqual({ kind: 'none' });
    const second = { ...seedRecords()[0]!, id: 'shl:vol7', holdings: [{ ...seedRecords()[0]!.holdings[0]!, barcode: 'VOL7' }] };
    const withVolume = listCopies([...seedRecords(), second], library, services);
    expect(chooseCopy(withVolume, 'shl', undefined, 'shl:vol7')).toMatchObject({ copy: { ref: { recordId: 'shl:vol7', barcode: 'VOL7' } } });
  });

  it('takes a copy as the lender\'s own system reports it, not a union catalogue\'s report of the same barcode', () => {
    const own = seedRecords()[0]!;
    const union = { ...own, id: 'balis-union:u1', library: 'balis-union', holdings: [{ ...own.holdings[0]!, statusText: '归还（联合目录）' }] };
    const listed = listCopies([union, own], library, services);
    expect(listed.filter((c) => c.ref.barcode === SEED_ROW.barcode).map((c) => c.record.id)).toEqual([own.id]);
    expect(chooseCopy(listed, 'shl', { barcode: SEED_ROW.barcode })).toMatchObject({ copy: { record: { id: own.id } } });
  });

  it('suggests eligible copies only: the same lender first, then other libraries', () => {
    const onLoan = copies[1]!;
    expect(alternatives(copies, 'shl', onLoan).map((r) => `${r.library}#${r.index}`)).toEqual(['shl#0', 'pku#0']);
    expect(alternatives(copies, 'ruc', copies[3]).map((r) => r.library)).toEqual(['shl', 'pku']);
  });
});
