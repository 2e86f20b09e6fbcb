/**
 * Every decoder of outside input, fed mutated fixtures and hostile shapes (fast-check, fixed
 * seed, bounded runs): it answers or refuses with its own typed error, never anything else.
 * `npm run fuzz` runs the same targets for minutes each.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
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
