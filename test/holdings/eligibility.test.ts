import { describe, expect, it } from 'vitest';
import { buildHolding } from '../../src/holdings/build.ts';
import { illEligibility } from '../../src/holdings/eligibility.ts';
import { HOLDING_STATUSES, type HoldingStatus } from '../../src/holdings/model.ts';
import { testLibrary } from '../helpers/libraries.ts';

const shl = testLibrary('shl', { ill: { lenderCode: '123114', collectionTypes: ['参考外借资料'], branches: ['上海图书馆'] } });
const pku = testLibrary('pku');
const suspended = testLibrary('shl', {
  ill: { collectionTypes: ['参考外借资料'] },
  service: { status: 'suspended', since: '2011-04-14', notice: { zh: '系统升级，暂停馆际互借服务', en: 'system upgrade' } },
});

/** The seed's holdings row (上海图书馆 iPac 2.0 复本/藏书记录). */
const seedRow = {
  branch: '上海图书馆',
  location: '综合阅览室-1楼',
  callNumber: 'K20/C178/v.7/',
  statusText: '归还',
  collectionType: '参考外借资料',
  barcode: '54122100517423',
};

describe('ILL eligibility — the seed rule (归还 and 参考外借资料)', () => {
  it('the seed row is eligible at the Shanghai Library', () => {
    const holding = buildHolding(seedRow, shl);
    expect(holding).toEqual({
      library: 'shl',
      branch: '上海图书馆',
      location: '综合阅览室-1楼',
      callNumber: 'K20/C178/v.7/',
      barcode: '54122100517423',
      statusText: '归还',
      status: 'available',
      collectionType: '参考外借资料',
      loanable: true,
      ill: { eligible: true, reasons: [] },
    });
  });

  it('a copy on loan is not, and says until when', () => {
    const holding = buildHolding({ ...seedRow, statusText: '借出', dueDate: '2025/07/10' }, shl);
    expect(holding.dueDate).toBe('2025-07-10');
    expect(holding.ill).toEqual({
      eligible: false,
      reasons: [{ code: 'on_loan', zh: '状态为"借出"，应还日期 2025-07-10', en: 'on loan until 2025-07-10' }],
    });
  });

  it('a reading-room copy is not lent', () => {
    const holding = buildHolding({ ...seedRow, collectionType: '阅览' }, shl);
    expect(holding.loanable).toBe(false);
    expect(holding.ill?.reasons).toEqual([{ code: 'collection_type', zh: '馆藏类型"阅览"不外借', en: 'reading-room copy ("阅览") is not lent' }]);
  });

  it('a general-lending copy is loanable but outside the Shanghai Library ILL scope', () => {
    const holding = buildHolding({ ...seedRow, collectionType: '普通外借资料' }, shl);
    expect(holding.loanable).toBe(true);
    expect(holding.ill?.reasons).toEqual([
      {
        code: 'not_in_rule',
        zh: '馆藏类型"普通外借资料"不在本馆馆际互借范围（仅限参考外借资料）',
        en: 'collection type "普通外借资料" is outside this library\'s ILL scope (only 参考外借资料)',
      },
    ]);
  });

  it('the same copy is eligible at a library without a type list', () => {
    expect(buildHolding({ ...seedRow, collectionType: '普通外借资料' }, pku).ill).toEqual({ eligible: true, reasons: [] });
  });

  it('accepts the Traditional spelling of the collection type in the rule', () => {
    expect(buildHolding({ ...seedRow, statusText: '歸還', collectionType: '參考外借資料' }, shl).ill?.eligible).toBe(true);
  });

  it('a copy at another branch is out of scope when the rule lists branches', () => {
    const holding = buildHolding({ ...seedRow, branch: '浦东分馆' }, shl);
    expect(holding.ill?.reasons).toEqual([
      { code: 'branch_out_of_scope', zh: '馆址"浦东分馆"不在馆际互借范围（仅限上海图书馆）', en: 'branch "浦东分馆" is outside the ILL scope (only 上海图书馆)' },
    ]);
  });

  it('a suspended lender refuses everything, with its notice', () => {
    const holding = buildHolding(seedRow, suspended);
    expect(holding.ill).toEqual({
      eligible: false,
      reasons: [{ code: 'lender_suspended', zh: '出借馆暂停服务：系统升级，暂停馆际互借服务', en: 'lender suspended: system upgrade' }],
    });
    const noEnglish = testLibrary('ruc', { service: { status: 'suspended', notice: { zh: '暂停服务' } } });
    expect(buildHolding(seedRow, noEnglish).ill?.reasons).toEqual([{ code: 'lender_suspended', zh: '出借馆暂停服务：暂停服务', en: 'lender suspended' }]);
  });

  it('lists every failing condition, not just the first', () => {
    const holding = buildHolding({ ...seedRow, branch: '浦东分馆', statusText: '借出-应还日期：2025-07-10', collectionType: '阅览' }, suspended);
    expect(holding.ill?.reasons.map((r) => r.code)).toEqual(['lender_suspended', 'on_loan', 'collection_type']);
  });

  it('keeps an unknown status text in the reason', () => {
    const holding = buildHolding({ ...seedRow, statusText: '下架待定' }, shl);
    expect(holding.status).toBe('unknown');
    expect(holding.statusText).toBe('下架待定');
    expect(holding.ill?.reasons).toEqual([{ code: 'status_unknown', zh: '无法识别的状态"下架待定"', en: 'unrecognized status "下架待定"' }]);
    expect(buildHolding({ ...seedRow, statusText: '' }, shl).ill?.reasons[0]).toEqual({ code: 'status_unknown', zh: '未提供状态，无法判断能否外借', en: 'no status given; availability unknown' });
  });

  it('has a reason text for every status', () => {
    const texts: Record<HoldingStatus, string> = {
      available: '归还', on_loan: '借出', on_hold: '预约', in_transit: '在途', in_process: '编目中', lost: '丢失',
      missing: 'Missing', damaged: '破损', withdrawn: '剔除', reading_room_only: '仅供阅览', unknown: '？？',
    };
    for (const status of HOLDING_STATUSES) {
      const holding = buildHolding({ ...seedRow, statusText: texts[status] }, shl);
      expect(holding.status).toBe(status);
      if (status === 'available') {
        expect(holding.ill?.eligible).toBe(true);
        continue;
      }
      const [reason] = holding.ill?.reasons ?? [];
      expect(reason?.code).toBe(status === 'unknown' ? 'status_unknown' : status);
      expect(reason?.zh).toContain(texts[status]);
      expect(reason?.en.length).toBeGreaterThan(5);
    }
  });

  it('follows a rule that admits other statuses', () => {
    const lenient = testLibrary('lenient', { ill: { statuses: ['available', 'on_hold'] } });
    expect(buildHolding({ statusText: '预约保留' }, lenient).ill?.eligible).toBe(true);
    const strict = testLibrary('strict', { ill: { statuses: ['on_hold'] } });
    expect(buildHolding({ statusText: '归还' }, strict).ill?.reasons[0]).toEqual({
      code: 'status_not_in_rule',
      zh: '状态"归还"不在本馆馆际互借范围',
      en: 'status "归还" is outside this library\'s ILL rule',
    });
  });

  it('judges a holding built elsewhere (an OPAC adapter) the same way', () => {
    const verdict = illEligibility(
      { status: 'available', statusText: '在架', collectionType: '参考外借资料', loanable: true, branch: '上海图书馆' },
      shl,
    );
    expect(verdict).toEqual({ eligible: true, reasons: [] });
  });

  it('takes a return date in an available status as no due date', () => {
    expect(buildHolding({ statusText: '归还 2025-07-01' }, pku)).not.toHaveProperty('dueDate');
    expect(buildHolding({ statusText: '借出-应还日期：2025-07-10' }, pku).dueDate).toBe('2025-07-10');
  });

  it('uses the library vocabulary overrides for status and type', () => {
    const horizon = testLibrary('hz', { vocabulary: { statuses: { i: 'available' }, collectionTypes: { 研究资料: false } } });
    const holding = buildHolding({ statusText: 'i', collectionType: '研究资料' }, horizon);
    expect(holding).toMatchObject({ status: 'available', loanable: false });
    expect(holding.ill?.reasons).toEqual([{ code: 'collection_type', zh: '馆藏类型"研究资料"不外借', en: 'non-lending copy ("研究资料") is not lent' }]);
  });
});
