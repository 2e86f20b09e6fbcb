import { describe, expect, it } from 'vitest';
import { resultSetBudgetBytes } from '../../src/resultsets/heap-budget.ts';

const MiB = 1024 * 1024;

describe('resultSetBudgetBytes', () => {
  it('keeps the configured bound when the heap is large (the default heap of a big machine)', () => {
    expect(resultSetBudgetBytes(64 * MiB, 4096 * MiB)).toBe(64 * MiB);
  });

  it('holds kept sets to a quarter of a bounded heap (the deploy unit’s --max-old-space-size)', () => {
    expect(resultSetBudgetBytes(64 * MiB, 200 * MiB)).toBe(50 * MiB);
  });

  it('reads this process’s own heap limit by default', () => {
    expect(resultSetBudgetBytes(Number.MAX_SAFE_INTEGER)).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(resultSetBudgetBytes(Number.MAX_SAFE_INTEGER)).toBeGreaterThan(0);
  });
});
