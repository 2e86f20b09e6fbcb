/** /api/libraries health: a charset mismatch stays visible with the charset used. */
import { describe, expect, it } from 'vitest';
import { LibraryHealth } from '../../src/gateway/health.ts';

describe('library health', () => {
  it('keeps the last charset mismatch a search reported, with the charset used', () => {
    const health = new LibraryHealth();
    health.record({ library: 'kyoto', state: 'ok', hits: 3, fetched: 3, elapsedMs: 40, warnings: [] });
    expect(health.summary('kyoto').charsetMismatch).toBeUndefined();
    health.record({
      library: 'kyoto', state: 'ok', hits: 3, fetched: 3, elapsedMs: 40,
      warnings: [{ source: 'gateway', code: 'charset-mismatch', message: '3 of 3 records were not in the charset they or the configuration declared; decoded as shift_jis', addinfo: 'shift_jis', library: 'kyoto' }],
    });
    expect(health.summary('kyoto')).toMatchObject({ searches: 2, answerRate: 1, charsetMismatch: { used: 'shift_jis', message: expect.stringContaining('3 of 3') } });
  });
});
