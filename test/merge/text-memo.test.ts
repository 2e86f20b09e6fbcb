import { describe, expect, it } from 'vitest';
import { memoByText } from '../../src/merge/text-memo.ts';

describe('memoByText', () => {
  it('computes each text once while it is remembered', () => {
    const seen: string[] = [];
    const upper = memoByText((text) => {
      seen.push(text);
      return text.toUpperCase();
    });
    expect([upper('ming'), upper('qing'), upper('ming')]).toEqual(['MING', 'QING', 'MING']);
    expect(seen).toEqual(['ming', 'qing']);
  });

  it('starts over past its bound, so memory stays bounded', () => {
    const seen: string[] = [];
    const same = memoByText((text) => {
      seen.push(text);
      return text;
    }, 2);
    same('a');
    same('b');
    same('c'); // over the bound: remembered alone from here
    same('a');
    same('c');
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});
