/** The records every simulated library in bench/fanout.ts holds: one book list, deterministic. */
import type { MarcRecord } from '../src/records/marc.ts';

export function syntheticCatalogue(count: number): MarcRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    leader: '00000nam a2200000 a 4500',
    fields: [
      { tag: '001', value: `bench${String(i).padStart(6, '0')}` },
      { tag: '008', value: `880101s${1950 + (i % 70)}    enk           000 0 eng d` },
      { tag: '020', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: `97805212${String(43000 + i).padStart(5, '0')}` }] },
      { tag: '100', ind1: '1', ind2: ' ', subfields: [{ code: 'a', value: `Author ${i % 17}, A.` }] },
      { tag: '245', ind1: '1', ind2: '4', subfields: [{ code: 'a', value: `The history of China volume ${i}` }, { code: 'c', value: 'edited by Someone' }] },
      { tag: '260', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'Cambridge' }, { code: 'b', value: 'Cambridge University Press' }, { code: 'c', value: String(1950 + (i % 70)) }] },
      { tag: '650', ind1: ' ', ind2: '0', subfields: [{ code: 'a', value: 'China' }, { code: 'x', value: 'History' }] },
      { tag: '852', ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: 'BENCH' }, { code: 'b', value: '外文书库' }, { code: 'h', value: `K20/${i}` }, { code: 'p', value: `5412210${String(i).padStart(7, '0')}` }, { code: 'z', value: '归还' }, { code: 'x', value: '参考外借资料' }] },
    ],
  }));
}
