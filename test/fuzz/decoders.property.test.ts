/**
 * Every decoder of outside input, fed mutated fixtures and hostile shapes (fast-check, fixed
 * seed, bounded runs): it answers or refuses with its own typed error, never anything else.
 * `npm run fuzz` runs the same targets for minutes each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzTargets } from '../../tools/fuzz/targets.ts';

describe('decoders under property tests', () => {
  for (const target of fuzzTargets()) {
    it(`${target.name}: typed errors only`, () => {
      fc.assert(
        fc.property(target.input, (input) => {
          try {
            target.run(input);
          } catch (error) {
            if (!target.typed(error)) throw error;
          }
        }),
        { numRuns: 60, seed: 20 },
      );
    });
  }
});

describe('Japanese catalogue envelope limits', () => {
  it('refuses nesting 10× past MAX_ENVELOPE_DEPTH and a text 10× past MAX_ENVELOPE_LENGTH with EnvelopeError', async () => {
    const { ENVELOPE_LIMITS, EnvelopeError, parseEnvelope } = await import('../../adapters/jp-catalogue/envelope.ts');
    const n = ENVELOPE_LIMITS.MAX_ENVELOPE_DEPTH * 10;
    expect(() => parseEnvelope(`<jpcat>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</jpcat>`)).toThrow(EnvelopeError);
    expect(() => parseEnvelope(' '.repeat(ENVELOPE_LIMITS.MAX_ENVELOPE_LENGTH * 10))).toThrow(/MAX_ENVELOPE_LENGTH/);
  });
});
