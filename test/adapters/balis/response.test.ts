/** The union-catalogue page reader: its limits, each refused with UnionResponseError naming it at 10× the limit. */
import { describe, expect, it } from 'vitest';
import { parseUnionPage, UNION_PAGE_LIMITS, UnionResponseError } from '../../../adapters/balis/response.ts';

const HOLDING = '<holding code="110901" name="北京大学图书馆" callNo="K248.09/4" barcode="0012345678" status="可借" itemType="普通外借资料"/>';
const record = (i: number, holdings = 1) => `<record id="U${i}"><title>万历十五年</title><year>1997</year>${HOLDING.repeat(holdings)}</record>`;
const page = (body: string) => `<?xml version="1.0"?><unionSearch total="1" page="1" pageSize="20"><library code="110901" name="北京大学图书馆" hits="1" state="ok"/>${body}</unionSearch>`;

function refusal(xml: string): string {
  try {
    parseUnionPage(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(UnionResponseError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('union catalogue page limits', () => {
  it('reads a page within the limits', () => {
    const read = parseUnionPage(page(record(1, 2)));
    expect(read.hits).toHaveLength(1);
    expect(read.hits[0]!.holdings).toHaveLength(2);
  });

  it('refuses a page 10× MAX_PAGE_LENGTH', () => {
    expect(refusal(page(' '.repeat(UNION_PAGE_LIMITS.MAX_PAGE_LENGTH * 10)))).toMatch(/MAX_PAGE_LENGTH/);
  });

  it('refuses nesting 10× MAX_PAGE_DEPTH as soon as it is reached', () => {
    const n = UNION_PAGE_LIMITS.MAX_PAGE_DEPTH * 10;
    expect(refusal(page(`${'<x>'.repeat(n)}${'</x>'.repeat(n)}`))).toMatch(/MAX_PAGE_DEPTH/);
    // Far deeper still is refused as fast, never a stack overflow.
    expect(refusal(page(`${'<x>'.repeat(30_000)}${'</x>'.repeat(30_000)}`))).toMatch(/MAX_PAGE_DEPTH/);
  });

  it('refuses 10× MAX_RECORDS, MAX_HOLDINGS and MAX_MEMBERS', () => {
    // The smallest elements, so 10× each count stays under MAX_PAGE_LENGTH.
    const records = '<record id="U"/>'.repeat(UNION_PAGE_LIMITS.MAX_RECORDS * 10);
    expect(refusal(page(records))).toMatch(/MAX_RECORDS/);
    const holdings = '<holding/>'.repeat(UNION_PAGE_LIMITS.MAX_HOLDINGS * 10);
    expect(refusal(page(`<record id="U1"><title>t</title>${holdings}</record>`))).toMatch(/MAX_HOLDINGS/);
    const members = '<library/>'.repeat(UNION_PAGE_LIMITS.MAX_MEMBERS * 10);
    expect(refusal(`<unionSearch total="0" page="1">${members}</unionSearch>`)).toMatch(/MAX_MEMBERS/);
  });
});
