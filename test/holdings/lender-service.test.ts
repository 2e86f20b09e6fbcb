/** The one rule for a lender's service status: configured status, a followed union's "(暂停服务)" mark only when configured. */
import { describe, expect, it } from 'vitest';
import type { LibraryConfig } from '../../src/config/schema.ts';
import { resolveLenderService, ServiceSnapshot, type UnionMark } from '../../src/holdings/lender-service.ts';
import { verdictFor } from '../../src/holdings/verdicts.ts';
import type { Holding } from '../../src/holdings/model.ts';

const AT = '2026-12-05T08:00:00.000Z';
const READ = '2026-12-05T09:30:00.000Z';
const mark: UnionMark = { union: 'balis-union', suspended: true, notice: { zh: '上海图书馆(暂停服务)', en: 'suspended (union member list)' }, asOf: READ };
const marks = new Map([['shl', mark]]);
const lib = (service: LibraryConfig['service']) => ({ id: 'shl', service });

describe('resolveLenderService', () => {
  it('takes the configured status when the library follows no union, whatever the union shows', () => {
    expect(resolveLenderService(lib({ status: 'active' }), marks, AT)).toEqual({ library: 'shl', status: 'active', source: 'config', asOf: AT });
  });

  it('lets the followed union\'s mark suspend an active library, with the mark\'s source and time', () => {
    expect(resolveLenderService(lib({ status: 'active', followUnion: 'balis-union' }), marks, AT)).toEqual({
      library: 'shl', union: 'balis-union', status: 'suspended', source: 'union', asOf: READ, notice: mark.notice,
    });
  });

  it('ignores a mark from a union the library does not follow, and never re-opens a configured suspension', () => {
    expect(resolveLenderService(lib({ status: 'active', followUnion: 'other-union' }), marks, AT)).toMatchObject({ status: 'active', source: 'config' });
    const suspended = resolveLenderService(lib({ status: 'suspended', notice: { zh: '本馆暂停' }, since: '2026-11-01', followUnion: 'balis-union' }), new Map([['shl', { ...mark, suspended: false }]]), AT);
    expect(suspended).toMatchObject({ status: 'suspended', source: 'config', asOf: AT, since: '2026-11-01', notice: { zh: '本馆暂停' } });
  });

  it('says when the followed union could not be read and the configured status stood', () => {
    expect(resolveLenderService(lib({ status: 'active', followUnion: 'balis-union' }), new Map(), AT, new Set(['balis-union']))).toMatchObject({ status: 'active', source: 'config', unionUnavailable: true });
  });
});

describe('verdictFor', () => {
  const config = {
    id: 'shl', name: { zh: '上海图书馆', en: 'Shanghai Library' }, category: '其他类', adapter: 'ipac', settings: {},
    ill: { lenderCode: '123114', statuses: ['available'], collectionTypes: ['参考外借资料'] }, service: { status: 'active', followUnion: 'balis-union' },
  } as LibraryConfig;
  const copy: Holding = { library: 'shl', barcode: '54122100517423', statusText: '归还', status: 'available', collectionType: '参考外借资料', loanable: true };

  it('judges a copy with the snapshot\'s status and names its source in the reason', () => {
    const suspended = new ServiceSnapshot([resolveLenderService(config, marks, AT)]);
    expect(verdictFor(copy, config, suspended)).toEqual({
      eligible: false,
      reasons: [{ code: 'lender_suspended', zh: '出借馆暂停服务：上海图书馆(暂停服务)', en: 'lender suspended: suspended (union member list)', source: 'union', asOf: READ }],
    });
    expect(verdictFor(copy, config, ServiceSnapshot.configured([config], AT))).toEqual({ eligible: true, reasons: [] });
  });
});
