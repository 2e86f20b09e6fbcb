import { describe, expect, it } from 'vitest';
import { extractDueDate } from '../../src/holdings/due-date.ts';
import { textKey } from '../../src/holdings/text-key.ts';
import { buildVocabulary, defaultVocabulary, vocabularyFor } from '../../src/holdings/vocabulary.ts';

const vocabulary = defaultVocabulary();
const statusOf = (text: string) => vocabulary.readStatus(text).status;

describe('status vocabulary', () => {
  it.each([
    ['归还', 'available'], ['在架', 'available'], ['在馆', 'available'], ['可借', 'available'],
    ['借出', 'on_loan'], ['已借出', 'on_loan'], ['借出-应还日期：2025-07-10', 'on_loan'],
    ['预约', 'on_hold'], ['预约保留', 'on_hold'], ['在途', 'in_transit'], ['调拨', 'in_transit'],
    ['编目中', 'in_process'], ['在编', 'in_process'], ['订购中', 'in_process'], ['装订', 'in_process'],
    ['馆藏丢失', 'lost'], ['丢失', 'lost'], ['遗失', 'lost'], ['破损', 'damaged'], ['修补', 'damaged'],
    ['剔除', 'withdrawn'], ['注销', 'withdrawn'], ['阅览', 'reading_room_only'], ['仅供阅览', 'reading_room_only'], ['保留本', 'reading_room_only'],
    ['Available', 'available'], ['Checked in', 'available'], ['Checked out', 'on_loan'], ['Due 2026-12-01', 'on_loan'],
    ['On hold', 'on_hold'], ['In transit', 'in_transit'], ['Missing', 'missing'], ['Lost', 'lost'],
    ['Reference only', 'reading_room_only'], ['Library use only', 'reading_room_only'], ['On order', 'in_process'], ['In processing', 'in_process'],
    ['貸出可', 'available'], ['貸出中', 'on_loan'], ['禁帯出', 'reading_room_only'], ['館内のみ', 'reading_room_only'], ['整理中', 'in_process'],
    ['貸出中（返却予定日 2026/12/01）', 'on_loan'],
  ])('%s → %s', (text, status) => {
    expect(statusOf(text)).toBe(status);
  });

  it('folds Traditional characters, full-width punctuation and spaces', () => {
    expect(statusOf('歸還')).toBe('available');
    expect(statusOf('預約')).toBe('on_hold');
    expect(statusOf('遺失')).toBe('lost');
    expect(statusOf('遺失處理')).toBe('lost');
    expect(statusOf('跨館轉送中')).toBe('in_transit');
    expect(statusOf('僅供閱覽')).toBe('reading_room_only');
    expect(statusOf('　归还　')).toBe('available');
    expect(statusOf('CHECKED  IN')).toBe('available');
    const reading = vocabulary.readStatus('借出－應還日期：２０２５－０７－１０');
    expect(reading).toMatchObject({ status: 'on_loan', dueDate: '2025-07-10', label: '借出', matched: '借出' });
  });

  it('keeps the raw text and a label without the date tail', () => {
    expect(vocabulary.readStatus(' 借出-应还日期:2025-07-10 ')).toEqual({
      status: 'on_loan',
      text: '借出-应还日期:2025-07-10',
      label: '借出',
      dueDate: '2025-07-10',
      matched: '借出',
    });
    expect(vocabulary.readStatus('Checked out, due 2026-12-10')).toMatchObject({ status: 'on_loan', label: 'Checked out', dueDate: '2026-12-10' });
    expect(vocabulary.readStatus('借出应还日期2026-01-31')).toMatchObject({ status: 'on_loan', dueDate: '2026-01-31' });
  });

  it('reads unknown texts as unknown and keeps them', () => {
    expect(vocabulary.readStatus('下架待定')).toEqual({ status: 'unknown', text: '下架待定', label: '下架待定' });
    expect(vocabulary.readStatus('')).toEqual({ status: 'unknown', text: '', label: '' });
    expect(vocabulary.readStatus(undefined).status).toBe('unknown');
    // A negation after a known word is not that word: "在馆不外借" must not read as available.
    expect(statusOf('在馆不外借')).toBe('unknown');
    expect(statusOf('未归还')).toBe('unknown');
  });

  it('lets a library override and extend the defaults', () => {
    const horizon = buildVocabulary({ statuses: { i: 'available', o: 'on_loan', 归还: 'in_process' } });
    expect(horizon.readStatus('i').status).toBe('available');
    expect(horizon.readStatus('o').status).toBe('on_loan');
    expect(horizon.readStatus('歸還').status).toBe('in_process');
    expect(horizon.readStatus('借出').status).toBe('on_loan');
    expect(() => buildVocabulary({ statuses: { x: 'gone' } })).toThrow(/not one of/);
  });

  it('builds one vocabulary per library config object', () => {
    const overrides = { statuses: { 上架中: 'available' as const } };
    const library = { vocabulary: overrides };
    expect(vocabularyFor(library)).toBe(vocabularyFor(library));
    expect(vocabularyFor(library).readStatus('上架中').status).toBe('available');
    expect(vocabularyFor({}).readStatus('上架中').status).toBe('unknown');
  });
});

describe('collection types', () => {
  it.each([
    ['参考外借资料', true], ['普通外借资料', true], ['少儿外借资料', true],
    ['保存资料', false], ['仅供阅览资料', false], ['阅览', false], ['參考外借資料', true],
  ])('%s loanable: %s', (type, loanable) => {
    expect(vocabulary.readCollectionType(type)).toMatchObject({ loanable, known: true });
  });

  it('reads unlisted types by their wording only to refuse lending', () => {
    expect(vocabulary.readCollectionType('古籍阅览资料')).toMatchObject({ loanable: false, known: false });
    expect(vocabulary.readCollectionType('教参书')).toMatchObject({ loanable: true, known: false });
  });

  it('takes library overrides', () => {
    const custom = buildVocabulary({ collectionTypes: { 普通外借资料: false, 教参书: true } });
    expect(custom.readCollectionType('普通外借资料')).toMatchObject({ loanable: false, known: true, en: 'non-lending copy' });
    expect(custom.readCollectionType('教参书')).toMatchObject({ loanable: true, known: true });
  });
});

describe('due dates and keys', () => {
  it.each([
    ['2025-07-10', '2025-07-10'], ['2026/12/01', '2026-12-01'], ['2026.12.01', '2026-12-01'], ['2026年12月10日', '2026-12-10'],
    ['应还日期：2025-7-9', '2025-07-09'], ['２０２６／０１／０５', '2026-01-05'],
  ])('%s → %s', (text, iso) => {
    expect(extractDueDate(text)).toBe(iso);
  });

  it('rejects impossible dates and texts without one', () => {
    expect(extractDueDate('2025-02-30')).toBeUndefined();
    expect(extractDueDate('2025-13-01')).toBeUndefined();
    expect(extractDueDate('借出')).toBeUndefined();
  });

  it('builds comparison keys', () => {
    expect(textKey('借出－應還日期：2025-07-10')).toBe('借出-应还日期:2025-07-10');
    expect(textKey(' Checked In. ')).toBe('checkedin');
  });
});

describe('readings are shared', () => {
  it('the same text gives the same frozen reading, which callers cannot change', () => {
    const custom = buildVocabulary({ statuses: { 上架中: 'available' } });
    const first = custom.readStatus('借出-应还日期：2025-07-10');
    expect(custom.readStatus('借出-应还日期：2025-07-10')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { status: string }).status = 'available';
    }).toThrow(TypeError);
    expect(custom.readStatus('借出-应还日期：2025-07-10').status).toBe('on_loan');
    const type = custom.readCollectionType('阅览资料');
    expect(custom.readCollectionType('阅览资料')).toBe(type);
    expect(Object.isFrozen(type)).toBe(true);
  });
});
