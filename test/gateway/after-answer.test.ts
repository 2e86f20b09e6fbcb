import { describe, expect, it } from 'vitest';
import { AfterAnswer } from '../../src/gateway/after-answer.ts';

describe('AfterAnswer', () => {
  it('runs the deferred work in order, once, only when asked', () => {
    const after = new AfterAnswer();
    const ran: string[] = [];
    after.defer(() => ran.push('keep'));
    after.defer(() => ran.push('log'));
    expect(ran).toEqual([]);
    after.run(() => undefined);
    expect(ran).toEqual(['keep', 'log']);
    after.run(() => undefined);
    expect(ran).toEqual(['keep', 'log']);
  });

  it('reports a failing piece and still runs the rest', () => {
    const after = new AfterAnswer();
    const ran: string[] = [];
    const failures: unknown[] = [];
    after.defer(() => {
      throw new Error('store gone');
    });
    after.defer(() => ran.push('log'));
    after.run((error) => failures.push(error));
    expect(ran).toEqual(['log']);
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe('store gone');
  });
});
